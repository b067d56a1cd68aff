"""One editor per field kind of ``fieldnotes.records.model``: a widget plus get/set/clear.

text → QLineEdit · long → QPlainTextEdit · enum → QComboBox of vocabulary labels ·
date → QLineEdit with the fuzzy-date hint and a live message · list → "a; b; c" ·
ref → QComboBox of records in the case · int/sha256 → read-only text · consent → ConsentBox.
``get()`` returns what ``Store.create/update`` expects; "" / [] / None mean "empty".
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldnotes.errors import ValidationError
from fieldnotes.i18n import N_, _
from fieldnotes.records import dates
from fieldnotes.records.model import Field
from ui.widgets.basic import HintLine, fit_open_list

DATE_HINT = N_("e.g. 2015-07-09, ~2015-07 (about), 2015, or 2015-07-01/2015-07-20")
DATE_PLACEHOLDER = N_("e.g. 2015-07-09, ~2015-07, 2015")


class Editor:
    widget: QWidget
    editable = True

    def get(self):
        raise NotImplementedError

    def set(self, value) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        self.set(None)

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setEnabled(not read_only)


class TextEditor(Editor):
    def __init__(self, f: Field):
        self.widget = QLineEdit()
        self.widget.setMaxLength(1000)

    def get(self):
        return self.widget.text().strip()

    def set(self, value) -> None:
        self.widget.setText(value or "")
        self.widget.setCursorPosition(0)  # a long title shows its beginning, not its end

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setReadOnly(read_only)


class LongEditor(Editor):
    def __init__(self, f: Field):
        self.widget = QPlainTextEdit()
        self.widget.setMinimumHeight(120)
        self.widget.setTabChangesFocus(True)

    def get(self):
        return self.widget.toPlainText()

    def set(self, value) -> None:
        if self.widget.toPlainText() != (value or ""):   # the same text (after a Save) keeps
            self.widget.setPlainText(value or "")          # its place, cursor and scrolling

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setReadOnly(read_only)


class ChoiceEditor(Editor):
    """enum (vocabulary key → label) and ref (record id → title)."""

    def __init__(self, choices: dict[str, str], required: bool):
        self.widget = QComboBox()
        # Size to a few characters, not to the longest label: a long label must not widen
        # the whole form. The open list is made wide enough to show every label whole.
        self.widget.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.widget.setMinimumContentsLength(12)
        self.required = required
        self.set_choices(choices)

    def set_choices(self, choices: dict[str, str]) -> None:
        current = self.get() if self.widget.count() else ""
        self.widget.clear()
        if not self.required or not choices:
            self.widget.addItem("—", "")
        for key, text in choices.items():
            self.widget.addItem(text, key)
        self.set(current)
        fit_open_list(self.widget)

    def get(self):
        return self.widget.currentData() or ""

    def set(self, value) -> None:
        value = value or ""
        idx = self.widget.findData(value)
        if idx < 0 and value:
            self.widget.addItem(_("(a record no longer in this case)"), value)
            idx = self.widget.count() - 1
        self.widget.setCurrentIndex(max(idx, 0))


class DateEditor(Editor):
    def __init__(self, f: Field):
        self.widget = QWidget()
        self.line = QLineEdit()
        self.line.setPlaceholderText(_(DATE_PLACEHOLDER))
        self.line.setToolTip(_(DATE_HINT))
        # The example is the only place the syntax shows: a narrow form never cuts it.
        self.line.setMinimumWidth(
            self.line.fontMetrics().horizontalAdvance(self.line.placeholderText()) + 16)
        # Two lines kept while empty (a refusal wraps): the next field stays put while typing.
        self.message = HintLine(lines=2)
        lay = QVBoxLayout(self.widget)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.line)
        lay.addWidget(self.message)
        self.line.textChanged.connect(self._check)

    def _check(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.message.setText("")
            return
        try:
            parsed = dates.parse(text)
        except ValidationError as exc:
            self.message.setText(exc.message)
            self.message.set_role("error")
        else:
            self.message.setText(describe(parsed))
            self.message.set_role("hint")

    def get(self):
        return self.line.text().strip()

    def set(self, value) -> None:
        self.line.setText(value["text"] if isinstance(value, dict) else (value or ""))

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)


def describe(parsed: dict) -> str:
    """"Between 1 July and 20 July 2015" — how a parsed fuzzy date is understood."""
    start, end = date.fromisoformat(parsed["start"]), date.fromisoformat(parsed["end"])

    def fmt(d: date) -> str:
        return dates.display(d.isoformat())

    if start == end:
        text = fmt(start)
    else:
        text = _("between {start} and {end}").format(start=fmt(start), end=fmt(end))
    if parsed["precision"] == "approximate":
        return _("About: {date}").format(date=text)
    return text[0].upper() + text[1:]


class ListEditor(Editor):
    def __init__(self, f: Field):
        self.widget = QLineEdit()
        self.widget.setPlaceholderText(_("Separate entries with ;"))

    def get(self):
        return [p.strip() for p in self.widget.text().split(";") if p.strip()]

    def set(self, value) -> None:
        self.widget.setText("; ".join(value or []))

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setReadOnly(read_only)


class FixedEditor(Editor):
    """int and sha256: shown, never edited (they describe stored bytes)."""

    editable = False

    def __init__(self, f: Field):
        self.widget = QLineEdit()
        self.widget.setReadOnly(True)
        self._value = None

    def get(self):
        return self._value

    def set(self, value) -> None:
        self._value = value
        self.widget.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        pass


def name_editor(ed: Editor, text: str) -> None:
    """The field's label as the accessible name of the widget that takes the focus (a date's
    line sits inside a box, so the form's label is the box's buddy, not the line's)."""
    getattr(ed, "line", ed.widget).setAccessibleName(text)


def make_editor(f: Field, ref_choices: dict[str, str] | None = None) -> Editor:
    """The editor for one plain field (the consent group is ConsentBox, built by the form)."""
    if f.kind == "text":
        return TextEditor(f)
    if f.kind == "long":
        return LongEditor(f)
    if f.kind == "enum":
        return ChoiceEditor({key: _(text) for key, text in f.choices.items()}, f.required)
    if f.kind == "ref":
        return ChoiceEditor(ref_choices or {}, f.required)
    if f.kind == "date":
        return DateEditor(f)
    if f.kind == "list":
        return ListEditor(f)
    return FixedEditor(f)
