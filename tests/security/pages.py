"""Decrypt every page of a SQLCipher 4 file with the raw vault key, as a forensic examiner who
has the key would, to prove purged content is really gone (free pages included).

The vault's format (fieldnotes.vault.CIPHER_SETTINGS): 64 KiB pages, AES-256-CBC, a reserve at
the end of each page holding the 16-byte IV and a 32-byte HMAC-SHA256; page 1 starts with the
16-byte salt in clear.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from fieldnotes.vault import PAGE_SIZE as PAGE

RESERVE = 16 + 32


def decrypt_pages(data: bytes, key: bytes) -> bytes:
    out = bytearray()
    for n in range(len(data) // PAGE):
        page = data[n * PAGE:(n + 1) * PAGE]
        start = 16 if n == 0 else 0
        iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
        body = page[start:PAGE - RESERVE]
        dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out += dec.update(body) + dec.finalize()
    return bytes(out)
