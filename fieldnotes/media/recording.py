"""Recording an interview straight into the attachment store, as it is captured (no Qt).

The capture side (the app's audio device, or a test's synthetic source) calls ``feed`` with
PCM bytes as they arrive; a writer thread of its own appends them to a *sink* — the store's
append API, :class:`fieldnotes.blobstore.Appender`, opened on that thread's own connection —
behind a 44-byte streaming WAV header (:mod:`fieldnotes.media.wav`). Nothing is kept in memory
but what the writer has not yet appended (bounded: ``QUEUE_SECONDS`` of audio; a disk that
cannot keep up fails the recording with a sentence, it never grows the process), and nothing
ever reaches a plaintext file.

Every ``SYNC_SECONDS`` of audio (and at each pause) the sink is asked to make everything so far
durable, with the markers dropped so far, so a crash or power cut loses at most the last few
seconds: the next unlock finalises the recording up to its last durable chunk.

``stop`` appends what is queued, closes the stream and adds the attachment record with its
SHA-256, duration, format and markers (label and position in milliseconds).

A sink is anything with ``append(bytes)``, ``sync(extra: dict)``, ``finish(extra: dict)``
(returning an object with ``id``, ``sha256`` and ``size``), ``abort()`` and ``close()``.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from fieldnotes import guard, userfiles
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from fieldnotes.media import wav

SYNC_SECONDS = 2.0
QUEUE_SECONDS = 60
MIME = "audio/wav"
_STOP, _SYNC = object(), object()


@dataclass(frozen=True)
class Marker:
    at_ms: int
    label: str

    def as_dict(self) -> dict:
        return {"at_ms": self.at_ms, "label": self.label}


def markers_of(data: dict) -> list[Marker]:
    """The markers kept with a recording's attachment record, in time order."""
    found = [Marker(int(m["at_ms"]), str(m.get("label", "")))
             for m in data.get("markers", ()) if isinstance(m, dict) and "at_ms" in m]
    return sorted(found, key=lambda m: m.at_ms)


class Recording:
    """One recording in progress (see module). ``open_sink`` is called on the writer thread."""

    def __init__(self, open_sink: Callable[[], object], fmt: wav.PcmFormat | None = None,
                 sync_seconds: float = SYNC_SECONDS):
        self.format = fmt or wav.PcmFormat()
        self._open_sink = open_sink
        self._sync_bytes = max(self.format.frame_bytes,
                               int(sync_seconds * self.format.byte_rate))
        self._queue: queue.Queue = queue.Queue()
        self._limit = QUEUE_SECONDS * self.format.byte_rate
        self._queued = 0
        self._lock = threading.Lock()
        self._fed = 0
        self.markers: list[Marker] = []
        self.durable_bytes = 0  # audio bytes the sink has made durable
        self.error: str | None = None
        self.result = None
        self._thread = threading.Thread(target=self._run, name="recording-writer", daemon=True)
        self._started = False

    # -- capture side ---------------------------------------------------------------------------

    def start(self) -> None:
        self._started = True
        self._thread.start()

    def feed(self, data: bytes) -> None:
        """PCM bytes from the device, in the recording's format."""
        if not data:
            return
        if self.error:
            raise FieldnotesError(self.error)
        with self._lock:
            if self._queued + len(data) > self._limit:
                self.error = _("The recording stopped: the disk could not keep up.")
                raise FieldnotesError(self.error)
            self._queued += len(data)
            self._fed += len(data)
        self._queue.put(bytes(data))

    @property
    def backlog(self) -> float:
        """Seconds of audio fed but not yet appended by the writer. A device feeds in real time
        and never comes near ``QUEUE_SECONDS``; a source faster than that (the demo, a test)
        waits while this is large."""
        with self._lock:
            return self.format.seconds(self._queued)

    @property
    def elapsed(self) -> float:
        """Seconds of audio captured so far."""
        return self.format.seconds(self._fed)

    def mark(self, label: str) -> Marker:
        """A marker at the current position; it is made durable with the next sync."""
        marker = Marker(int(self.elapsed * 1000), label.strip())
        self.markers.append(marker)
        return marker

    def sync(self) -> None:
        """Ask the writer to make everything so far durable now (at a pause)."""
        self._queue.put(_SYNC)

    def stop(self):
        """Finish: everything queued is appended and the attachment recorded. Returns what the
        sink's ``finish`` returned; raises FieldnotesError if the recording failed."""
        self._queue.put(_STOP)
        self._thread.join()
        if self.error:
            raise FieldnotesError(self.error)
        return self.result

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the writer thread to end (after ``stop``, ``abort`` or a failure)."""
        if self._started:
            self._thread.join(timeout)

    def abort(self) -> None:
        """Throw the recording away (nothing is kept)."""
        self._aborting = True
        self._queue.put(_STOP)
        if self._started:
            self._thread.join()

    # -- writer thread --------------------------------------------------------------------------

    _aborting = False

    def _extra(self, size: int) -> dict:
        return {"duration": round(wav.duration(self.format, size), 3),
                "audio": {"codec": "pcm_s16le", "container": "wav",
                          "sample_rate": self.format.sample_rate,
                          "channels": self.format.channels},
                "markers": [m.as_dict() for m in list(self.markers)],
                "recorded": True}

    def _run(self) -> None:
        sink = None
        try:
            sink = self._open_sink()
            sink.append(wav.header(self.format))
            size, since_sync = wav.HEADER_SIZE, 0
            while True:
                item = self._queue.get()
                if item is _STOP:
                    break
                if item is _SYNC:
                    self.durable_bytes = max(0, sink.sync(self._extra(size)) - wav.HEADER_SIZE)
                    since_sync = 0
                    continue
                with self._lock:
                    self._queued -= len(item)
                sink.append(item)
                size += len(item)
                since_sync += len(item)
                if since_sync >= self._sync_bytes:
                    self.durable_bytes = max(0, sink.sync(self._extra(size)) - wav.HEADER_SIZE)
                    since_sync = 0
            if self._aborting:
                sink.abort()
            else:
                self.result = sink.finish(self._extra(size))
        except FieldnotesError as exc:
            self.error = exc.message
        except OSError as exc:
            self.error = _write_failure(exc)
        except Exception as exc:  # noqa: BLE001 — a database failure: never die silently
            shown = guard.translate(exc, None)
            self.error = shown.message if isinstance(shown, FieldnotesError) else _(
                "The recording could not be written (the system said {reason}). What was "
                "recorded up to the last save point is kept.").format(reason=type(exc).__name__)
        finally:
            if sink is not None and self.result is None and not self._aborting:
                sink.close()  # what is durable is recovered at the next unlock


def _write_failure(exc: OSError) -> str:
    """The sentence for a recording the disk stopped taking, in the reader's language (never
    the system's English): what is durable is kept and recovered at the next unlock."""
    if guard.is_full(exc):
        return _("The disk is full, so the recording stopped. What was recorded up to the last "
                 "save point is kept.")
    return _("The recording could not be written (the system said {reason}). What was recorded "
             "up to the last save point is kept.").format(
                 reason=userfiles.system_reason(exc))
