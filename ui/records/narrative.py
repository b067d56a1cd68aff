"""Find the words of a search in a long text field: mark them all, show the first."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from fieldnotes import search

_WORD = re.compile(r"[^\s\"'*()]+")
_FTS_WORDS = {"AND", "OR", "NOT", "NEAR"}


def words(query: str) -> list[str]:
    """The words of a search as typed (FTS operators, quotes and stars left out), each with its
    other Simplified/Traditional forms: the search found whichever the text holds."""
    return [form for w in _WORD.findall(query) if w not in _FTS_WORDS
            for form in search.script_forms(w)]


def highlight_words(edit: QPlainTextEdit, query: str) -> bool:
    marks = []
    first = None
    look = QTextCharFormat()
    look.setBackground(QColor("#ffe08a"))
    doc = edit.document()
    for word in words(query):
        cursor = doc.find(word, 0)
        while not cursor.isNull():
            selection = QTextEdit.ExtraSelection()
            selection.cursor, selection.format = cursor, look
            marks.append(selection)
            if first is None or cursor.position() < first.position():
                first = QTextCursor(cursor)
            cursor = doc.find(word, cursor, QTextDocument.FindFlag(0))
    edit.setExtraSelections(marks)
    if first is None:
        return False
    edit.setTextCursor(first)
    edit.centerCursor()
    return True
