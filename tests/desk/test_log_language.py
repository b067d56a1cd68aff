"""The import log keeps reasons language-neutral: a code (the English template) and its
fields, put into words in the reader's language when shown — core, CLI text and --json (the
app's screen: tests/gui/test_import_queue.py). Old rows, free text, are shown as they are."""

from __future__ import annotations

import json
import re

import pytest

from fieldnotes import contacts, i18n
from fieldnotes.desk import batch, importlog
from tests.bundle import helpers
from tests.bundle.test_cli import cli_pair

HAN = re.compile(r"[\u4e00-\u9fff]")
UNKNOWN = ("This bundle was signed by {fingerprint}, which is not among your verified "
           "contacts.")


@pytest.fixture
def language():
    yield i18n.set_language
    i18n.set_language("en")


def _refusals(desk) -> None:
    """Under English: a bundle from an unknown signer and a file that is not a bundle; and an
    old row whose reason is free text."""
    helpers.store(desk.stranger).create("case", {"title": "not yours"})
    foreign = desk.export(desk.stranger, since_last=True)
    junk = desk.tmp / "junk.bundle"
    junk.write_bytes(b"not a bundle at all")
    i18n.set_language("en")
    batch.import_many(desk.c, [foreign, junk])
    desk.c.conn.execute("INSERT INTO import_log(time, file, status, reason) VALUES("
                        "'2026-01-01T00:00:00Z', 'old.bundle', 'refused', '旧的理由 old words')")
    return foreign.name


def test_reasons_are_stored_as_codes_and_shown_in_the_readers_language(desk, language):
    foreign = _refusals(desk)
    fpr = desk.stranger.fingerprint
    log = {e["file"]: e for e in importlog.entries(desk.c.conn)}
    stranger = log[foreign]
    english = UNKNOWN.format(fingerprint=contacts.grouped(fpr))
    assert stranger["reason"] == english
    assert stranger["reason_code"] == {"code": UNKNOWN,
                                       "fields": {"fingerprint": contacts.grouped(fpr)}}
    junk = log["junk.bundle"]
    assert junk["reason"] == "This file is not a Fieldnotes bundle." and junk["reason_code"]
    old = log["old.bundle"]
    assert old["reason_code"] is None

    shown = {}
    for lang in ("zh_CN", "zh_TW"):
        language(lang)
        shown[lang] = importlog.reason_text(stranger), importlog.reason_text(junk)
        assert shown[lang][0] == i18n._(UNKNOWN).format(fingerprint=contacts.grouped(fpr))
        assert HAN.search(shown[lang][0]) and contacts.grouped(fpr) in shown[lang][0]
        assert HAN.search(shown[lang][1]) and "Fieldnotes" in shown[lang][1]
        assert importlog.reason_text(old) == "旧的理由 old words"  # free text, as it was
    assert shown["zh_CN"] != shown["zh_TW"]
    language("en")
    assert importlog.reason_text(stranger) == english


def test_a_gap_is_logged_neutral_too(desk, language):
    s = helpers.store(desk.r)
    case = s.create("case", {"title": "case"})
    first = desk.export()
    s.create("note", {"text": "second"}, case)
    desk.export()  # never delivered
    s.create("case", {"title": "another"})
    third = desk.export()
    language("en")
    attempts = batch.import_many(desk.c, [first, third])
    assert attempts[1].status == "added" and attempts[1].gaps
    entry = next(e for e in importlog.entries(desk.c.conn) if e["file"] == third.name)
    assert entry["gaps"] == [str(attempts[1].gaps[0])] and entry["gap_codes"][0]["code"]
    language("zh_TW")
    (gap,) = importlog.gap_texts(entry)
    assert HAN.search(gap) and "Researcher" in gap and gap != entry["gaps"][0]


def test_cli_log_is_shown_in_the_language_it_is_read_in(cli, tmp_path):
    r, c, c_fpr = cli_pair(cli, tmp_path, coordinator_knows_researcher=False)
    r("case", "add", "--title", "Case")
    r("export", "--to", c_fpr, "--since-last", "-o", tmp_path / "1.bundle")
    proc = c("import", tmp_path / "1.bundle", "--json", check=False, lang="en_US.UTF-8")
    (attempt,) = json.loads(proc.stdout)
    assert attempt["reason"].startswith("This bundle was signed by")
    assert attempt["reason_code"]["code"] == UNKNOWN

    logged = json.loads(c("import-log", "--json", lang="zh_CN.UTF-8").stdout)[0]
    assert logged["reason"] == attempt["reason"]  # --json: English words and the code
    assert logged["reason_code"] == attempt["reason_code"]
    fields = attempt["reason_code"]["fields"]["fingerprint"]
    reasons = []
    for lang in ("zh_CN.UTF-8", "zh_TW.UTF-8"):
        (line,) = c("import-log", lang=lang).stdout.strip().splitlines()
        reason = line.split("\t")[6]
        assert fields in reason and HAN.search(reason) and "signed by" not in reason
        reasons.append(reason)
    assert reasons[0] != reasons[1]
