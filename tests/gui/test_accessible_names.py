"""Every control on every screen has a name a screen reader can say: an accessible name, its
own text (buttons, check boxes) or a label whose buddy it is."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from tests.gui.helpers import add_record

CONTROLS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox,
            QAbstractItemView, QAbstractSlider, QAbstractButton)


def unnamed(root: QWidget) -> list[str]:
    buddies = {id(lb.buddy()) for lb in root.findChildren(QLabel) if lb.buddy() is not None}
    out = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or not w.isVisibleTo(root):
            continue
        if type(w).__name__ in ("QLineEditIconButton", "QScrollBar", "QTabBar", "QToolBarExtension",
                                  "QHeaderView"):
            continue   # parts of another control, named through it
        if isinstance(w.parent(), QComboBox) or isinstance(w.parent(), QAbstractSpinBox):
            continue   # the editor or list inside a combo box or spin box
        if w.accessibleName() or id(w) in buddies:
            continue
        if isinstance(w, QAbstractButton) and (w.text().replace("&", "").strip()
                                               or w.toolTip()):
            continue
        out.append(f"{type(root).__name__}: {type(w).__name__} {w.objectName()!r} "
                   f"{getattr(w, 'placeholderText', lambda: '')()!r}")
    return out


def screens(window, case_view):
    yield window.welcome
    yield window.create
    yield window.unlock
    yield window.recover
    yield window.main_view
    for i in range(case_view.count()):
        case_view.setCurrentIndex(i)
        yield case_view.widget(i)


def test_every_control_on_every_screen_has_a_name(window, case_view, qtbot):
    add_record(case_view.tabs_by_type["person"], name="Li Wei")
    add_record(case_view.tabs_by_type["note"], title="A note", text="text")
    problems = []
    for screen in screens(window, case_view):
        window.stack.setCurrentWidget(screen) if window.stack.indexOf(screen) >= 0 else None
        screen.show()
        problems += unnamed(screen)
    assert problems == [], "\n".join(problems)


def test_every_dialog_has_named_controls(window, case_view, qtbot):
    from ui.bundles.export_dialog import ExportDialog
    from ui.bundles.import_dialog import ImportDialog
    from ui.people.identity_dialog import IdentityDialog
    from ui.shell.settings_dialog import SettingsDialog

    problems = []
    for make in (lambda: SettingsDialog(window.settings, window, session=window.session),
                 lambda: ExportDialog(window.session, window.main_view),
                 lambda: ImportDialog(window.session, window.main_view),
                 lambda: IdentityDialog(window.session, window.main_view)):
        dialog: QDialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        tabs = getattr(dialog, "tabs", None)
        for i in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(i)
            problems += unnamed(dialog)
        dialog.reject()
    QApplication.processEvents()
    assert problems == [], "\n".join(sorted(set(problems)))
