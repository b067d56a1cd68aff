"""Compare two builds of Fieldnotes file by file and say WHY each differing file differs.

    python packaging/repro_diff.py DIST_A DIST_B        (run by packaging/repro_check.sh)

DIST_A and DIST_B are two ``dist`` folders built from the same commit. Compared: the app
folder (file list, symlinks, modes and SHA-256 of every file), the .tar.gz and the .deb. For a
file that differs, it digs one level down where it can:
* the executable: PyInstaller's bootloader + an appended PKG (CArchive). Entries of the PKG are
  compared one by one, and the PYZ inside it module by module, naming what changed.
* zip files (base_library.zip): member by member, and whether only timestamps differ.
* ELF libraries: whether only the build-id / debug sections differ or the code does.
* .deb: ar members, then the files of data.tar and control.tar; .tar.gz: gzip header, then
  tar headers (mtime, owner, order) versus content.
Exit status 0 when everything is identical, 1 otherwise.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import stat
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def tree(root: Path) -> dict[str, tuple[str, str]]:
    """relative path -> (kind+mode, sha256 or link target)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            st = p.lstat()
            mode = oct(stat.S_IMODE(st.st_mode))
            if stat.S_ISLNK(st.st_mode):
                out[rel] = (f"link {mode}", os.readlink(p))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = (f"dir {mode}", "")
            else:
                out[rel] = (f"file {mode}", sha256(p))
    return out


# -- explaining a difference ----------------------------------------------------------------

def explain_pkg(a: Path, b: Path) -> list[str]:
    try:
        from PyInstaller.archive.readers import CArchiveReader
    except ImportError:
        return ["PyInstaller not importable here: cannot look inside the executable"]
    why = []
    try:
        ra, rb = CArchiveReader(str(a)), CArchiveReader(str(b))
    except Exception as exc:
        return [f"not a PyInstaller executable ({exc})"]
    boot_a = a.read_bytes()[: ra._start_offset]
    boot_b = b.read_bytes()[: rb._start_offset]
    size_a = ra._end_offset - ra._start_offset
    size_b = rb._end_offset - rb._start_offset
    if boot_a != boot_b:
        if size_a != size_b:
            why.append(f"the bytes before the PKG differ, as they must when its size changes "
                       f"({size_a} vs {size_b} bytes: on Linux the PKG is an ELF section)")
        else:
            why.append("the bootloader part (before the PKG archive) differs")
    if ra.options != rb.options:
        why.append(f"PKG run-time options differ: {ra.options} vs {rb.options}")
    names = sorted(set(ra.toc) | set(rb.toc))
    for name in names:
        if name not in ra.toc or name not in rb.toc:
            why.append(f"PKG entry {name!r} only in one build")
            continue
        da, db = ra.extract(name), rb.extract(name)
        if da == db:
            continue
        if ra.toc[name][-1] == "z":  # the embedded PYZ
            why += explain_pyz(ra.open_embedded_archive(name), rb.open_embedded_archive(name),
                               name)
        else:
            why.append(f"PKG entry {name!r} differs ({len(da)} vs {len(db)} bytes)")
    if not why:
        why.append("PKG entries are identical: the TOC order/offsets or the cookie differ")
    return why


def explain_pyz(pa, pb, label: str) -> list[str]:
    why = []
    for name in sorted(set(pa.toc) | set(pb.toc)):
        if name not in pa.toc or name not in pb.toc:
            why.append(f"{label}: module {name} only in one build")
            continue
        if pa.extract(name, raw=True) != pb.extract(name, raw=True):
            why.append(f"{label}: compiled module {name} differs (its source differs, or "
                       "marshal output is not deterministic: set/frozenset order under another "
                       "hash seed, reference flags)")
    if not why:
        why.append(f"{label}: every module is identical; the PYZ TOC (order, offsets) differs")
    return why


def explain_zip(a: Path, b: Path) -> list[str]:
    why = []
    za, zb = zipfile.ZipFile(a), zipfile.ZipFile(b)
    ia = {i.filename: i for i in za.infolist()}
    ib = {i.filename: i for i in zb.infolist()}
    if list(ia) != list(ib):
        why.append("member order or list differs")
    for name in sorted(set(ia) & set(ib)):
        if za.read(name) != zb.read(name):
            why.append(f"member {name} content differs")
        elif ia[name].date_time != ib[name].date_time:
            why.append(f"member {name} timestamp differs ({ia[name].date_time} vs "
                       f"{ib[name].date_time})")
    return why or ["zip metadata (extra fields, comment) differs"]


def explain_elf(a: Path, b: Path) -> list[str]:
    def sections(p: Path) -> dict[str, str]:
        try:
            out = subprocess.run(["objdump", "-h", str(p)], capture_output=True, text=True,
                                 check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return {}
        result = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 7 and parts[0].isdigit():
                name = parts[1]
                dump = subprocess.run(["objcopy", "-O", "binary", f"--only-section={name}",
                                       str(p), "/dev/stdout"], capture_output=True).stdout
                result[name] = hashlib.sha256(dump).hexdigest()
        return result

    sa, sb = sections(a), sections(b)
    if not sa:
        return ["binary differs (objdump unavailable)"]
    diff = sorted(n for n in set(sa) | set(sb) if sa.get(n) != sb.get(n))
    return [f"ELF sections differ: {', '.join(diff) or '(headers only)'}"]


def explain_file(rel: str, a: Path, b: Path) -> list[str]:
    head = a.read_bytes()[:4]
    if rel == "fieldnotes" or rel.endswith(("/fieldnotes", ".exe")):
        return explain_pkg(a, b)
    if head[:2] == b"PK":
        return explain_zip(a, b)
    if head == b"\x7fELF":
        return explain_elf(a, b)
    return ["content differs"]


def explain_targz(a: Path, b: Path) -> list[str]:
    ra, rb = a.read_bytes(), b.read_bytes()
    why = []
    if ra[:10] != rb[:10]:
        why.append("gzip header differs (mtime or OS byte: use gzip -n)")
    ta, tb = gzip.decompress(ra), gzip.decompress(rb)
    if ta == tb:
        return why or ["gzip stream differs (compression level?)"]
    why += explain_tar(io.BytesIO(ta), io.BytesIO(tb))
    return why


def explain_tar(fa, fb) -> list[str]:
    why = []
    with tarfile.open(fileobj=fa) as xa, tarfile.open(fileobj=fb) as xb:
        ma, mb = xa.getmembers(), xb.getmembers()
        if [m.name for m in ma] != [m.name for m in mb]:
            why.append("member order or list differs (sort names)")
        ia, ib = {m.name: m for m in ma}, {m.name: m for m in mb}
        for name in sorted(set(ia) & set(ib)):
            x, y = ia[name], ib[name]
            meta = [k for k in ("mtime", "uid", "gid", "uname", "gname", "mode", "linkname")
                    if getattr(x, k) != getattr(y, k)]
            if meta:
                why.append(f"{name}: header differs ({', '.join(meta)})")
            if x.isfile() and y.isfile():
                if xa.extractfile(x).read() != xb.extractfile(y).read():
                    why.append(f"{name}: content differs")
    return why or ["tar padding or headers differ"]


def explain_deb(a: Path, b: Path) -> list[str]:
    why = []
    with tempfile.TemporaryDirectory() as tmp:
        for tag, deb in (("a", a), ("b", b)):
            d = Path(tmp) / tag
            d.mkdir()
            subprocess.run(["ar", "x", str(deb.resolve())], cwd=d, check=True)
        names = sorted(os.listdir(Path(tmp) / "a"))
        for name in names:
            pa, pb = Path(tmp) / "a" / name, Path(tmp) / "b" / name
            if not pb.exists() or sha256(pa) == sha256(pb):
                continue
            if name.endswith(".tar.xz"):
                import lzma

                why += [f"{name}: {w}" for w in explain_tar(
                    io.BytesIO(lzma.decompress(pa.read_bytes())),
                    io.BytesIO(lzma.decompress(pb.read_bytes())))]
            else:
                why.append(f"{name} differs")
        # ar headers (member mtimes) are checked by comparing the whole files at the end
    return why or ["ar member headers differ (mtime: dpkg-deb uses SOURCE_DATE_EPOCH)"]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    da, db = Path(argv[0]).resolve(), Path(argv[1]).resolve()
    ta, tb = tree(da / "fieldnotes"), tree(db / "fieldnotes")
    differing = 0
    only = sorted(set(ta) ^ set(tb))
    for rel in only:
        print(f"DIFF  {rel}: only in {'A' if rel in ta else 'B'}")
        differing += 1
    same = 0
    for rel in sorted(set(ta) & set(tb)):
        if ta[rel] == tb[rel]:
            same += 1
            continue
        differing += 1
        if ta[rel][0] != tb[rel][0]:
            print(f"DIFF  {rel}: type/mode {ta[rel][0]} vs {tb[rel][0]}")
            continue
        print(f"DIFF  {rel}:")
        for reason in explain_file(rel, da / "fieldnotes" / rel, db / "fieldnotes" / rel):
            print(f"        {reason}")
    print(f"app folder: {len(ta)} entries, {same} identical, {differing} differ")
    for pattern, explain in (("*.tar.gz", explain_targz), ("*.deb", explain_deb)):
        for pa in sorted(da.glob(pattern)):
            pb = db / pa.name
            if not pb.exists():
                print(f"DIFF  {pa.name}: missing from B")
                differing += 1
                continue
            ha, hb = sha256(pa), sha256(pb)
            if ha == hb:
                print(f"same  {pa.name}  sha256 {ha}")
            else:
                differing += 1
                print(f"DIFF  {pa.name}: {ha[:16]}… vs {hb[:16]}…")
                for reason in explain(pa, pb):
                    print(f"        {reason}")
    print("REPRODUCIBLE: every file is identical" if differing == 0
          else f"NOT REPRODUCIBLE: {differing} differences")
    return 0 if differing == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
