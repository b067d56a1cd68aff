"""The recording's sink in the vault: the attachment store's append API on a connection of
the writer thread's own.

:func:`store_sink` returns what :class:`fieldnotes.media.recording.Recording` calls on its
writer thread to open the sink: a new connection, an :class:`fieldnotes.blobstore.Appender`
for the attachment the recording becomes (attached to the testimony), and at each durable
point the recording's facts so far (duration, markers) so a recording finalised after a crash
keeps them too.
"""

from __future__ import annotations

from fieldnotes.blobstore import Appender
from fieldnotes.media.recording import MIME
from fieldnotes.records.store import Store


class StoreSink:
    def __init__(self, vault, case_id: str, record_id: str | None, filename: str,
                 description: str = ""):
        self.vault = vault
        self.conn = vault.connect()
        try:
            self.appender = Appender(Store(self.conn, vault.fingerprint), case_id, filename,
                                     MIME, record_id=record_id, description=description)
        except BaseException:
            vault.release(self.conn)
            raise

    @property
    def blob_id(self) -> int:
        return self.appender.blob_id

    def append(self, data) -> None:
        self.appender.append(data)

    def sync(self, extra: dict) -> int:
        return self.appender.sync(extra=_fields(extra))

    def finish(self, extra: dict):
        try:
            return self.appender.finish(extra=_fields(extra))
        finally:
            self._release()

    def abort(self) -> None:
        try:
            self.appender.abort()
        finally:
            self._release()

    def close(self) -> None:
        try:
            self.appender.close()
        finally:
            self._release()

    def _release(self) -> None:
        if self.conn is not None:
            self.vault.release(self.conn)
            self.conn = None


def _fields(extra: dict) -> dict:
    """The recording's facts as attachment record fields."""
    audio = extra.get("audio", {})
    return {"duration_ms": int(extra["duration"] * 1000), "markers": extra.get("markers", []),
            "metadata": {"duration_ms": int(extra["duration"] * 1000),
                         "sample_rate": audio.get("sample_rate", 0),
                         "channels": audio.get("channels", 0), "codec": "pcm",
                         "recorded_in": "Fieldnotes"}}


def store_sink(vault, case_id: str, record_id: str | None, filename: str):
    """The opener a Recording takes (called on its writer thread)."""
    return lambda: StoreSink(vault, case_id, record_id, filename)
