"""Evidence media in the core (no Qt): recordings written as they are captured
(:mod:`.recording`, in the streaming WAV of :mod:`.wav`), metadata read at intake
(:mod:`.metadata`) and working copies with identifying metadata stripped (:mod:`.strip`)."""
