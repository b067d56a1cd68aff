"""Decrypt every page of a SQLCipher 4 file with the raw vault key, as a forensic examiner who
has the key would, to prove purged content is really gone (free pages included).

SQLCipher 4 defaults: 4096-byte pages, AES-256-CBC, a reserve of 80 bytes at the end of each
page (16-byte IV, then a 64-byte HMAC-SHA512); page 1 starts with the 16-byte salt in clear.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80


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
