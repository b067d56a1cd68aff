"""Fieldnotes cryptography: keys, KDF, key slots, signatures and age envelopes.

This package is the bottom layer of Fieldnotes. It imports neither the
``fieldnotes`` application core nor Qt. Every error it raises on purpose is a
subclass of :class:`crypto.errors.CryptoError` whose ``str()`` is one plain
sentence that can be shown to the user as it is.
"""
