"""Sentences kept language-neutral (fieldnotes.sentences): codes, fields, counts, nesting."""

from __future__ import annotations

import json

import pytest

from fieldnotes import i18n, sentences
from fieldnotes.errors import BundleRejected


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


def test_only_while_keeping_do_sentences_carry_codes():
    i18n.set_language("zh_CN")
    plain = i18n._("There is no folder {name}.").format(name="a.age")
    assert type(plain) is str and sentences.neutral(plain) is None
    with sentences.keeping():
        kept = i18n._("Cannot read {file} (the system said {reason}).").format(
            file="a.age", reason=i18n._("refused: {reason}").format(reason="EIO"))
        counted = i18n.ngettext("{n} revision added", "{n} revisions added", 3).format(n=3)
        error = BundleRejected(i18n._("This bundle is not addressed to this vault."))
    assert isinstance(kept, str) and "a.age" in kept and "Cannot read" not in kept  # in Chinese
    stored = json.loads(json.dumps(sentences.neutral(kept)))
    assert stored == {"code": "Cannot read {file} (the system said {reason}).",
                      "fields": {"file": "a.age", "reason": {"code": "refused: {reason}",
                                                            "fields": {"reason": "EIO"}}}}
    assert sentences.english(stored) == "Cannot read a.age (the system said refused: EIO)."
    assert sentences.render(stored) == str(kept)
    i18n.set_language("zh_TW")
    assert sentences.render(stored) != str(kept) and "a.age" in sentences.render(stored)
    assert sentences.english(sentences.neutral(counted)) == "3 revisions added"
    assert sentences.render(sentences.neutral(counted)) == i18n.ngettext(
        "{n} revision added", "{n} revisions added", 3).format(n=3)
    assert error.neutral == {"code": "This bundle is not addressed to this vault."}


def test_a_translation_that_lost_a_field_falls_back_to_english(monkeypatch):
    stored = {"code": "There is no file {name}.", "fields": {"name": "a.age"}}
    monkeypatch.setattr(i18n, "_", lambda message: "没有文件 {nom}。")
    assert sentences.render(stored) == "There is no file a.age."


def test_fields_that_fit_no_template_give_the_template():
    assert sentences.english({"code": "There is no file {name}.", "fields": {"other": 1}}) == \
        "There is no file {name}."
