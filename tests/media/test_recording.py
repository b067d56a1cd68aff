"""The recording pipeline without Qt: bytes fed as a device delivers them reach the sink in
order, behind a streaming WAV header any reader opens, with durable points every few seconds."""

from __future__ import annotations

import io
import wave

import pytest

from fieldnotes.errors import FieldnotesError
from fieldnotes.media import recording, wav
from tests.media.synth import MemorySink, tone


def _record(pcm: bytes, fmt: wav.PcmFormat, piece: int = 3841, **kw):
    sink = MemorySink()
    rec = recording.Recording(lambda: sink, fmt, **kw)
    rec.start()
    for i in range(0, len(pcm), piece):  # ragged pieces, as readyRead delivers them
        rec.feed(pcm[i:i + piece])
        if i == piece * 10:
            rec.mark("consent given")
    result = rec.stop()
    return sink, rec, result


def test_samples_arrive_exactly_and_any_wav_reader_opens_them():
    fmt = wav.PcmFormat(16000, 1)
    pcm = tone(3.0, 16000)
    sink, rec, result = _record(pcm, fmt)
    data = sink.buf.getvalue()
    assert data[:4] == b"RIFF" and len(data) == wav.HEADER_SIZE + len(pcm)
    with wave.open(io.BytesIO(data)) as w:  # the stdlib reader: lengths "to the end"
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (16000, 1, 2)
        assert w.readframes(10**9) == pcm
    assert result.size == len(data)
    assert sink.finished["duration"] == 3.0
    assert sink.finished["markers"] == [{"at_ms": 1320, "label": "consent given"}]  # 11 pieces in
    assert sink.finished["audio"]["sample_rate"] == 16000


def test_durable_points_come_every_sync_interval_with_the_markers():
    fmt = wav.PcmFormat(8000, 1)
    pcm = tone(5.0, 8000)
    sink, rec, _ = _record(pcm, fmt, sync_seconds=1.0)
    points = [e["duration"] for e in sink.extras]
    assert len(points) == 4 and points == sorted(points)  # the end itself is the finish
    gaps = [b - a for a, b in zip([0.0] + points, points, strict=False)]
    assert all(1.0 <= g <= 1.0 + 3841 / 16000 for g in gaps)
    assert sink.extras[-1]["markers"][0]["label"] == "consent given"


def test_parse_header_reads_our_header_and_one_with_extra_chunks():
    fmt = wav.PcmFormat(44100, 2)
    assert wav.parse_header(wav.header(fmt)) == (fmt, 44)
    data = io.BytesIO()
    with wave.open(data, "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(22050)
        w.writeframes(tone(0.1, 22050))
    assert wav.parse_header(data.getvalue()[:64])[0] == wav.PcmFormat(22050, 1)
    with pytest.raises(FieldnotesError):
        wav.parse_header(b"OggS" + bytes(60))


@pytest.mark.parametrize("code,said", [(28, "The disk is full, so the recording stopped"),
                                        (5, "the system said EIO")])
def test_a_writer_that_fails_stops_the_recording_with_a_sentence(code, said):
    class Failing(MemorySink):
        def append(self, data):
            if self.buf.tell() > 1000:
                raise OSError(code, "the system's own English")
            super().append(data)

    sink = Failing()
    rec = recording.Recording(lambda: sink, wav.PcmFormat(8000, 1))
    rec.start()
    rec.feed(tone(1.0, 8000))
    rec.feed(tone(1.0, 8000))
    with pytest.raises(FieldnotesError, match=said) as caught:
        rec.stop()
    assert "English" not in caught.value.message and "last save point is kept" in caught.value.message
    assert sink.closed and sink.finished is None


def test_abort_keeps_nothing():
    sink = MemorySink()
    rec = recording.Recording(lambda: sink, wav.PcmFormat(8000, 1))
    rec.start()
    rec.feed(tone(0.5, 8000))
    rec.abort()
    assert sink.aborted and sink.finished is None


def test_backlog_counts_what_the_writer_has_not_appended_yet():
    """A source faster than real time (the demo) waits on ``backlog``; it once fed 64 s before
    a slow-opening writer took any and hit the 60 s queue limit."""
    import threading

    opened, sink = threading.Event(), MemorySink()

    def slow_open():
        opened.wait(10)
        return sink

    rec = recording.Recording(slow_open, wav.PcmFormat(8000, 1))
    rec.start()
    rec.feed(tone(2.0, 8000))
    assert rec.backlog == 2.0
    opened.set()
    rec.stop()
    assert rec.backlog == 0 and sink.finished is not None


def test_a_database_failure_in_the_writer_is_a_sentence_not_a_dead_thread():
    import sqlcipher3

    class Locked(MemorySink):
        def sync(self, extra):
            raise sqlcipher3.OperationalError("database is locked")

    sink = Locked()
    rec = recording.Recording(lambda: sink, wav.PcmFormat(8000, 1), sync_seconds=0.5)
    rec.start()
    rec.feed(tone(1.0, 8000))
    with pytest.raises(FieldnotesError, match="the system said OperationalError") as caught:
        rec.stop()
    assert "locked" not in caught.value.message and sink.closed and sink.finished is None
