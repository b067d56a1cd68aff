"""kill -9 in the middle of an interview: after the next unlock the recording is in the vault,
attached to its testimony, holding at least everything that was durable when the process died
— sample for sample what the microphone gave — with the markers dropped before the last
durable point, and the audit log says it was recovered."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import wave
from pathlib import Path

from fieldnotes import attachments, audit
from fieldnotes.media import wav
from fieldnotes.records.store import Store
from fieldnotes.vault import Vault
from tests.conftest import PASS
from tests.media.synth import tone

ROOT = Path(__file__).resolve().parents[2]
RATE = 16000

INTERVIEW = textwrap.dedent("""
    import sys, time
    from fieldnotes.media import recording, wav
    from fieldnotes.media.sink import store_sink
    from fieldnotes.records.store import Store
    from fieldnotes.vault import Vault
    from tests.media.synth import tone
    vault = Vault.open(sys.argv[1], sys.argv[2])
    s = Store(vault.conn, vault.fingerprint)
    case = s.list("case")[0]["id"]
    testimony = s.list("testimony", case)[0]["id"]
    rec = recording.Recording(store_sink(vault, case, testimony, "interview.wav"),
                              wav.PcmFormat({rate}, 1), sync_seconds=0.5)
    rec.start()
    second = 0
    while True:  # ten times faster than a person speaks; never stops by itself
        rec.feed(tone(0.1, {rate}, start=second * {step}))
        second += 1
        if second == 7:
            rec.mark("consent given")
        print("D", rec.durable_bytes, flush=True)
        time.sleep(0.01)
""").format(rate=RATE, step=RATE // 10)


def test_a_killed_recording_is_finalised_up_to_its_last_durable_point(make_vault, tmp_path):
    vault, _ = make_vault("researcher")
    store = Store(vault.conn, vault.fingerprint)
    case = store.create("case", {"title": "709"})
    testimony = store.create("testimony", {"text": "…", "consent": {"scope": "internal"}}, case)
    path = vault.path
    vault.close()

    proc = subprocess.Popen([sys.executable, "-c", INTERVIEW, str(path), PASS], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    durable = 0
    for line in proc.stdout:
        durable = int(line.split()[1])
        if durable >= 3 * RATE * 2:  # three seconds of audio made durable
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert durable >= 3 * RATE * 2

    vault = Vault.open(path, PASS)  # the unlock finalises the recording
    try:
        store = Store(vault.conn, vault.fingerprint)
        found = [r for r in store.list("attachment", case)
                 if r["data"].get("record_id") == testimony]
        assert len(found) == 1
        data = found[0]["data"]
        assert data["filename"] == "interview.wav" and data["mime"] == "audio/wav"
        stored = attachments.read_all(vault.conn, data["sha256"])
        assert len(stored) == data["size"] >= wav.HEADER_SIZE + durable
        with wave.open(io.BytesIO(stored)) as w:
            got = w.readframes(10**9)
        heard = b"".join(tone(0.1, RATE, start=i * RATE // 10)
                         for i in range(len(got) // (RATE // 5) + 1))
        assert got == heard[:len(got)]  # every sample kept is the one heard, in order
        assert data["markers"] == [{"at_ms": 700, "label": "consent given"}]
        assert data["duration_ms"] >= 2500  # as of the last durable point
        actions = [e["action"] for e in audit.entries(vault.conn)]
        assert "attachment.recovered" in actions
    finally:
        vault.close()
