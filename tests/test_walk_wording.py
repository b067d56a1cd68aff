"""Wording found on the walk through the Chinese screens (GLOSSARY.md):

- the user is 您, never the informal 你; the demo case is fictional (虚构 / 虛構), never
  "fabricated" (编造 / 編造, the word used for forged evidence);
- a sentence that sends the reader to a button names it as the button reads;
- passphrase strength is counted in one unit (比特 / 位元);
- zh_TW "Add …" buttons are 加入, not the 新增 of "New …".
"""

from __future__ import annotations

import re

import pytest

from fieldnotes import i18n
from tests.test_catalogs import _translations


@pytest.mark.parametrize(("lang", "words"), [("zh_CN", ("你", "编造")),
                                             ("zh_TW", ("你", "編造"))])
def test_no_informal_address_and_no_fabricated_demo(lang, words):
    found = [(name, word, text) for name, _id, text in _translations(lang)
             for word in words if word in text]
    assert not found, found


def test_the_demo_vault_does_not_call_itself_fabricated():
    """The demo's own Chinese text (data, not the catalogs) says 虚构 too."""
    from pathlib import Path

    source = (Path(__file__).resolve().parent.parent / "fieldnotes" / "demo.py").read_text(
        encoding="utf-8")
    assert "编造" not in source and "編造" not in source


@pytest.fixture
def language():
    yield i18n.set_language
    i18n.set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_the_export_hint_names_identity_and_contacts_as_its_button_reads(lang, language):
    language(lang)
    button = re.sub(r"\(&\w\)|&(?=\w)", "", i18n._("I&dentity && contacts")).replace("&&", "&")
    title = i18n._("Identity & contacts")
    hint = i18n._("You have no verified contacts yet. Add your coordinator's card and compare "
                  "fingerprints under Identity & contacts.")
    assert button == title
    assert title in hint


@pytest.mark.parametrize(("lang", "unit", "not_alone"), [("zh_CN", "比特", "位"),
                                                         ("zh_TW", "位元", None)])
def test_passphrase_strength_names_its_unit_with_one_word(lang, unit, not_alone, language):
    """zh_CN said “约 86 比特” when strong but “约 13 位” when too weak — and 13 位 reads as
    thirteen characters, not bits of strength."""
    language(lang)
    strong = i18n._("{label}: about {bits:.0f} bits. A state with a cracking farm would need "
                    "{crack_time} to guess it.")
    weak = i18n._("Too weak: about {bits} bits, and a vault needs at least {floor}. Add two or "
                  "three more words that do not belong together.")
    for text in (strong, weak):
        assert unit in text
        assert not_alone is None or not_alone not in text.replace(unit, "")


def test_traditional_add_buttons_do_not_read_as_new():
    """The app's "New case", "New person"… buttons are 新增… in zh_TW (as 新增資料夾 is "New
    folder" on Windows), so "Add files…" as 新增檔案… read as "New file" and "Add a person…"
    as 新增人員… was the "New person" button with dots; every other Add is 加入."""
    from babel.messages.pofile import read_po

    from tests.test_catalogs import catalogs

    found = []
    for path in catalogs.area_files("zh_TW"):
        with path.open("rb") as fh:
            for m in read_po(fh, locale="zh_TW"):
                if (isinstance(m.id, str) and m.id.startswith("Add ") and m.id.endswith("…")
                        and m.string.startswith("新增")):
                    found.append((path.name, m.id, m.string))
    assert not found, found
