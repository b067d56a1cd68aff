"""GUI fixtures: an AppWindow on a fresh or unlocked vault, offscreen, remembering nothing."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

STRONG = "river lantern copper mosaic thimble quarry"


@pytest.fixture
def make_window(qtbot):
    from ui.shell.app_window import AppWindow
    from ui.shell.settings import Settings

    def factory(path):
        w = AppWindow(path, Settings(persistent=False))
        qtbot.addWidget(w)
        w.show()
        return w

    return factory


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
