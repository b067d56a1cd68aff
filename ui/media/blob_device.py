"""A random-access QIODevice over a stored attachment, for Qt's media and PDF readers.

``QMediaPlayer.setSourceDevice``, ``QAudioDecoder.setSourceDevice`` and ``QPdfDocument.load``
read through it: each ``readData`` asks the store's reader (anything with ``size``, ``seek``
and ``read`` — :class:`fieldnotes.blobstore.BlobFile` opens and authenticates only the chunks
that cover the bytes asked for) for just those bytes. No temporary file, no copy of the whole
attachment: memory stays at what the reader keeps (a chunk or two) whatever the file's size.

Qt's FFmpeg backend reads on a thread of its own, so reads are serialised by a lock, and the
reader should sit on a connection of its own (``owner`` is closed with the device).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QIODevice

from fieldnotes.blobstore import BlobFile
from fieldnotes.errors import FieldnotesError


class BlobDevice(QIODevice):
    def __init__(self, reader, owner=None, parent=None):
        super().__init__(parent)
        self._reader = reader
        self._owner = owner
        self._lock = threading.Lock()
        self._size = int(reader.size)
        self.error_text = ""
        self.bytes_read = 0  # what the reader was asked for: a player reads a little of a lot
        self.open(QIODevice.OpenModeFlag.ReadOnly)

    def isSequential(self) -> bool:  # noqa: N802
        return False

    def size(self) -> int:
        return self._size

    def bytesAvailable(self) -> int:  # noqa: N802
        return max(0, self._size - self.pos()) + super().bytesAvailable()

    def readData(self, maxlen: int):  # noqa: N802
        pos = self.pos()
        if pos >= self._size or maxlen <= 0:
            return b""
        with self._lock:
            if self._reader is None:  # closed while the backend's thread still asked
                return None
            try:
                self._reader.seek(pos)
                data = self._reader.read(min(maxlen, self._size - pos))
                self.bytes_read += len(data)
                return data
            except FieldnotesError as exc:  # damaged: the reader names it; Qt sees an error
                self.error_text = exc.message
                self.setErrorString(exc.message)
                return None

    def writeData(self, data) -> int:  # noqa: N802
        return -1

    def close(self) -> None:
        super().close()
        with self._lock:
            for thing in (self._reader, self._owner):
                closer = getattr(thing, "close", None)
                if closer is not None:
                    closer()
            self._reader = self._owner = None


class _Released:
    """Hands a worker-style connection back to the vault when the device closes."""

    def __init__(self, vault, conn):
        self.vault, self.conn = vault, conn

    def close(self) -> None:
        if self.conn is not None:
            self.vault.release(self.conn)
            self.conn = None


def open_device(vault, sha256: str, parent=None) -> BlobDevice:
    """A BlobDevice over a stored attachment, on a connection of its own."""
    conn = vault.connect()
    try:
        reader = BlobFile(conn, sha256)
    except BaseException:
        vault.release(conn)
        raise
    return BlobDevice(reader, _Released(vault, conn), parent)
