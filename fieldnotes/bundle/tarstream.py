"""Just enough POSIX ustar to write a bundle and to read one without trusting it.

Writing: :func:`header` makes one ustar header for a regular file (long paths are split into
the ustar prefix field, as ``tar --format=ustar`` does), :func:`padding` the zero fill after
its data, :func:`end_of_archive` the two zero blocks and the fill to a 10 KiB tar record.

Reading: :class:`TarReader` pulls from a binary stream and accepts only what our writer makes:
ustar headers ("ustar\\0" "00") with a correct checksum, regular files (type "0"), ASCII names
without ``..``, absolute paths or empty parts, octal sizes, zero padding, and after the end of
the archive nothing but zeros up to the tar record. Everything else — pax or GNU extension
headers, links, devices, directories, base-256 sizes, trailing data — is refused with a
sentence saying so. It never seeks and holds at most one buffer of input.
"""

from __future__ import annotations

from fieldnotes.errors import BundleRejected
from fieldnotes.i18n import N_, _

BLOCK = 512
RECORD = 20 * BLOCK
_MAGIC = b"ustar\x0000"
_READ_SIZE = 1 << 20

_TYPE_SENTENCES = {
    b"1": N_("The bundle contains a link, which is not allowed."),
    b"2": N_("The bundle contains a link, which is not allowed."),
    b"3": N_("The bundle contains a device file, which is not allowed."),
    b"4": N_("The bundle contains a device file, which is not allowed."),
    b"5": N_("The bundle contains a folder entry, which is not allowed."),
    b"6": N_("The bundle contains a pipe, which is not allowed."),
    b"x": N_("The bundle uses pax extended headers, which are not allowed."),
    b"g": N_("The bundle uses pax extended headers, which are not allowed."),
    b"L": N_("The bundle uses GNU long-name headers, which are not allowed."),
    b"K": N_("The bundle uses GNU long-name headers, which are not allowed."),
}


def _octal(value: int, width: int) -> bytes:
    return b"%0*o\x00" % (width - 1, value)


def header(path: str, size: int, mtime: int, mode: int = 0o644) -> bytes:
    """One ustar header block for a regular file."""
    raw = path.encode("ascii")
    if len(raw) <= 100:
        prefix, name = b"", raw
    else:
        cut = raw.rfind(b"/", 0, 156)
        prefix, name = raw[:cut], raw[cut + 1:]
        if cut <= 0 or len(name) > 100:
            raise ValueError("path too long for ustar")
    if size >= 8 ** 11:
        raise ValueError("file too large for ustar")
    block = bytearray(BLOCK)
    block[0:len(name)] = name
    block[100:108] = _octal(mode, 8)
    block[108:116] = _octal(0, 8)
    block[116:124] = _octal(0, 8)
    block[124:136] = _octal(size, 12)
    block[136:148] = _octal(mtime, 12)
    block[148:156] = b" " * 8
    block[156:157] = b"0"
    block[257:265] = _MAGIC
    block[345:345 + len(prefix)] = prefix
    block[148:155] = b"%06o\x00" % sum(block)
    return bytes(block)


def padding(size: int) -> bytes:
    return b"\x00" * (-size % BLOCK)


def end_of_archive(written: int) -> bytes:
    """Two zero blocks, then zeros up to a whole tar record, given the bytes written so far."""
    total = written + 2 * BLOCK
    return b"\x00" * (2 * BLOCK + (-total % RECORD))


def _number(field: bytes) -> int:
    text = field.rstrip(b"\x00 ")
    if not text or text[0] & 0x80 or not all(0x30 <= c <= 0x37 for c in text):
        raise BundleRejected(_("The bundle's archive has a malformed header."))
    return int(text, 8)


def _string(field: bytes) -> str:
    raw = field.split(b"\x00", 1)[0]
    if not raw.isascii():
        raise BundleRejected(_("The bundle contains a file name that is not plain ASCII."))
    return raw.decode("ascii")


def check_path(path: str) -> None:
    """Refuse paths that could escape the bundle's folder."""
    if path.startswith("/") or path.startswith("\\") or (len(path) > 1 and path[1] == ":"):
        raise BundleRejected(_("The bundle contains an absolute path, which is not allowed."))
    parts = path.replace("\\", "/").split("/")
    if ".." in parts:
        raise BundleRejected(_("The bundle contains a path with “..”, which is not allowed."))
    if any(p in ("", ".") for p in parts) or any(ord(c) < 32 for c in path):
        raise BundleRejected(_("The bundle contains a malformed file name."))


class TarReader:
    """Read members one by one: ``next()`` gives (path, size) or None at the end of the archive;
    ``read(n)`` gives up to n bytes of the current member; ``finish()`` checks the end."""

    def __init__(self, stream):
        self._stream = stream
        self._buf = bytearray()
        self._pos = 0
        self._left = 0          # data bytes of the current member not yet read
        self._pad = 0           # padding after it
        self.consumed = 0       # archive bytes taken so far

    # -- input --------------------------------------------------------------------------

    def _fill(self, want: int) -> bool:
        """Make at least ``want`` bytes available unless the stream ends first."""
        while len(self._buf) - self._pos < want:
            if self._pos:
                del self._buf[:self._pos]
                self._pos = 0
            chunk = self._stream.read(max(_READ_SIZE, want))
            if not chunk:
                return False
            self._buf += chunk
        return True

    def _take(self, n: int) -> memoryview:
        if not self._fill(n):
            raise BundleRejected(_("The bundle is incomplete: its archive ends too early."))
        view = memoryview(self._buf)[self._pos:self._pos + n]
        self._pos += n
        self.consumed += n
        return view

    # -- members ------------------------------------------------------------------------

    def next(self) -> tuple[str, int] | None:
        if self._left:
            raise AssertionError("the previous member was not read to its end")
        if self._pad:
            pad = self._take(self._pad)
            if any(pad):
                raise BundleRejected(_("The bundle's archive has data between its files."))
            pad.release()
            self._pad = 0
        view = self._take(BLOCK)
        block = bytes(view)
        view.release()
        if not any(block):
            return None
        stored = _number(block[148:156])
        if stored != sum(block[:148]) + 8 * 32 + sum(block[156:]):
            raise BundleRejected(_("The bundle's archive has a damaged header."))
        kind = block[156:157]
        if kind != b"0":
            raise BundleRejected(_(_TYPE_SENTENCES.get(
                kind, N_("The bundle contains something other than regular files."))))
        if block[257:265] != _MAGIC:
            raise BundleRejected(_("The bundle's archive is not in the POSIX ustar format."))
        name, prefix = _string(block[0:100]), _string(block[345:500])
        path = f"{prefix}/{name}" if prefix else name
        check_path(path)
        size = _number(block[124:136])
        self._left, self._pad = size, -size % BLOCK
        return path, size

    def read(self, n: int) -> bytes:
        """Up to ``n`` bytes of the current member (b"" at its end)."""
        n = min(n, self._left)
        if n <= 0:
            return b""
        if self._pos < len(self._buf):
            view = self._take(min(n, len(self._buf) - self._pos))
            data = bytes(view)
            view.release()
        else:  # nothing buffered: hand the stream's bytes straight through, uncopied
            data = self._stream.read(n)
            if not data:
                raise BundleRejected(_("The bundle is incomplete: its archive ends too early."))
            self.consumed += len(data)
        self._left -= len(data)
        return data

    def skip_member(self) -> None:
        while self._left:
            self.read(self._left)

    def finish(self) -> None:
        """After ``next()`` returned None: the second zero block, zero fill to the record,
        then the end of the stream (which is where the envelope proves it is complete)."""
        view = self._take(BLOCK)
        if any(view):
            view.release()
            raise BundleRejected(_("The bundle's archive has a malformed end."))
        view.release()
        allowed = -self.consumed % RECORD
        while True:
            if not self._fill(1):
                return
            rest = memoryview(self._buf)[self._pos:]
            n = len(rest)
            clean = n <= allowed and not any(rest)
            rest.release()
            if not clean:
                raise BundleRejected(_("The bundle has unexpected data after its end."))
            allowed -= n
            self._pos += n
            self.consumed += n
