"""The microphone permission path (macOS and Windows ask the person; Linux grants): the
recorder asks Qt before it opens a microphone, starts only when allowed, and otherwise says in
one sentence where to allow it — nothing opened, nothing stored. The system's answers are faked
here (CI has no permission dialog); the macOS bundle's Info.plist must carry the sentence the
system shows when it asks (without NSMicrophoneUsageDescription macOS refuses outright)."""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QMicrophonePermission, Qt, QTimer

from tests.media.synth import MemorySink, synthetic_sources

pytestmark = pytest.mark.gui

Status = Qt.PermissionStatus
REFUSED = ("Fieldnotes may not use the microphone. Allow it in the system's privacy settings, "
           "then try again.")


class FakeSystem:
    """QCoreApplication's two permission calls, answering as a person at the dialog would."""

    def __init__(self, status, answer=None):
        self.status, self.answer = status, answer
        self.checked, self.asked = [], []

    def checkPermission(self, permission):  # noqa: N802
        self.checked.append(type(permission))
        return self.status

    def requestPermission(self, permission, callback):  # noqa: N802
        self.asked.append(type(permission))
        self.status = self.answer

        QTimer.singleShot(0, lambda: callback(permission))  # the answer comes later


@pytest.fixture
def recorder_with(qtbot, monkeypatch):
    from ui.media import recorder

    def make(system):
        monkeypatch.setattr(recorder, "QCoreApplication", SimpleNamespace(instance=lambda: system))
        names, factory = synthetic_sources(16000)
        panel = recorder.RecorderPanel(lambda pcm: MemorySink, (names, factory))
        qtbot.addWidget(panel)
        return panel, factory

    return make


def test_granted_records_at_once(recorder_with):
    system = FakeSystem(Status.Granted)
    panel, factory = recorder_with(system)
    panel.record()
    assert system.checked == [QMicrophonePermission] and system.asked == []
    assert panel.state == "recording" and factory.last is not None
    panel.stop()
    assert panel.state == "done"


def test_denied_says_where_to_allow_it_and_opens_nothing(recorder_with):
    system = FakeSystem(Status.Denied)
    panel, factory = recorder_with(system)
    panel.record()
    assert system.asked == []  # a refusal is not asked again: the person changes it in settings
    assert panel.state == "idle" and factory.last is None
    assert panel.error.text() == REFUSED and panel.error.isVisibleTo(panel)
    assert panel.record_button.isEnabled()


@pytest.mark.parametrize("answer,state", [(Status.Granted, "recording"), (Status.Denied, "idle")])
def test_undetermined_asks_the_person_then_follows_the_answer(recorder_with, qtbot, answer,
                                                               state):
    system = FakeSystem(Status.Undetermined, answer)
    panel, factory = recorder_with(system)
    panel.record()
    assert system.asked == [QMicrophonePermission]
    assert panel.state == "idle" and factory.last is None  # nothing opened while the dialog shows
    qtbot.waitUntil(lambda: panel.state != "idle" or bool(panel.error.text()), timeout=5000)
    assert panel.state == state
    assert (factory.last is not None) == (answer == Status.Granted)
    assert (panel.error.text() == REFUSED) == (answer == Status.Denied)
    if panel.state == "recording":
        panel.stop()


def test_this_system_grants_the_microphone_without_asking(qtbot):
    from ui.media.recorder import microphone_allowed

    got = []
    microphone_allowed(got.append)  # the real QCoreApplication: Linux has no microphone dialog
    qtbot.waitUntil(lambda: got == [True], timeout=5000)


def test_the_macos_bundle_explains_why_it_wants_the_microphone():
    spec = Path(__file__).resolve().parents[2] / "build.spec"
    tree = ast.parse(spec.read_text(encoding="utf-8"))
    plists = [kw.value for node in ast.walk(tree) if isinstance(node, ast.Call)
              and getattr(node.func, "id", "") == "BUNDLE"
              for kw in node.keywords if kw.arg == "info_plist"]
    assert len(plists) == 1
    plist = {ast.literal_eval(k): v for k, v in zip(plists[0].keys, plists[0].values, strict=True)}
    assert "records interviews" in ast.literal_eval(plist["NSMicrophoneUsageDescription"])
