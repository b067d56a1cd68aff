"""Fill forms the way a user does: through the widgets."""

from __future__ import annotations


def fill(form, **values) -> None:
    """Set editor values by field name; consent is a dict of its own fields."""
    for name, value in values.items():
        ed = form.editors[name]
        if name == "consent":
            for k, v in value.items():
                ed.editors[k].set(v)
        else:
            ed.set(value)


def add_record(tab, **values) -> str:
    tab.new_button.click()
    fill(tab.form, **values)
    rid = tab.form.save()
    assert rid, tab.form.error.text()
    return rid
