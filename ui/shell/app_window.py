"""The one top-level window: a stack of screens (welcome, create, recovery key, unlock,
recover, main view) and the lock that takes it back to the unlock screen."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QWidget,
)

from fieldnotes import i18n, recovered_recordings, script_variants, vault_files
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from fieldnotes.vault import DB_NAME, SLOTS_NAME
from ui import workers
from ui.records.unsaved import settle_all
from ui.shell import language
from ui.shell.clipboard import SecureClipboard
from ui.shell.lock import LOCK_SHORTCUTS, IdleWatcher, LockKeysInDialogs
from ui.shell.main_view import MainView
from ui.shell.session import Session
from ui.shell.settings import Settings
from ui.shell.system_lock import SystemLockWatcher
from ui.vault import recovery_hooks
from ui.vault.create_vault import CreateVaultScreen
from ui.vault.recover import RecoverScreen
from ui.vault.recovery_key import RecoveryKeyScreen
from ui.vault.unlock import UnlockScreen
from ui.vault.welcome import WelcomeScreen
from ui.widgets import keyboard
from ui.widgets.basic import confirm


class AppWindow(QMainWindow):
    unlocked = Signal()
    locked = Signal()

    def __init__(self, vault_path: Path, settings: Settings | None = None):
        super().__init__()
        self.setWindowTitle(_("Fieldnotes"))
        self.resize(1200, 760)
        self.settings = settings or Settings(persistent=False)
        self.vault_path = Path(vault_path)
        self.session: Session | None = None
        self.main_view: MainView | None = None
        self.clipboard = SecureClipboard(self)

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.recovery_key = RecoveryKeyScreen()
        self.stack.addWidget(self.recovery_key)
        self.recovery_key.confirmed.connect(self._recovery_confirmed)
        self._build_start_screens()

        self.idle = IdleWatcher(self.settings.idle_minutes * 60_000, self)
        self.idle.idle.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
            keyboard.install(app)
            self.lock_keys = LockKeysInDialogs(self)   # the lock keys in a modal dialog too
            self.lock_keys.lock_requested.connect(self.lock)
            app.installEventFilter(self.lock_keys)
        self.system_lock = SystemLockWatcher(self)  # suspend or screen lock: lock too
        self.system_lock.lock_requested.connect(self.lock)
        self.lock_shortcuts = [QShortcut(keys, self, self.lock) for keys in LOCK_SHORTCUTS]
        for shortcut in self.lock_shortcuts:
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self._pending_vault = None
        recovery_hooks.install(self)  # shares on unlock, setup file on welcome (ui/vault)

        if vault_files.redoable(self.vault_path):
            # Its creation was cut short (a full disk, a power cut): nothing to unlock, and
            # the welcome screen creates the vault there again.
            self.stack.setCurrentWidget(self.welcome)
        elif any((self.vault_path / name).is_file() for name in (DB_NAME, SLOTS_NAME)):
            # A vault, even a damaged one: the unlock screen says what is wrong with it,
            # instead of the welcome screen offering to create a vault in its place.
            self._show_unlock(self.vault_path)
        else:
            self.stack.setCurrentWidget(self.welcome)

    def _build_start_screens(self) -> None:
        """The screens before a vault is open; built again when the language changes."""
        self.welcome = WelcomeScreen(self.vault_path)
        self.create = CreateVaultScreen(self.vault_path)
        self.unlock = UnlockScreen(self.vault_path)
        self.recover = RecoverScreen(self.vault_path)
        for w in (self.welcome, self.create, self.unlock, self.recover):
            self.stack.addWidget(w)

        self.welcome.create_requested.connect(self._show_create)
        self.welcome.open_requested.connect(self._show_unlock)
        self.welcome.demo.ready.connect(self._open_demo)
        self.welcome.language_chosen.connect(self.set_language)
        self.create.back.connect(lambda: self.stack.setCurrentWidget(self.welcome))
        self.create.created.connect(self._created)
        self.unlock.unlocked.connect(self._open_session)
        self.unlock.recover_requested.connect(self._show_recover)
        self.unlock.other_requested.connect(lambda: self.stack.setCurrentWidget(self.welcome))
        self.recover.back.connect(lambda: self._show_unlock(self.vault_path))
        self.recover.recovered.connect(self._open_session)

    # -- language ---------------------------------------------------------------------------

    def set_language(self, code: str) -> None:
        """Switch at once, without a restart, and remember the choice outside the vault."""
        if code == i18n.language():
            return
        self.settings.language = language.apply(code)
        self.retranslate()

    def retranslate(self) -> None:
        """Build the visible screens again in the current language. Widgets call _() when
        they are built, so a fresh screen is a translated one. What the user was doing is
        kept: the same screen and vault folder; the recovery key stays on screen; the
        unlocked screen comes back through rebuild() with its case, records and drafts."""
        self.setWindowTitle(_("Fieldnotes"))
        current = self.stack.currentWidget()
        names = ("welcome", "create", "unlock", "recover")
        showing = next((n for n in names if getattr(self, n) is current), None)
        create_path, welcome_path = self.create.vault_path, self.welcome.vault_path
        for name in names:
            old = getattr(self, name)
            self.stack.removeWidget(old)
            old.deleteLater()
        self._build_start_screens()
        self.welcome.vault_path = welcome_path
        self.welcome._show_path()
        if showing == "create":
            self._show_create(create_path)
        elif showing in ("unlock", "recover"):
            getattr(self, f"_show_{showing}")(self.vault_path)
        elif showing == "welcome":
            self.stack.setCurrentWidget(self.welcome)
        self.rebuild()   # the unlocked screen: case, tab, records, drafts kept

    # -- navigation -----------------------------------------------------------------------

    def current_screen(self) -> QWidget:
        return self.stack.currentWidget()

    def _show_create(self, path: Path) -> None:
        self.create.error.clear()
        self.create.set_path(path)
        self.stack.setCurrentWidget(self.create)
        self.create.name.setFocus()

    def _show_unlock(self, path: Path) -> None:
        if vault_files.redoable(path):
            self._show_create(path)
            self.create.error.show_error(_(
                "Creating the vault in this folder was interrupted before it finished, so it "
                "holds nothing. Create it again here."))
            return
        self.vault_path = Path(path)
        self.unlock.set_path(self.vault_path)
        self.stack.setCurrentWidget(self.unlock)
        self.unlock.passphrase.setFocus()

    def _show_recover(self, path: Path) -> None:
        self.recover.set_path(path)
        self.stack.setCurrentWidget(self.recover)
        self.recover.key.setFocus()

    def _created(self, vault, recovery_text: str) -> None:
        self.vault_path = vault.path
        self._pending_vault = vault
        self.recovery_key.show_key(recovery_text)
        self.stack.setCurrentWidget(self.recovery_key)
        self.recovery_key.written.setFocus()   # Space ticks it, Tab reaches Continue

    def _recovery_confirmed(self) -> None:
        vault, self._pending_vault = self._pending_vault, None
        if vault is not None:
            self._open_session(vault)

    def _open_session(self, vault) -> None:
        self.vault_path = vault.path
        self.session = Session(vault, self.clipboard)
        self._show_main_view(MainView(self.session))
        # Never a silent open: a vault that lost history or met damage is read-only, and says so.
        # A recording a crash interrupted was finalised at unlock: each is said on its own line.
        lines = [" ".join(t for t in (vault.notice, vault.problem) if t)]
        said = "\n".join(t for t in lines + recovered_recordings.sentences(vault) if t)
        if vault.loss_to_acknowledge:
            self.main_view.show_notice(said, _("Accept the loss…"), self._acknowledge_loss)
        elif said:
            self.main_view.show_notice(said)
        self.idle.set_timeout_ms(self.settings.idle_minutes * 60_000)
        self.idle.start()
        # OpenCC's dictionaries (search across Chinese scripts) load once, here on a worker,
        # not on the window's thread at the first Chinese query (0.3-1 s).
        workers.Worker(self).start(lambda job: script_variants.warm_up())
        self.unlocked.emit()

    def _acknowledge_loss(self) -> None:
        """The user accepts the history the vault lost; the audit log records it and the
        vault can be written again (``fieldnotes audit acknowledge`` from the CLI)."""
        vault = self.session.vault
        if not confirm(self, _("Accept the loss"), _(
                "Changes that this vault once held are missing from vault.db. Accepting records "
                "this in the audit log and lets you write to the vault again; the missing "
                "changes are not brought back. If you have a copy of the vault folder from "
                "before (with its vault.db-wal file), close Fieldnotes and restore that "
                "instead."), warning=True):
            return
        try:
            vault.acknowledge_loss()
        except FieldnotesError as exc:
            self.main_view.show_notice(str(exc))
            return
        self.main_view.show_notice(_("The loss is recorded in the audit log. The vault can be "
                                     "written again."))

    def _open_demo(self, vault, _phrase: str, notice: str) -> None:
        self._open_session(vault)
        self.main_view.show_notice(notice)
        cases = self.main_view.cases.records()
        if cases:   # straight into the fictional case, not an empty screen
            self.main_view.select_case(cases[0]["id"])

    def _show_main_view(self, view: MainView) -> None:
        self.main_view = view
        view.lock_requested.connect(self.lock)
        view.settings_requested.connect(self.open_settings)
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)

    def _drop_main_view(self) -> None:
        view, self.main_view = self.main_view, None
        if view is not None:
            view.draft_keeper.stop()
            self.stack.removeWidget(view)
            view.hide()
            view.deleteLater()

    def rebuild(self) -> None:
        """Build the unlocked screen again (after a language switch): the case, tab, chosen
        records, search and every unsaved edit come back as they were."""
        if self.main_view is None:
            return
        old = self.main_view
        state = old.state()
        old.keep_drafts()
        self._drop_main_view()
        self._show_main_view(MainView(self.session))
        self.main_view.restore_state(state)

    def open_settings(self) -> None:
        from ui.shell.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self, session=self.session)
        recovery = recovery_hooks.add_settings(dialog, self)
        if recovery is not None:
            dialog.add_tab("recovery", recovery, _("Recovery and wipe"))
        if dialog.exec():
            self.idle.set_timeout_ms(self.settings.idle_minutes * 60_000)
            self.set_language(dialog.language.currentData())

    # -- locking --------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.session is None

    def lock(self) -> None:
        """Close the vault and drop everything that shows or holds its content."""
        self.idle.stop()
        pending, self._pending_vault = self._pending_vault, None
        if self.session is None and pending is None:
            return
        workers.cancel_all()
        if self.main_view is not None:
            self.main_view.keep_drafts()   # a lock never asks: what was typed becomes a draft
        for dialog in self.findChildren(QWidget):
            if dialog.isWindow() and dialog is not self and dialog.isVisible():
                dialog.close()
        if self.main_view is not None:
            self.main_view.clear()
            for w in self.main_view.findChildren(QLineEdit):
                w.clear()
            for w in self.main_view.findChildren(QPlainTextEdit):
                w.clear()
            for w in self.main_view.findChildren(QTextEdit):
                w.clear()
        self.recovery_key.clear()
        self.clipboard.clear()
        for vault in (self.session.vault if self.session else None, pending):
            if vault is not None:
                vault.lock()
        self.session = None
        self.locked.emit()   # widgets are empty here; they are destroyed just below
        self._drop_main_view()
        self._show_unlock(self.vault_path)

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.main_view is not None and not settle_all(self.main_view.unsaved_forms()):
            event.ignore()   # Cancel: the window stays, with the edits
            return
        if self.session is not None or self._pending_vault is not None:
            self.lock()
        self.clipboard.clear()
        app = QApplication.instance()
        if app is not None and shiboken6.isValid(self.idle):
            app.removeEventFilter(self.idle)
        super().closeEvent(event)
