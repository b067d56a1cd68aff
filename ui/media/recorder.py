"""Record an interview into the vault: microphone, level, elapsed time, pause, markers.

The panel drives a :class:`ui.media.capture.Capture` (device → recording) and a
:class:`fieldnotes.media.recording.Recording` (writer thread → the store's append API), so the
sound goes from the microphone into sealed chunks as it is captured. F8 drops a marker at the
current moment with the label typed beside it (the label can be changed in the list until the
recording stops); markers are kept with the recording and shown when it is played.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from fieldnotes.media.recording import Marker, Recording
from ui.media import capture
from ui.shell.lock import IdleWatcher
from ui.widgets.basic import ErrorLabel, button_row, label

MARK_KEY = "F8"


def clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def microphone_allowed(then) -> None:
    """Ask for the microphone where the system asks (macOS, Windows); call ``then(allowed)``."""
    try:
        from PySide6.QtCore import QMicrophonePermission
    except ImportError:  # Qt before 6.5
        then(True)
        return
    app = QCoreApplication.instance()
    permission = QMicrophonePermission()
    status = app.checkPermission(permission)
    if status == Qt.PermissionStatus.Undetermined:
        app.requestPermission(permission, lambda p: then(
            app.checkPermission(p) == Qt.PermissionStatus.Granted))
        return
    then(status == Qt.PermissionStatus.Granted)


def keep_awake() -> None:
    """An interview being recorded is activity: the idle lock waits (Ctrl+L still locks, and a
    lock stops and keeps the recording)."""
    app = QCoreApplication.instance()
    for w in app.topLevelWidgets() if hasattr(app, "topLevelWidgets") else ():
        idle = getattr(w, "idle", None)
        if isinstance(idle, IdleWatcher) and idle.active:
            idle.start()


def default_sources():
    """(names of the microphones, factory(index) → (QAudioSource, QAudioFormat))."""
    devices = capture.input_devices()

    def make(index: int):
        device = devices[index]
        fmt = capture.choose_format(device)
        return capture.open_source(device, fmt), fmt

    return [d.description() for d in devices], make


class RecorderPanel(QWidget):
    """``open_sink(pcm_format)`` returns the callable the writer thread opens its sink with."""

    saved = Signal(object)    # what the sink's finish returned (id, sha256, size)
    state_changed = Signal(str)

    def __init__(self, open_sink, sources=None, parent: QWidget | None = None):
        super().__init__(parent)
        self._open_sink = open_sink
        names, self._make_source = sources or default_sources()
        self.capture: capture.Capture | None = None
        self.state = "idle"  # idle | recording | paused | saving | done

        self.device = QComboBox()
        self.device.addItems(names)
        self.elapsed = QLabel(clock(0))
        big = QFont(self.elapsed.font())
        big.setPointSizeF(big.pointSizeF() * 2.2)
        big.setFamily("monospace")
        self.elapsed.setFont(big)
        self.meter = QProgressBar()
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setAccessibleName(_("Input level"))
        self.record_button = QPushButton(_("● Record"))
        self.pause_button = QPushButton(_("Pause"))
        self.stop_button = QPushButton(_("■ Stop and save"))
        self.record_button.clicked.connect(self.record)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.stop)
        self.marker_label = QLineEdit()
        self.marker_label.setPlaceholderText(_("Label for the next marker, e.g. consent given"))
        self.mark_button = QPushButton(_("Add marker ({key})").format(key=MARK_KEY))
        self.mark_button.clicked.connect(self.mark)
        self.markers = QListWidget()
        self.markers.itemChanged.connect(self._label_edited)
        self.durable = label("", "hint")
        self.error = ErrorLabel()
        QShortcut(QKeySequence(MARK_KEY), self, self.mark,
                  context=Qt.ShortcutContext.WindowShortcut)
        self._level_decay = QTimer(self)
        self._level_decay.setInterval(100)
        self._level_decay.timeout.connect(self._decay)

        form = QFormLayout()
        form.addRow(_("Microphone:"), self.device)
        buttons = QHBoxLayout()
        for b in (self.record_button, self.pause_button, self.stop_button):
            buttons.addWidget(b)
        buttons.addStretch()
        marking = QHBoxLayout()
        marking.addWidget(self.marker_label, 1)
        marking.addWidget(self.mark_button)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        top = QHBoxLayout()
        top.addWidget(self.elapsed)
        top.addWidget(self.meter, 1)
        lay.addLayout(top)
        lay.addLayout(buttons)
        lay.addWidget(label(_("Markers"), "subtitle"))
        lay.addLayout(marking)
        lay.addWidget(self.markers, 1)
        lay.addWidget(self.durable)
        lay.addWidget(self.error)
        if not names:
            self.error.show_error(_("No microphone was found. Connect one and open this window "
                                    "again."))
        self._set_state("idle")

    # -- actions ----------------------------------------------------------------------------

    def record(self) -> None:
        microphone_allowed(self._start)

    def _start(self, allowed: bool) -> None:
        if not allowed:
            self.error.show_error(_("Fieldnotes may not use the microphone. Allow it in the "
                                    "system's privacy settings, then try again."))
            return
        self.error.clear()
        self.markers.clear()
        self.durable.clear()
        try:
            source, fmt = self._make_source(self.device.currentIndex())
            pcm = capture.pcm_format(fmt)
            recording = Recording(self._open_sink(pcm), pcm)
            self.capture = capture.Capture(source, recording, self)
            self.capture.level.connect(self._level)
            self.capture.elapsed.connect(self._elapsed)
            self.capture.failed.connect(self._failed)
            self.capture.start()
        except FieldnotesError as exc:
            self.error.show_error(exc.message)
            self.capture = None
            return
        self._level_decay.start()
        self._set_state("recording")

    def toggle_pause(self) -> None:
        if self.capture is None:
            return
        if self.state == "recording":
            self.capture.pause()
            self._set_state("paused")
        elif self.state == "paused":
            self.capture.resume()
            self._set_state("recording")

    def mark(self) -> None:
        if self.capture is None or self.state not in ("recording", "paused"):
            return
        self.capture.read()  # the marker's time is what has been heard up to now
        marker = self.capture.recording.mark(self.marker_label.text())
        self.marker_label.clear()
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, len(self.capture.recording.markers) - 1)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.markers.blockSignals(True)
        self._show_marker(item, marker)
        self.markers.addItem(item)
        self.markers.blockSignals(False)

    def stop(self) -> None:
        if self.capture is None:
            return
        self._set_state("saving")
        self._level_decay.stop()
        try:
            result = self.capture.stop()
        except FieldnotesError as exc:
            self._failed(exc.message)
            return
        seconds = self.capture.recording.elapsed
        self.capture = None
        self.meter.setValue(0)
        self.durable.setText(_("Saved in the vault: {duration}, SHA-256 {sha}…").format(
            duration=clock(seconds), sha=result.sha256[:16]))
        self._set_state("done")
        self.saved.emit(result)

    def stop_if_recording(self) -> None:
        """Closing the window keeps what was recorded."""
        if self.state in ("recording", "paused"):
            self.stop()

    # -- feedback ----------------------------------------------------------------------------

    @staticmethod
    def _show_marker(item: QListWidgetItem, marker: Marker) -> None:
        item.setText(f"{clock(marker.at_ms / 1000)}  {marker.label}")

    def _label_edited(self, item: QListWidgetItem) -> None:
        if self.capture is None:
            return
        index = item.data(Qt.ItemDataRole.UserRole)
        old = self.capture.recording.markers[index]
        text = item.text()
        if text.startswith(clock(old.at_ms / 1000)):
            text = text[len(clock(0)):]
        self.capture.recording.markers[index] = Marker(old.at_ms, text.strip())

    def _level(self, value: float) -> None:
        self.meter.setValue(max(self.meter.value(), int(value * 100)))

    def _decay(self) -> None:
        self.meter.setValue(int(self.meter.value() * 0.7))
        if self.state == "recording":
            keep_awake()
        if self.capture is not None:
            done = self.capture.recording.durable_bytes
            if done > 0:
                self.durable.setText(_("Safe in the vault up to {time}.").format(
                    time=clock(self.capture.recording.format.seconds(done))))

    def _elapsed(self, seconds: float) -> None:
        self.elapsed.setText(clock(seconds))

    def _failed(self, message: str) -> None:
        self.error.show_error(message)
        self._level_decay.stop()
        if self.capture is not None:
            if self.capture.recording.error is None:  # the device failed: keep what was heard
                try:
                    self.saved.emit(self.capture.stop())
                except FieldnotesError:
                    pass
            else:  # the writer failed and is ending; what was durable is kept at next unlock
                self.capture.halt()
                self.capture.recording.wait(5)
        self.capture = None
        self._set_state("idle")

    def _set_state(self, state: str) -> None:
        self.state = state
        active = state in ("recording", "paused")
        self.device.setEnabled(state in ("idle", "done"))
        self.record_button.setEnabled(state in ("idle", "done") and self.device.count() > 0)
        self.pause_button.setEnabled(active)
        self.pause_button.setText(_("Resume") if state == "paused" else _("Pause"))
        self.stop_button.setEnabled(active)
        self.mark_button.setEnabled(active)
        self.state_changed.emit(state)


class RecorderDialog(QDialog):
    def __init__(self, open_sink, sources=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Record interview"))
        self.panel = RecorderPanel(open_sink, sources, self)
        # A way out that says so (Esc and the title bar's × were the only ones): closing while
        # recording stops and keeps the recording, as they do.
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.reject)
        self.panel.saved.connect(lambda _result: self.close_button.setFocus())
        lay = QVBoxLayout(self)
        lay.addWidget(self.panel)
        lay.addLayout(button_row(right=[self.close_button]))
        self.resize(560, 480)

    def reject(self) -> None:
        self.panel.stop_if_recording()
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.panel.stop_if_recording()
        super().closeEvent(event)


def interview_filename(when: datetime | None = None) -> str:
    when = when or datetime.now()
    return when.strftime("interview-%Y-%m-%d-%H%M.wav")


def attach_recorder(case_view) -> QPushButton:
    """Give the case's testimony form a "Record interview…" button: the recording becomes an
    attachment of the testimony shown, written into the vault as it is captured."""
    tab = case_view.tabs_by_type["testimony"]
    form = tab.form
    button = QPushButton(_("Record interview…"))
    button.setToolTip(_("Record the interview straight into the vault, attached to this "
                        "testimony."))
    for i in range(form.layout().count()):
        row = form.layout().itemAt(i).layout()
        if row is not None and row.indexOf(form.history_button) >= 0:
            row.insertWidget(row.indexOf(form.delete_button) + 1, button)

    def refresh(*_args) -> None:
        button.setVisible(form.record is not None and not form.read_only
                          and not case_view.imported)

    def saved(_result) -> None:
        attachments_tab = case_view.tabs_by_type["attachment"]
        attachments_tab.reload()
        attachments_tab.changed.emit()

    def open_recorder() -> None:
        from fieldnotes.media.sink import store_sink

        if form.record is None:
            return
        session, record = case_view.session, form.record
        dialog = RecorderDialog(lambda pcm: store_sink(session.vault, case_view.case_id,
                                                       record["id"], interview_filename()),
                                parent=form.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.panel.saved.connect(saved)
        form.recorder = dialog
        dialog.show()

    button.clicked.connect(open_recorder)
    tab.list.selectionModel().currentChanged.connect(refresh)
    form.saved.connect(refresh)
    form.deleted.connect(refresh)
    refresh()
    return button
