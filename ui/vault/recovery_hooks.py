"""Where the recovery pieces join the window (kept here so AppWindow changes by two lines):
"Use recovery shares…" on the unlock screen, "I have a setup file from my organisation…" on
the welcome screen, and the recovery section of Settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLayout, QPushButton, QWidget

from fieldnotes import setup_file, strength
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _, ngettext
from ui.shell.settings_recovery import RecoverySection
from ui.vault import setup_file as setup_ui
from ui.vault.recover_shares import RecoverSharesScreen
from ui.widgets import file_dialogs
from ui.widgets.basic import ErrorLabel


def _beside(anchor: QWidget, new: QWidget) -> None:
    """Put ``new`` right after ``anchor`` in whichever layout holds it."""
    for lay in anchor.window().findChildren(QLayout):
        at = lay.indexOf(anchor)
        if at >= 0:
            lay.insertWidget(at + 1, new)
            return
    raise LookupError("anchor not in a layout")


def install(window) -> None:
    window.recover_shares = screen = RecoverSharesScreen(window.vault_path)
    window.stack.addWidget(screen)
    shares = QPushButton(_("Use recovery shares…"))
    shares.setFlat(True)
    _beside(window.unlock.recover_button, shares)
    window.unlock.shares_button = shares

    def show_shares() -> None:
        screen.set_path(window.unlock.vault_path)
        window.stack.setCurrentWidget(screen)

    shares.clicked.connect(show_shares)
    screen.back.connect(lambda: window._show_unlock(window.vault_path))
    screen.recovered.connect(window._open_session)

    window.pending_setup = None
    window.setup_error = ErrorLabel()
    setup_button = QPushButton(_("I have a setup file from my organisation…"))
    setup_button.setFlat(True)
    _beside(window.welcome.open_button, setup_button)
    _beside(window.welcome.demo, window.setup_error)
    window.welcome.setup_button = setup_button
    setup_button.clicked.connect(lambda: choose_setup(window))
    window.create.created.connect(lambda vault, _key: _apply_setup(window, vault))


def _strength_floor(window, settings: dict) -> None:
    """The create screen's passphrase floor: the organisation's while its setup file is
    pending (the rule and sentence `fieldnotes init` and `passwd` use, fieldnotes/strength)."""
    window.create.passphrase.set_floor(strength.floor_bits(settings))


def choose_setup(window, path: Path | None = None) -> setup_ui.SetupFileDialog | None:
    """Read a setup file (asking for it if ``path`` is None) and open its dialog."""
    if path is None:
        chosen = file_dialogs.open_file(window, _("Open the setup file from your organisation"))
        if not chosen:
            return None
        path = Path(chosen)
    window.setup_error.clear()
    try:
        setup = setup_ui.read(path)
    except FieldnotesError as exc:
        window.setup_error.show_error(str(exc))
        return None
    dialog = setup_ui.SetupFileDialog(setup, window)

    def confirmed() -> None:
        window.pending_setup = setup
        window.create.kdf_floor_mib = setup.settings.get("kdf_floor_mib", 0)
        _strength_floor(window, setup.settings)
        window._show_create(window.welcome.vault_path)

    dialog.accepted.connect(confirmed)
    dialog.open()
    return dialog


def _apply_setup(window, vault) -> None:
    setup, window.pending_setup = window.pending_setup, None
    window.create.kdf_floor_mib = 0
    _strength_floor(window, {})
    if setup is None:
        return
    try:
        trusted = setup_file.apply(vault, setup, setup.coordinator.fingerprint)
    except FieldnotesError as exc:
        notice = str(exc)
    else:
        if "idle_minutes" in setup.settings:
            window.settings.idle_minutes = setup.settings["idle_minutes"]
        notice = ngettext("Your organisation's setup is applied: {n} verified contact to "
                          "export to.", "Your organisation's setup is applied: {n} verified "
                          "contacts to export to.", len(trusted)).format(n=len(trusted))

    def show() -> None:  # once, when the new vault's main view is there
        window.unlocked.disconnect(show)
        if window.main_view is not None:
            window.main_view.show_notice(notice)

    window.unlocked.connect(show)


def add_settings(dialog, window) -> RecoverySection | None:
    """The recovery section in Settings, when a vault is open; a wipe shows the welcome
    screen, as on a fresh install."""
    if window.session is None:
        return None
    section = RecoverySection(window.session.vault, dialog)
    dialog.layout().insertWidget(max(dialog.layout().count() - 1, 0), section)

    def wiped() -> None:
        dialog.reject()
        window.lock()
        window.stack.setCurrentWidget(window.welcome)

    section.wiped.connect(wiped)
    return section
