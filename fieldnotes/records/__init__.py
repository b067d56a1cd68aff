"""Records: the model and vocabularies, revisions, and the store."""
