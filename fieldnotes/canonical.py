"""Canonical JSON: the exact bytes that are hashed, signed and exported.

Keys sorted, no insignificant whitespace, UTF-8 (not ASCII-escaped), no NaN/Infinity. Two
equal objects always give the same bytes, so a revision's SHA-256 can be recomputed anywhere.
"""

from __future__ import annotations

import hashlib
import json


def dumps(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def encode(obj) -> bytes:
    return dumps(obj).encode("utf-8")


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()
