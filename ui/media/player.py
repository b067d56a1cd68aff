"""Play a recording (or a video Qt's backend can read from a device) from the vault, with its
markers: a list to jump to and ticks on the position bar.

The media comes through :class:`ui.media.blob_device.BlobDevice` (``setSourceDevice``): Qt
reads the bytes it needs, the store opens only the chunks that hold them. The length shown is
the one recorded in the vault when the recording stopped (a streaming WAV does not carry it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QVBoxLayout,
    QWidget,
)

from fieldnotes.i18n import _
from fieldnotes.media.recording import Marker, markers_of
from ui.media.recorder import clock
from ui.widgets.basic import ErrorLabel, label


def has_sound_output() -> bool:
    """Whether the computer has anywhere to play sound (speakers, headphones, HDMI…)."""
    return bool(QMediaDevices.audioOutputs())


class MarkerSlider(QSlider):
    """A position bar with a tick at each marker."""

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.marks: list[int] = []

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self.marks or self.maximum() <= 0:
            return
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        groove = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                             QStyle.SubControl.SC_SliderGroove, self)
        painter = QPainter(self)
        painter.setPen(QPen(QColor("#d9822b"), 3))
        for at in self.marks:
            x = groove.left() + int(groove.width() * min(at, self.maximum()) / self.maximum())
            painter.drawLine(x, groove.top() - 4, x, groove.bottom() + 4)
        painter.end()


class PlayerPanel(QWidget):
    position_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None, with_sound: bool = True):
        super().__init__(parent)
        # The media backend (FFmpeg, the sound server) starts with the first recording played,
        # not with every case opened.
        self.player: QMediaPlayer | None = None
        self.audio: QAudioOutput | None = None
        self._with_sound = with_sound
        self.device = None
        self.video = None
        self.duration_ms = 0
        self.play_button = QPushButton(_("Play"))
        self.play_button.clicked.connect(self.toggle)
        self.slider = MarkerSlider()
        self.slider.sliderMoved.connect(self.seek)
        self.slider.sliderReleased.connect(lambda: self.seek(self.slider.value()))
        self.time = QLabel(clock(0))
        self.markers = QListWidget()
        self.markers.itemActivated.connect(self._jump)
        self.markers.itemClicked.connect(self._jump)
        self.markers_title = label(_("Markers"), "subtitle")
        self.error = ErrorLabel()
        # Without a sound output Qt plays on in silence (the position moves): say why.
        self.no_sound = label(_("No speakers or headphones were found, so this plays without "
                                "sound. Connect some and select the attachment again."),
                              "warning")
        self.no_sound.hide()
        bar = QHBoxLayout()
        bar.addWidget(self.play_button)
        bar.addWidget(self.slider, 1)
        bar.addWidget(self.time)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addLayout(bar)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.no_sound)
        self.layout_.addWidget(self.markers_title)
        self.layout_.addWidget(self.markers, 1)

    def _start_backend(self) -> QMediaPlayer:
        if self.player is None:
            self.player = QMediaPlayer(self)
            if self._with_sound:
                self.audio = QAudioOutput(self)
                self.player.setAudioOutput(self.audio)
            self.player.positionChanged.connect(self._position)
            self.player.durationChanged.connect(self._duration)
            self.player.playbackStateChanged.connect(self._state)
            self.player.errorOccurred.connect(self._error)
            self.player.mediaStatusChanged.connect(self._status)
        return self.player

    def load(self, device, filename: str, data: dict, video: bool = False) -> None:
        """Play ``device`` (a BlobDevice over the attachment); ``data`` is its record's data."""
        self.unload()
        self._start_backend()
        self.device = device
        if video:
            from PySide6.QtMultimediaWidgets import QVideoWidget

            self.video = QVideoWidget()
            self.layout_.insertWidget(0, self.video, 3)
            self.player.setVideoOutput(self.video)
        self.duration_ms = int(data.get("duration_ms") or
                               data.get("metadata", {}).get("duration_ms") or 0)
        self._duration(self.duration_ms)
        marks = markers_of(data)
        self.slider.marks = [m.at_ms for m in marks]
        for m in marks:
            item = QListWidgetItem(f"{clock(m.at_ms / 1000)}  {m.label}")
            item.setData(Qt.ItemDataRole.UserRole, m.at_ms)
            self.markers.addItem(item)
        self.markers.setVisible(bool(marks))
        self.markers_title.setVisible(bool(marks))
        self.no_sound.setVisible(self._with_sound and not has_sound_output())
        self.player.setSourceDevice(device, QUrl(filename))

    def unload(self) -> None:
        if self.player is not None:
            self.player.stop()
            self.player.setSource(QUrl())
        if self.video is not None:
            self.player.setVideoOutput(None)
            self.video.deleteLater()
            self.video = None
        if self.device is not None:
            self.device.close()
            self.device = None
        self.markers.clear()
        self.slider.marks = []
        self._pending_seek = None
        self.error.clear()
        self.error.setToolTip("")
        self.no_sound.hide()

    @property
    def marker_list(self) -> list[Marker]:
        return [Marker(self.markers.item(i).data(Qt.ItemDataRole.UserRole), "")
                for i in range(self.markers.count())]

    def toggle(self) -> None:
        if self.player is None:
            return
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def seek(self, ms: int) -> None:
        """Go to ``ms``; asked before the media is loaded, it happens once it is."""
        if self.player is None:
            return
        if self.player.mediaStatus() in (QMediaPlayer.MediaStatus.LoadingMedia,
                                         QMediaPlayer.MediaStatus.NoMedia):
            self._pending_seek = int(ms)
        self.player.setPosition(int(ms))

    _pending_seek: int | None = None

    def _status(self, status) -> None:
        if self._pending_seek is not None and status in (
                QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia):
            ms, self._pending_seek = self._pending_seek, None
            self.player.setPosition(ms)

    def _jump(self, item: QListWidgetItem) -> None:
        self.seek(item.data(Qt.ItemDataRole.UserRole))
        if self.player.playbackState() != QMediaPlayer.PlaybackState.PlayingState:
            self.player.play()

    def _position(self, ms: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        self.time.setText(f"{clock(ms / 1000)} / {clock(self.duration_ms / 1000)}")
        self.position_changed.emit(ms)

    def _duration(self, ms: int) -> None:
        if ms > 0 and (not self.duration_ms or abs(ms - self.duration_ms) > 2000):
            self.duration_ms = self.duration_ms or ms
        self.slider.setRange(0, max(self.duration_ms, 0))
        self.time.setText(f"{clock(self.slider.value() / 1000)} / "
                          f"{clock(self.duration_ms / 1000)}")

    def _state(self, state) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setText(_("Pause") if playing else _("Play"))

    def _error(self, _error, text: str) -> None:
        """One sentence, and the player stops: a damaged chunk is named by the store; anything
        else is a format or codec Qt's backend does not read (its own words go in the
        tooltip, for whoever helps). The stop waits for the backend to return from its error:
        stopped inside it, a stream without a decoder goes on "playing" nothing."""
        QTimer.singleShot(0, self.player.stop)
        reason = getattr(self.device, "error_text", "")
        if reason:
            message = _("This recording cannot be played: {reason}").format(reason=reason)
        elif self.video is not None:
            self.video.hide()
            message = _("Fieldnotes cannot play this video's format; it stays encrypted in the "
                        "vault, and “Save decrypted copy…” lets another program open it.")
        else:
            message = _("Fieldnotes cannot play this recording's format; it stays encrypted in "
                        "the vault, and “Save decrypted copy…” lets another program open it.")
        self.error.show_error(message)
        self.error.setToolTip(text)
