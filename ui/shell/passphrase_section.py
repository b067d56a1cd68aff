"""Settings → Passphrase and key: change the passphrase, change the key strength (Argon2id
cost, with the unlock time each costs on this machine). Both ask for the current passphrase;
the Argon2id work runs on a worker, and only the passphrase slot of keyslots.json changes."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QPushButton, QVBoxLayout, QWidget

from fieldnotes import passphrase, setup_file, strength
from fieldnotes.i18n import _, ngettext
from ui.shell.style import set_primary
from ui.vault.passphrase_fields import PassphraseFields
from ui.vault.passphrase_line import PassphraseLine, caps_lock_warning
from ui.widgets.basic import ErrorLabel, ProgressPanel, button_row, keep_place, label
from ui.workers import Worker


class PassphraseSection(QWidget):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        recommended = setup_file.recommended(session.conn)
        self.floor_mib = int(recommended.get("kdf_floor_mib") or 64)
        self.current = PassphraseLine(name=_("Current passphrase"))
        self.caps = caps_lock_warning(self.current)
        # One form for every row, so the labels share one column and the fields line up.
        form = QFormLayout()
        form.addRow(_("Current passphrase"), self.current)
        form.addRow("", keep_place(self.caps))   # typing must not move the fields below
        self.new = PassphraseFields(first_label=_("New passphrase"), form=form)
        self.new.floor = strength.floor_bits(recommended)
        self.new.first.setPlaceholderText(_("Leave empty to keep the passphrase"))
        self.cost = QComboBox()
        self.cost.setAccessibleName(_("Key strength"))
        self.apply_button = set_primary(QPushButton(_("&Apply")))
        self.apply_button.clicked.connect(self.start)
        self.error = ErrorLabel()
        self.done = label("", "hint")
        self.progress = ProgressPanel(cancellable=False)

        form.addRow(_("Key strength"), self.cost)
        form.addRow("", label(_("A stronger key makes every guess of a seized laptop's "
                                "passphrase cost more, and every unlock take longer on this "
                                "computer."), "hint"))
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.progress)
        lay.addWidget(self.done)
        lay.addLayout(button_row(right=[self.apply_button]))
        lay.addStretch()
        self._per_unit: float | None = None
        self._fill_costs()
        timing = Worker(self)
        timing.succeeded.connect(self._timed)
        timing.start(lambda job: passphrase.seconds_per_unit())

    def _timed(self, per_unit: float) -> None:
        self._per_unit = per_unit
        self._fill_costs()

    def _fill_costs(self) -> None:
        per_unit = self._per_unit
        present = self.session.vault.slots.params()
        choices = [(m, t, _(name)) for m, t, name in passphrase.COSTS if m >= self.floor_mib * 1024]
        if (present.memory_kib, present.iterations) not in {(m, t) for m, t, _n in choices}:
            choices.append((present.memory_kib, present.iterations, _("This vault's own")))
        choices.sort()
        keep = self.chosen_cost() if self.cost.count() else (present.memory_kib,
                                                               present.iterations)
        self.cost.clear()
        self.costs = [(m, t) for m, t, _n in choices]
        for memory, passes, name in choices:
            text = _("{name}: {mib} MiB, {passes}").format(
                name=name, mib=memory // 1024,
                passes=ngettext("{n} pass", "{n} passes", passes).format(n=passes))
            if per_unit:
                seconds = passphrase.estimate_seconds(memory, passes, per_unit)
                text = _("{choice} — about {seconds} s to unlock here").format(
                    choice=text, seconds=f"{seconds:.1f}")
            if (memory, passes) == (present.memory_kib, present.iterations):
                text = _("{choice} (now)").format(choice=text)
            self.cost.addItem(text)
        self.cost.setCurrentIndex(self.costs.index(keep) if keep in self.costs else 0)

    def chosen_cost(self) -> tuple[int, int]:
        """(memory KiB, passes) of the key strength chosen."""
        return self.costs[self.cost.currentIndex()]

    def start(self) -> None:
        self.error.clear()
        self.done.setText("")
        current, new = self.current.text(), self.new.passphrase
        memory, passes = self.chosen_cost()
        present = self.session.vault.slots.params()
        if not current:
            self._refuse(_("Type the current passphrase first."), self.current)
            return
        if new and not self.new.acceptable():
            self._refuse(strength.refusal(new, self.new.floor)
                         or _("The two new passphrases differ."), self.new.first)
            return
        if not new and (memory, passes) == (present.memory_kib, present.iterations):
            self._refuse(_("Nothing to change: type a new passphrase or choose another key "
                           "strength."), self.new.first)
            return
        slots, floor = self.session.vault.slots, self.floor_mib
        worker = Worker(self)
        worker.succeeded.connect(lambda made: self._write(made, bool(new)))
        worker.failed.connect(lambda msg: self._refuse(msg, self.current))
        worker.finished.connect(lambda: self.apply_button.setEnabled(True))
        self.apply_button.setEnabled(False)
        self.progress.follow(worker, _("Wrapping the vault key again…"))
        worker.start(lambda job: passphrase.new_slots(slots, current, new or None, memory,
                                                      passes, floor))

    def _write(self, made, changed_passphrase: bool) -> None:
        vault = self.session.vault
        if vault.locked:
            return
        vault.rewrite_slots(lambda _s, _k: made,
                            passphrase.action_for("new" if changed_passphrase else None))
        self.current.clear()
        self.new.clear()
        self._fill_costs()
        self.done.setText(_("The passphrase was changed. Use the new one from now on.")
                          if changed_passphrase else _("The key strength was changed."))

    def _refuse(self, message: str, focus) -> None:
        self.error.show_error(message)
        focus.setFocus()
        focus.selectAll()
