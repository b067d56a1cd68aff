"""Small widgets shared by several screens."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldnotes.i18n import _, ngettext
from ui.shell.style import app_icon, set_role
from ui.workers import Worker


class ErrorLabel(QLabel):
    """One line (wrapped if long) in the error colour; hidden while empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        set_role(self, "error")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))

    def clear(self) -> None:
        super().clear()
        self.hide()


class HintLine(QLabel):
    """A hint under a field (a date's meaning, a passphrase's strength) that keeps its place.

    It is always ``lines`` lines high, whether empty, filled or hidden, so the fields below it
    do not move while someone types and a click aimed at the next field lands there. A text
    longer than that (a very narrow window) is cut, and reads whole in the tooltip."""

    def __init__(self, text: str = "", role: str = "hint", lines: int = 1,
                 parent: QWidget | None = None):
        super().__init__("", parent)
        self.lines = lines
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)   # a long sentence must not widen the form
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        set_role(self, role)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        super().setText(text)
        self.setToolTip(text)

    def set_role(self, role: str) -> None:
        """Hint or error colour, re-polished at once."""
        set_role(self, role)
        self.style().unpolish(self)
        self.style().polish(self)

    def _reserved(self) -> int:
        # Room for the larger of its own font and the window's (an error is in the window's
        # size, a hint smaller), so turning from hint to error does not move anything either.
        line = max(self.fontMetrics().lineSpacing(),
                   QFontMetrics(QApplication.font(self)).lineSpacing())
        m = self.contentsMargins()
        return line * self.lines + m.top() + m.bottom()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return False     # its height is its number of lines, never the text's

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(super().minimumSizeHint().width(), self._reserved())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return self.sizeHint()


def keep_place(*hints: QWidget) -> QWidget:
    """One place in a form for ``hints`` laid over each other (one shows at a time), kept
    while they are hidden: a QFormLayout drops a hidden row whatever its size policy."""
    place = QWidget()
    grid = QGridLayout(place)
    grid.setContentsMargins(0, 0, 0, 0)
    for hint in hints:
        grid.addWidget(hint, 0, 0)
    return place


def label(text: str, role: str = "", wrap: bool = True, plain: bool = True) -> QLabel:
    w = QLabel(text)
    if plain:
        w.setTextFormat(Qt.TextFormat.PlainText)
    w.setWordWrap(wrap)
    if role:
        set_role(w, role)
    return w


def confirm(parent: QWidget, title: str, text: str, *, warning: bool = False,
            yes=QMessageBox.StandardButton.Yes, no=QMessageBox.StandardButton.Cancel) -> bool:
    """Ask before something that cannot be taken back; the safe answer is the default."""
    ask = QMessageBox.warning if warning else QMessageBox.question
    return ask(parent, title, text, yes | no, no) == yes


def wrap_list(view) -> None:
    """Long titles wrap inside the list instead of hiding behind a horizontal scroll bar."""
    view.setWordWrap(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(view.ResizeMode.Adjust)
    view.setSpacing(1)


def fit_open_list(box) -> None:
    """Make a combo box's open list wide enough to show every choice whole. Under the style
    sheet the list draws its rows as menu items (a check-mark column and margins, about 40 px,
    before the text), so a list as narrow as the box showed Chinese choices as "…". Call it
    again after the choices change."""
    view, metrics = box.view(), box.fontMetrics()
    widest = max((metrics.horizontalAdvance(box.itemText(i)) for i in range(box.count())),
                 default=0)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setMinimumWidth(widest + 40)


def list_pane(button: QPushButton, view: QWidget) -> QWidget:
    """A list with its one action ("New …", "Add files…") above it, left-aligned."""
    pane = QWidget()
    col = QVBoxLayout(pane)
    col.setContentsMargins(0, 0, 0, 0)
    top = QHBoxLayout()
    top.addWidget(button)
    top.addStretch()
    col.addLayout(top)
    col.addWidget(view, 1)
    return pane


def side_by_side(left: QWidget, right: QWidget, sizes=(300, 700), stretch=(2, 5)) -> QSplitter:
    """A list (or the cases) on the left, what is chosen on the right; the right side grows."""
    split = QSplitter(Qt.Orientation.Horizontal)
    for i, w in enumerate((left, right)):
        split.addWidget(w)
        split.setStretchFactor(i, stretch[i])
    split.setSizes(list(sizes))
    return split


def ok_cancel(dialog: QDialog, on_ok=None) -> QDialogButtonBox:
    """OK and Cancel for a small dialog; OK calls ``on_ok`` (default: accept)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def screen_heading(text: str, icon_size: int) -> tuple[QLabel, QLabel]:
    """The app's icon and a title, centred: the top of the welcome and unlock screens."""
    icon = QLabel()
    icon.setPixmap(app_icon().pixmap(icon_size, icon_size))
    icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
    title = set_role(QLabel(text), "title")
    title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return icon, title


def centered(screen: QWidget, column: QBoxLayout, max_width: int = 640) -> None:
    """Lay ``column`` out in the middle of ``screen``, no wider than ``max_width``."""
    box = QWidget()
    box.setMaximumWidth(max_width)
    box.setLayout(column)
    outer = QHBoxLayout(screen)
    outer.addStretch(1)
    outer.addWidget(box, 100)
    outer.addStretch(1)


def button(text: str, slot=None, danger: bool = False) -> QPushButton:
    """A push button that calls ``slot`` when clicked; ``danger`` draws it as destructive."""
    made = QPushButton(text)
    if slot is not None:
        made.clicked.connect(slot)
    if danger:
        made.setProperty("danger", True)
    return made


def button_row(left=(), right=()) -> QHBoxLayout:
    """A row: the widgets (or layouts) of ``left``, room, then those of ``right``."""
    row = QHBoxLayout()
    for part in left:
        _add(row, part)
    row.addStretch()
    for part in right:
        _add(row, part)
    return row


def _add(layout: QBoxLayout, part) -> None:
    if isinstance(part, QLayout):
        layout.addLayout(part)
    else:
        layout.addWidget(part)


def screen_column(screen: QWidget, parts, left: QWidget, primary: QWidget,
                  max_width: int = 640) -> None:
    """A full-window screen (create, recover, recovery key): ``parts`` top to bottom — each a
    widget, a layout, a spacing in pixels, or a function that adds its own to the column —
    then a row with ``left`` (Back, or a checkbox) and the primary button at the right, the
    whole :func:`centered`, a little above the middle."""
    col = QVBoxLayout()
    col.addStretch(1)
    for part in parts:
        if isinstance(part, int):
            col.addSpacing(part)
        elif isinstance(part, QLayout | QWidget):
            _add(col, part)
        else:
            part(col)
    col.addLayout(button_row([left], [primary]))
    col.addStretch(2)
    centered(screen, col, max_width)


class ProgressPanel(QWidget):
    """A progress bar with a Cancel button, bound to one :class:`Worker` run at a time.

    An unknown total shows a busy (indeterminate) bar. Hidden when idle; ``idle`` is emitted
    once it is hidden again, so a screen that enables its buttons only while no run is shown
    can update them then (a slot on the worker's own ``finished`` may run before the hide)."""

    idle = Signal()

    def __init__(self, parent: QWidget | None = None, cancellable: bool = True):
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.caption = QLabel()
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setVisible(cancellable)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.caption)
        lay.addWidget(self.bar, 1)
        lay.addWidget(self.cancel_button)
        self._worker: Worker | None = None
        self._cancelled: Worker | None = None   # the run the user cancelled
        self.cancel_button.clicked.connect(self._cancel)
        self.hide()

    def follow(self, worker: Worker, caption: str = "") -> None:
        self._worker = worker
        self.caption.setText(caption)
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.cancel_button.setEnabled(True)
        worker.progress.connect(self.set_progress)
        worker.finished.connect(self._done)
        self.show()

    def set_progress(self, done: int, total: int) -> None:
        if total <= 0:
            self.bar.setRange(0, 0)
            return
        # QProgressBar holds ints: scale bytes to per-mille so files over 2 GiB work.
        self.bar.setRange(0, 1000)
        self.bar.setValue(int(1000 * min(done, total) / total))

    def cancelled(self, worker: Worker) -> bool:
        """Whether the user pressed Cancel while ``worker`` ran (so its failure is that)."""
        return self._cancelled is worker

    def _cancel(self) -> None:
        if self._worker is not None:
            self._cancelled = self._worker
            self.cancel_button.setEnabled(False)
            self.caption.setText(_("Cancelling…"))
            self._worker.cancel()

    def _done(self) -> None:
        self._worker = None
        self.hide()
        self.idle.emit()


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Open at this size, or smaller where the screen is smaller (a 1024×600 netbook): the
    title bar and the buttons at the bottom stay on the screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - 24), min(height, room.height() - 48)
    window.resize(width, height)


def human_size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            if unit == "bytes":
                return ngettext("{n} byte", "{n} bytes", int(n)).format(n=f"{n:.0f}")
            return f"{n:.1f} {unit}"
        n /= 1024
    return ngettext("{n} byte", "{n} bytes", int(n)).format(n=n)
