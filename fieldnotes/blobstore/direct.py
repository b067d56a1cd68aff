"""Where a new blob file's bytes go: straight to the disk (O_DIRECT) where the system allows it.

Writing a gigabyte through the page cache costs the kernel 0.2 to 1.7 CPU seconds on the
2-core benchmark machine (allocating and dirtying fresh pages, then writing them back; it
varies with what else the cache holds), about as much as sealing it; a direct write hands the
sealed bytes to the disk from our own buffer for ~0.06 CPU seconds (bench/store_profile.py).
It also leaves the page cache to the rest of the laptop: taking in a 2 GiB video no longer
pushes everything else out of memory.

Direct writes want the buffer, the file offset and the length aligned (:data:`ALIGN` covers
the usual 512-byte and 4 KiB sectors). :class:`DirectOut` takes the file's bytes in order into
an aligned staging buffer (the sealer seals straight into it: :meth:`DirectOut.room`) and a
thread of its own writes each whole aligned run directly while the next one fills; the last
partial block goes through the page cache at :meth:`DirectOut.finish`, so a small blob never
starts that thread or waits for a direct write. Where the system or
the filesystem says no (no O_DIRECT on macOS or Windows, some FUSE mounts, a disk that wants
another alignment), the file is written the ordinary way (:class:`FileOut`): only speed
differs. Durability does not change: the caller's fsync still comes after.
"""

from __future__ import annotations

import errno
import mmap
import os
import queue

from fieldnotes.blobstore.sealing import FileOut, write_all
from fieldnotes.offload import Offload

ALIGN = 4096
STAGE = 2 << 20  # the staging buffer: a sealed 1 MiB piece (16 chunks and their tags) fits
FLUSH_AT = 1 << 20  # hand over to the writing thread once this much is staged
BUFFERS = 3  # one being filled, up to two being written


def open_out(fd: int) -> DirectOut | FileOut:
    """A :class:`DirectOut` for ``fd`` (a new, empty file open for writing), or a
    :class:`FileOut` where direct writes cannot be had."""
    flag = getattr(os, "O_DIRECT", 0)
    if not flag:
        return FileOut(fd)
    try:
        _set_direct(fd, True)
    except OSError:
        return FileOut(fd)
    return DirectOut(fd)


def _set_direct(fd: int, on: bool) -> None:
    import fcntl  # POSIX only; O_DIRECT exists only where it does

    flags = fcntl.fcntl(fd, fcntl.F_GETFL)
    flags = flags | os.O_DIRECT if on else flags & ~os.O_DIRECT
    fcntl.fcntl(fd, fcntl.F_SETFL, flags)


class DirectOut:
    """A new file written in order from offset 0 (see module). Same interface as
    :class:`FileOut`: ``pwrite(buffers, offset)`` (``offset`` must be where the last one
    ended) and ``finish(length)``; ``close()`` stops the writing thread and frees the buffers.

    The caller's thread fills one staging buffer while a thread of our own writes the ones
    before it (a direct write waits for the disk; sealing need not wait with it)."""

    def __init__(self, fd: int):
        self.fd = fd
        self.direct = True
        self.direct_bytes = 0  # written around the page cache (the rest went through it)
        self._free: queue.SimpleQueue = queue.SimpleQueue()
        self._made = 1
        self._stage = mmap.mmap(-1, STAGE)  # page-aligned, as direct writes want
        self._base = 0  # the file offset of the staging buffer's first byte (aligned)
        self._fill = 0
        self._room: memoryview | None = None
        self._writer: Offload | None = None  # started by the first run to write

    @property
    def end(self) -> int:
        return self._base + self._fill

    def room(self, n: int) -> memoryview | None:
        """The next ``n`` bytes of the staging buffer, for the sealer to seal straight into
        (no copy); the ``pwrite`` of that same view then only counts them. None if ``n``
        bytes do not fit."""
        if self._fill + n > STAGE:
            self._hand_over()
        if self._fill + n > STAGE:
            return None
        self._room = memoryview(self._stage)[self._fill:self._fill + n]
        return self._room

    def pwrite(self, buffers, offset: int) -> int:
        if offset != self.end:
            raise ValueError(f"DirectOut writes in order: {offset} after {self.end}")
        room, self._room = self._room, None
        if room is not None and len(buffers) == 1 and buffers[0] is room:
            self._fill += len(room)  # sealed in place (see room)
            room.release()
            buffers = ()
        for buffer in buffers:
            data = memoryview(buffer).cast("B")
            while data:
                take = min(len(data), STAGE - self._fill)
                self._stage[self._fill:self._fill + take] = data[:take]
                self._fill += take
                data = data[take:]
                if self._fill == STAGE:
                    self._hand_over()
        if self._fill >= FLUSH_AT:
            self._hand_over()
        return self.end

    def finish(self, length: int) -> None:
        """Wait for the writes under way, write what is staged (the partial block, through
        the page cache) and cut the file at ``length``."""
        self._stop(failed=False)
        if self.direct:
            self._buffered()
        write_all(self.fd, [memoryview(self._stage)[:self._fill]], self._base)
        self._base, self._fill = self._base + self._fill, 0
        os.ftruncate(self.fd, length)

    def close(self) -> None:
        self._stop(failed=True)

    def _stop(self, failed: bool) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.__exit__(RuntimeError if failed else None, None, None)

    def _hand_over(self) -> None:
        """Queue the whole aligned blocks staged for the writing thread; carry the rest (less
        than one block) over to the next buffer."""
        whole = self._fill - self._fill % ALIGN
        if not whole:
            return
        if self._writer is None:
            self._writer = Offload(self._write_out, BUFFERS, "blob-direct").__enter__()
        nxt = self._next_buffer()
        rest = self._fill - whole
        nxt[:rest] = self._stage[whole:self._fill]
        self._writer.put((self._stage, whole, self._base))
        self._stage, self._base, self._fill = nxt, self._base + whole, rest

    def _next_buffer(self) -> mmap.mmap:
        if self._made < BUFFERS:
            self._made += 1
            return mmap.mmap(-1, STAGE)
        while True:
            try:
                return self._free.get(timeout=0.1)
            except queue.Empty:
                if self._writer.error is not None:
                    raise self._writer.error from None

    def _write_out(self, job) -> None:
        """On the writing thread: one staged run, direct if the disk lets us."""
        stage, n, offset = job
        data = memoryview(stage)[:n]
        try:
            while data:
                try:
                    done = os.pwrite(self.fd, data, offset)
                except OSError as exc:
                    if exc.errno != errno.EINVAL or not self.direct:
                        raise
                    self._buffered()  # this disk wants another alignment: the ordinary way
                    continue
                data, offset = data[done:], offset + done
                if self.direct:
                    self.direct_bytes += done
                if data and self.direct:
                    self._buffered()  # a short direct write leaves the offset unaligned
        finally:
            data.release()
            self._free.put(stage)

    def _buffered(self) -> None:
        _set_direct(self.fd, False)
        self.direct = False

