"""GUI fixtures: an AppWindow on a fresh or unlocked vault, offscreen, remembering nothing."""

from __future__ import annotations

import pytest
import shiboken6

pytest.importorskip("pytestqt")

STRONG = "river lantern copper mosaic thimble quarry"


@pytest.fixture
def make_window(qtbot):
    from ui.shell.app_window import AppWindow
    from ui.shell.settings import Settings

    made = []

    def factory(path):
        w = AppWindow(path, Settings(persistent=False))
        w.show()
        made.append(w)
        return w

    yield factory
    # Not qtbot.addWidget: qtbot closes its widgets before this runs, and closing a window with
    # unsaved edits asks Save / Discard / Cancel. A lock keeps them as a draft without asking.
    for w in made:
        if shiboken6.isValid(w):
            if w.main_view is not None:
                w.lock()
            w.close()
            w.deleteLater()


@pytest.fixture
def window(make_window, vault):
    """A window with ``vault`` unlocked (the KDF already ran in the fixture)."""
    w = make_window(vault.path)
    w._open_session(vault)
    return w


@pytest.fixture
def case_view(window):
    cid = window.main_view.create_case("Detention of lawyers")
    assert cid
    return window.main_view.case_view
