"""The attachment store (vault format 2): one sealed file per blob beside ``vault.db``.

    vault/blobs/xx/<random name>     header · age STREAM chunks · Padmé padding   (layout.py)
    vault.db, table blobs            per blob: name, own 256-bit key, size, SHA-256, state

Each file is sealed under its own random key, held only in ``vault.db``, with age's STREAM
construction (:mod:`crypto.stream`, 64 KiB chunks). Names are random, never the content hash.
Reading opens and authenticates only the chunks it needs; no second hash is computed.
Purge is crypto-erase: the row (the key) goes in the transaction, the file after it.

Writing a whole file, inside the caller's write transaction (intake, import)::

    with transaction(conn):
        w = BlobWriter(conn)            # threaded=True: seal and write on a thread of its own
        w.write(data) ...               # or w.pour(stream): read, hash here; seal, write there
        sha = w.finish()                # durable file in place; the row joins the transaction

Recording (append API; any thread, on that thread's own connection)::

    rec = Appender(Store(conn, vault.fingerprint), case_id, "interview.wav", "audio/wav",
                   record_id=testimony_id, description="")
    rec.append(pcm_bytes)               # as audio arrives; full 64 KiB chunks sealed + written
    rec.sync(extra)                     # every few seconds: fdatasync + durable count in vault.db
                                        # (returns the bytes promised: the whole chunks);
                                        # extra: record fields so far (markers…), kept for recovery
    att = rec.finish(extra)             # -> Attachment(id, sha256, size): the attachment record
    rec.abort()                         # or: row and file gone, nothing recorded
    rec.close()                         # or: let go; the next unlock finalises what is durable

After a crash the next unlock (Vault.open) keeps every chunk that authenticates — at least all
that ``sync`` made durable — adds the attachment, and writes ``attachment.recovered`` in the
audit log (``durable_bytes``, ``kept_bytes``). A recording still open in another live process
is left alone (the file is locked).

Reading, random access (QMediaPlayer.setSourceDevice can sit on a QIODevice over it)::

    f = BlobFile(conn, sha256)          # or BlobFile(conn, blob_id=rec.blob_id): durable part
    f.size; f.seek(pos); f.read(n)      # opens only the chunks covering [pos, pos+n)
    for batch in f.pieces(): ...        # stream it all, 16 chunks (1 MiB) at a time
    f.close()

A missing, cut, altered or swapped file raises AttachmentCorrupt naming the attachment and its
record. ``upkeep.check(conn, quick)`` lists every such problem; ``upkeep.at_open`` migrates a
format-1 vault, recovers recordings and sweeps files without rows.
"""

from fieldnotes.blobstore.appender import Appender, Attachment, attachment_record
from fieldnotes.blobstore.reader import BlobFile
from fieldnotes.blobstore.writer import BlobWriter

__all__ = ["Appender", "Attachment", "BlobFile", "BlobWriter", "attachment_record"]
