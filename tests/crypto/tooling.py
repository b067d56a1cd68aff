"""Helpers shared by the crypto tests."""

from __future__ import annotations

import base64
import os
import shutil

import pytest


def require_tool(name: str) -> str:
    """Path of the reference tool ``name`` (age, minisign, ...).

    On a developer machine a missing tool skips the test. In CI (CI=true) it
    fails it: an interop test that silently never runs proves nothing.
    """
    path = shutil.which(name)
    if path:
        return path
    message = f"the reference tool {name!r} is not installed (apt-get install {name})"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; CI must have it", pytrace=False)
    pytest.skip(message)


def assert_user_message(error: BaseException, *secrets: str | bytes) -> None:
    """``str(error)`` is one plain sentence and contains none of ``secrets``."""
    text = str(error)
    assert text, "empty message"
    assert "\n" not in text and "\r" not in text, text
    assert text[0].isupper() or text[0].isdigit() or text.startswith("keyslots"), text
    assert text.endswith("."), text
    assert len(text) < 160, text
    for bad in ("Traceback", "Error(", "errno", "0x"):
        assert bad not in text, text
    for secret in secrets:
        if isinstance(secret, bytes):
            variants = {secret.hex(), secret.hex().upper()}
            variants.add(base64.b64encode(secret).decode())
            variants.add(repr(secret))
        else:
            variants = {secret}
        for v in variants:
            if v:
                assert v not in text, "message leaks a secret"
