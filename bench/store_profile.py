"""Where the attachment store's time goes: stage speeds and a profile of the calling thread.

``python bench/store_profile.py [MiB]`` (default 256) measures, on this machine and in this run:
each stage alone (file read, SHA-256, sealing, opening, write + fsync), then intake, read-back,
export and import of one case, each with wall time, CPU time of the whole process (all threads)
and of the calling thread, and the calling thread's top functions (cProfile). The numbers in
docs/BENCHMARKS.md (make bench) are the ratios; this says why they are what they are.
"""

from __future__ import annotations

import cProfile
import hashlib
import io
import os
import pstats
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("FIELDNOTES_KDF_PROFILE", "minimum")

MIB = 1 << 20


_THREADS: dict[str, float] = {}  # CPU seconds of each worker thread that ended, by name


def _count_threads() -> None:
    """Record each worker thread's CPU time as it ends (where the time goes, per thread)."""
    run = threading.Thread.run

    def counted(self):
        try:
            run(self)
        finally:
            name = self.name.rsplit("_", 1)[0]  # pool threads: blob-read_0, blob-read_1 …
            _THREADS[name] = _THREADS.get(name, 0.0) + time.thread_time()

    threading.Thread.run = counted


def _cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def _measure(name: str, size: int, fn, profile: bool = True) -> None:
    pr = cProfile.Profile() if profile else None
    _THREADS.clear()
    c0, t0, w0 = _cpu(), time.thread_time(), time.perf_counter()
    if pr:
        pr.enable()
    fn()
    if pr:
        pr.disable()
    wall, cpu, own = time.perf_counter() - w0, _cpu() - c0, time.thread_time() - t0
    print(f"\n## {name}: {size / 1e6 / wall:.0f} MB/s wall; CPU {cpu:.2f} s in all threads "
          f"({size / 1e6 / cpu:.0f} MB per CPU second), {own:.2f} s on the calling thread")
    if _THREADS:
        print("CPU seconds of the other threads: " + ", ".join(
            f"{name} {sec:.2f}" for name, sec in sorted(_THREADS.items(), key=lambda i: -i[1])))
    if pr:
        out = io.StringIO()
        pstats.Stats(pr, stream=out).sort_stats("tottime").print_stats(6)
        print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


def main() -> int:
    from crypto import kdf
    from crypto.stream import Stream
    from fieldnotes import attachments, contacts
    from fieldnotes.bundle import importer, writer
    from fieldnotes.records.store import Store
    from fieldnotes.vault import Vault

    _count_threads()
    size = int(sys.argv[1] if len(sys.argv) > 1 else 256) * MIB
    work = Path(tempfile.mkdtemp(dir=Path(__file__).resolve().parent))
    try:
        src = work / "src.bin"
        with open(src, "wb") as fh:
            block = os.urandom(MIB)
            for i in range(size // MIB):
                fh.write(block[:-8] + i.to_bytes(8, "big"))
        print(f"# {size // MIB} MiB; {os.cpu_count()} cores; load average "
              f"{os.getloadavg()[0]:.1f}")

        def read_file():
            with open(src, "rb", buffering=0) as f:
                while f.read(MIB):
                    pass

        def sha():
            h = hashlib.sha256()
            with open(src, "rb", buffering=0) as f:
                while piece := f.read(MIB):
                    h.update(piece)

        stream = Stream(os.urandom(32), os.urandom(16))
        sealed = stream.seal(0, block[:65536], False)

        def seal():
            view = memoryview(block)
            for _ in range(size // MIB):
                for i in range(16):
                    stream.seal(i, view[i * 65536:(i + 1) * 65536], False)

        def open_chunks():
            for _ in range(size // 65536):
                stream.open(0, sealed, False)

        def write_sync():
            fd = os.open(work / "w.bin", os.O_WRONLY | os.O_CREAT, 0o600)
            for _ in range(size // MIB):
                os.write(fd, block)
            os.fsync(fd)
            os.close(fd)

        for name, fn in (("file read (page cache)", read_file), ("SHA-256", sha),
                         ("seal (ChaCha20-Poly1305, 64 KiB)", seal),
                         ("open (ChaCha20-Poly1305, 64 KiB)", open_chunks),
                         ("write + fsync", write_sync)):
            _measure(name, size, fn, profile=False)

        r, _ = Vault.create(work / "r", "pw", name="R", params=kdf.minimum_params())
        c, _ = Vault.create(work / "c", "pw", name="C", params=kdf.minimum_params())
        fpr = contacts.add_contact(r.conn, c.identity.card().to_text(), verified=True)
        contacts.add_contact(c.conn, r.identity.card().to_text(), verified=True)
        s = Store(r.conn, r.fingerprint)
        case = s.create("case", {"title": "profile"})
        held = {}
        _measure("intake", size, lambda: held.update(
            sha=attachments.attach_file(s, case, src)[1]))

        class Null:
            def write(self, b):
                return len(b)

        _measure("read-back", size, lambda: attachments.copy_out(r.conn, held["sha"], Null()))
        out = work / "b.age"
        _measure("export", size, lambda: writer.export_bundle(r, out, [fpr], cases=[case]))
        _measure("import (until durable)", size, lambda: importer.import_bundle(c, out))
        r.close()
        c.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
