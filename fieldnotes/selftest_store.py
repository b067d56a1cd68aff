"""The self-test's attachment-store checks (``fieldnotes --self-test``, :mod:`fieldnotes.selftest`):
an attachment stored and read back, a format-1 blob migrated at unlock, an interview recorded
through the recording pipeline and played back sample for sample.

A mixin of :class:`fieldnotes.selftest.SelfTest`: it uses the researcher's vault, the case and
the testimony the earlier checks made (``self.researcher``, ``self.case_id``, ``self.ids``).
"""

from __future__ import annotations

import hashlib
import io
import secrets

ATTACHMENT_SIZE = (3 << 19) + 123  # 1.5 MiB and a bit: spans two 1 MiB chunks, ragged tail
RECORDING_SECONDS, RECORDING_RATE = 3.0, 16000


class StoreChecks:
    def attach(self) -> str:
        from fieldnotes import attachments

        self.attachment_bytes = secrets.token_bytes(ATTACHMENT_SIZE)
        path = self.tmp / "random.bin"
        path.write_bytes(self.attachment_bytes)
        try:
            rid, sha = attachments.attach_file(self._store(self.researcher), self.case_id, path)
        finally:
            path.unlink()
        if sha != hashlib.sha256(self.attachment_bytes).hexdigest():
            raise RuntimeError("the stored hash is not the SHA-256 of the bytes")
        self.ids["attachment"] = rid
        self.attachment_sha = sha
        return f"{ATTACHMENT_SIZE} random bytes, sha256 {sha[:12]}…"

    def _read_blob(self, conn) -> bytes:
        from fieldnotes import attachments

        buf = io.BytesIO()
        attachments.copy_out(conn, self.attachment_sha, buf)
        return buf.getvalue()

    def read_back(self) -> str:
        if self._read_blob(self.researcher.conn) != self.attachment_bytes:
            raise RuntimeError("the bytes read back differ from the bytes stored")
        return ""

    def migrate_format1(self) -> str:
        """A blob kept the format-1 way (chunk rows inside vault.db) is moved into a sealed
        file when the vault is next opened, byte for byte, leaving no chunk rows behind."""
        from fieldnotes import attachments
        from fieldnotes.vault import Vault, transaction

        data = secrets.token_bytes(ATTACHMENT_SIZE)
        sha, unit, conn = hashlib.sha256(data).hexdigest(), 1 << 20, self.researcher.conn
        with transaction(conn):
            blob = conn.execute("INSERT INTO blobs(sha256, size, chunk_size) VALUES(?, ?, ?)",
                                (sha, len(data), unit)).lastrowid
            for i in range(0, len(data), unit):
                conn.execute("INSERT INTO chunks(blob_id, idx, data) VALUES(?, ?, ?)",
                             (blob, i // unit, data[i:i + unit]))
        path = self.researcher.path
        self.researcher.close()
        self.vaults.remove(self.researcher)
        self.researcher = Vault.open(path, self.passphrase)
        self.vaults.append(self.researcher)
        conn = self.researcher.conn
        if conn.execute("SELECT count(*) FROM chunks").fetchone()[0]:
            raise RuntimeError("chunk rows are left in vault.db")
        if attachments.read_all(conn, sha) != data:
            raise RuntimeError("the migrated bytes differ")
        return f"{len(data)} bytes into blobs/"

    def record_interview(self) -> str:
        """A few seconds of synthetic audio through the recording pipeline (writer thread,
        streaming WAV, the store's append API with durable points), with a marker."""
        from fieldnotes.media import recording, wav
        from fieldnotes.media.sink import store_sink

        fmt = wav.PcmFormat(RECORDING_RATE, 1)
        self.pcm = secrets.token_bytes(int(RECORDING_SECONDS * fmt.byte_rate))  # noise is PCM
        rec = recording.Recording(store_sink(self.researcher, self.case_id, self.ids["t_en"],
                                             "self-test interview.wav"), fmt, sync_seconds=1.0)
        rec.start()
        step = fmt.byte_rate // 10 + 6  # ragged pieces, as a device delivers them
        for at in range(0, len(self.pcm), step):
            rec.feed(self.pcm[at:at + step])
            if at <= fmt.byte_rate < at + step:
                rec.mark("marker one second in")
        att = rec.stop()
        self.ids["recording"] = att.id
        self.recording_sha = att.sha256
        data = self._store(self.researcher).get(att.id)["data"]
        if data["duration_ms"] != int(RECORDING_SECONDS * 1000) or not data.get("markers"):
            raise RuntimeError("the recording's duration or marker was not kept")
        return f"{RECORDING_SECONDS:g} s at {RECORDING_RATE} Hz, sha256 {att.sha256[:12]}…"

    def play_back(self) -> str:
        """Read it back as a player does: random access, header first, then the samples."""
        from fieldnotes.blobstore import BlobFile
        from fieldnotes.media import wav

        reader = BlobFile(self.researcher.conn, self.recording_sha)
        try:
            fmt, offset = wav.parse_header(reader.read(64))
            reader.seek(offset + len(self.pcm) // 2)
            second_half = reader.read(len(self.pcm))
            reader.seek(offset)
            first_half = reader.read(len(self.pcm) // 2)
        finally:
            reader.close()
        if fmt.sample_rate != RECORDING_RATE or first_half + second_half != self.pcm:
            raise RuntimeError("the samples read back differ from the samples recorded")
        return f"{len(self.pcm) // 2} samples identical"
