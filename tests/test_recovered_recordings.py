"""A recording a crash interrupted is finalised at the next unlock, and the person is told:
how much was kept and in which testimony, or that nothing of it could be kept."""

from __future__ import annotations

from fieldnotes import i18n, recovered_recordings
from fieldnotes.blobstore import Appender
from fieldnotes.media import wav
from fieldnotes.media.sink import _fields
from fieldnotes.records.store import Store
from fieldnotes.vault import Vault
from tests.conftest import PASS

RATE = 8000


def interrupted(vault, seconds: float | None) -> tuple:
    """A vault left as a crash leaves it: a recording of ``seconds`` synced (None: nothing
    written) and never finished. Returns (path, testimony id)."""
    s = Store(vault.conn, vault.fingerprint)
    case = s.create("case", {"title": "Lhasa detentions"})
    tid = s.create("testimony", {"title": "Testimony of W-07", "text": "t", "consent": {"scope": "internal", "method": "oral_recorded"}},
                   case)
    rec = Appender(s, case, "interview.wav", record_id=tid)
    if seconds is not None:
        fmt = wav.PcmFormat(RATE, 1)
        rec.append(wav.header(fmt) + bytes(int(seconds * fmt.byte_rate)))
        rec.sync(_fields({"duration": seconds, "audio": {"sample_rate": RATE, "channels": 1}}))
    rec.close()  # the process "dies": the file is let go without finishing
    path = vault.path
    vault.close()
    return path, tid


def test_a_kept_recording_is_said_with_its_length_and_testimony(vault):
    path, tid = interrupted(vault, 192)
    with Vault.open(path, PASS) as again:
        [outcome] = again.recovered
        assert outcome["attachment"] and outcome["pending"]["record_id"] == tid
        assert recovered_recordings.sentences(again) == [
            "A recording interrupted when Fieldnotes stopped was kept: 3 min 12 s, in "
            "“Testimony of W-07”."]
        i18n.set_language("zh_CN")
        try:
            [zh] = recovered_recordings.sentences(again)
        finally:
            i18n.set_language("en")
        assert "3 分 12 秒" in zh and "Testimony of W-07" in zh and "Fieldnotes" in zh
    with Vault.open(path, PASS) as third:  # told once: the next unlock has nothing to say
        assert recovered_recordings.sentences(third) == []


def test_a_lost_recording_is_said_to_be_lost(vault):
    path, _tid = interrupted(vault, None)
    with Vault.open(path, PASS) as again:
        [outcome] = again.recovered
        assert outcome["attachment"] is None and outcome["kept_bytes"] == 0
        [line] = recovered_recordings.sentences(again)
        assert "could not be kept" in line and "Testimony of W-07" in line


def test_lengths_read_as_a_person_says_them():
    assert recovered_recordings.length(45.9) == "45 s"
    assert recovered_recordings.length(192) == "3 min 12 s"
    assert recovered_recordings.length(3840) == "1 h 4 min"
