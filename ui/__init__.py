"""The Fieldnotes desktop app: a thin PySide6 layer over the Qt-free core in ``fieldnotes``.

Screens and dialogs live one per module; ``workers`` is the one way long work leaves the UI
thread; ``lock`` closes the vault when idle or on Ctrl+L; ``privacy`` keeps plaintext off disk.
"""
