"""Reports as PDFs, checked with poppler's pdftotext and pdffonts (and looked at with pdftoppm
while writing them): Chinese renders from embedded fonts, the reader's language is followed,
pseudonyms hide names, withdrawn testimony is never printed, the custody report names every
revision, bundle and receipt."""

from __future__ import annotations

import json
import subprocess

import pytest

from fieldnotes import i18n
from fieldnotes.bundle import receipts
from fieldnotes.desk import batch
from fieldnotes.errors import FieldnotesError, NotFound
from fieldnotes.reports import case_report, custody
from tests.bundle import helpers
from tests.crypto.tooling import require_tool


def pdf_text(path) -> str:
    return subprocess.run([require_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def assert_fonts_embedded(path) -> list[str]:
    out = subprocess.run([require_tool("pdffonts"), str(path)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    assert out, "no fonts"
    for line in out:
        emb = line.split()[-5]
        assert emb == "yes", line
    return out


@pytest.fixture
def language():
    yield i18n.set_language
    i18n.set_language("en")


@pytest.fixture
def received(desk):
    """A case with a pseudonymised source and a testimony imported, then withdrawn."""
    ids = helpers.populate(desk.r, desk.tmp, size=5000)
    s = helpers.store(desk.r)
    s.update(ids["case"], {"title": "拘留王律师案"})
    ids["later"] = s.create("testimony", {"title": "Brother", "text": "TEXT-THEN-WITHDRAWN",
                                          "consent": {"scope": "publish_named"}}, ids["case"])
    batch.import_many(desk.c, [desk.export(cases=[ids["case"]])])
    s.update(ids["later"], {"consent": {"scope": "withdrawn"}})
    batch.import_many(desk.c, [desk.export(since_last=True)])
    assert "TEXT-THEN-WITHDRAWN" in desk.c.conn.execute(
        "SELECT group_concat(line) FROM revisions").fetchone()[0]  # held, yet never printed
    return ids


def test_case_report_in_chinese_respects_pseudonyms_and_consent(desk, received, language):
    language("zh_CN")
    out = desk.tmp / "case.pdf"
    left = case_report.write_case_report(desk.c.conn, received["case"], out)
    text = pdf_text(out)
    assert "拘留王律师案" in text                   # the case's Chinese title
    assert "我们一直不知道他在哪里。" in text          # shared testimony, Chinese text
    assert "王全璋" not in text and "W." in text     # the pseudonym, never the name
    assert "TEXT-THEN-WITHDRAWN" not in text and "Brother" not in text
    assert "证词" in text and "附件" in text          # headings in the reader's language
    assert received["sha"] in text                  # attachments with their SHA-256
    assert left["testimonies_kept_back"] == 1
    fonts = assert_fonts_embedded(out)
    assert any("CJK" in f for f in fonts)

    language("zh_TW")
    tw = desk.tmp / "case-tw.pdf"
    case_report.write_case_report(desk.c.conn, received["case"], tw)
    tw_text = pdf_text(tw)
    assert "證詞" in tw_text
    assert "頁" in tw_text  # the footer's page count: a glyph the SC face lacks
    assert any("CJKTC" in f.replace(" ", "") for f in assert_fonts_embedded(tw))


def test_custody_report_names_every_revision_bundle_and_receipt(desk, received, language):
    c = desk.c
    bundle_ids = [b for (b,) in c.conn.execute("SELECT bundle_id FROM bundles_received")]
    receipt_id = receipts.create_receipt(c, bundle_ids[0], desk.tmp / "r.receipt")
    out = desk.tmp / "custody.pdf"
    facts = custody.write_pdf(c.conn, received["case"], out)
    text = pdf_text(out).replace("\n", " ")
    hashes = [h for (h,) in c.conn.execute(
        "SELECT hash FROM revisions WHERE record_id IN (SELECT id FROM records WHERE "
        "case_id = ?)", (received["case"],))]
    assert len(hashes) > 10 and all(h in text for h in hashes)
    for b in bundle_ids:
        assert b in text
    sha = c.conn.execute("SELECT sha256 FROM bundles_received").fetchall()
    assert all(s in text for (s,) in sha) and receipt_id in text
    assert "王全璋" not in text and "TEXT-THEN-WITHDRAWN" not in text
    assert "minisign -V -P" in text and "bagit.py --validate" in text
    assert facts["audit_problems"] == []
    assert {"bundle.imported", "receipt.created"} <= {e["action"] for e in facts["audit"]}
    # Every imported revision is traced to the bundle that brought it.
    traced = {r["hash"]: r["bundle_id"] for rec in facts["records"] for r in rec["revisions"]}
    assert set(traced) == set(hashes) and set(traced.values()) == set(bundle_ids)
    json.dumps(facts)  # the CLI prints it as JSON
    assert_fonts_embedded(out)


def test_local_record_custody_and_bad_requests(desk, language):
    s = helpers.store(desk.c)
    case = s.create("case", {"title": "Own"})
    facts = custody.write_pdf(desk.c.conn, case, desk.tmp / "own.pdf")
    assert facts["bundles"] == [] and facts["records"][0]["revisions"][0]["bundle_id"] is None
    with pytest.raises(NotFound):
        custody.write_pdf(desk.c.conn, "00000000-0000-4000-8000-000000000000", desk.tmp / "x")
    with pytest.raises(FieldnotesError, match="already exists"):
        case_report.write_case_report(desk.c.conn, case, desk.tmp / "own.pdf")
    note = s.create("note", {"text": "n"}, case)
    with pytest.raises(NotFound):
        case_report.write_case_report(desk.c.conn, note, desk.tmp / "note.pdf")
    assert not (desk.tmp / "note.pdf").exists()
    assert not list(desk.tmp.glob(".*.part"))


def test_cli_custody_report_holds_every_hash_of_history(cli, tmp_path):
    from tests.bundle.test_cli import cli_pair

    r, c, c_fpr = cli_pair(cli, tmp_path)
    case = r("case", "add", "--title", "证据 case").stdout.strip()
    note = r("note", "add", "--case", case, "--text", "one").stdout.strip()
    r("edit", note, "--field", "text=two")
    r("export", "--to", c_fpr, "--since-last", "-o", tmp_path / "1.bundle")
    c("import", tmp_path / "1.bundle")
    proc = c("report", "custody", note, "-o", tmp_path / "note.pdf", "--json")
    facts = json.loads(proc.stdout)
    text = pdf_text(tmp_path / "note.pdf")
    history = json.loads(c("history", note, "--json").stdout)
    assert len(history) == 2 and all(h["hash"] in text for h in history)
    assert facts["records"][0]["revisions"][1]["parent"] == history[0]["hash"]
    c("report", "case", case, "-o", tmp_path / "case.pdf")
    assert "证据 case" in pdf_text(tmp_path / "case.pdf")
    proc = c("report", "case", note, "-o", tmp_path / "x.pdf", check=False)
    assert proc.returncode == 1 and proc.stderr.startswith("fieldnotes: There is no case")


def test_the_fonts_shipped_with_the_app_serve_when_the_system_has_none(desk, language,
                                                                       monkeypatch):
    from fieldnotes.reports import fonts

    monkeypatch.setattr(fonts, "_SYSTEM", [])
    monkeypatch.delenv("FIELDNOTES_REPORT_FONT", raising=False)
    fonts.faces.cache_clear()
    try:
        texts, _mono = fonts.faces("zh_TW")
        assert texts[0].path.name == "NotoSansCJKtc-Regular-subset.otf"
        assert fonts.faces("en")[0][0].path.name == "NotoSansCJKsc-Regular-subset.otf"
        language("zh_TW")
        case = helpers.store(desk.c).create("case", {"title": "證詞與錄音"})
        out = desk.tmp / "shipped.pdf"
        case_report.write_case_report(desk.c.conn, case, out)
        assert "證詞與錄音" in pdf_text(out)
        assert all("NotoSansCJKtc" in f or "NotoSansCJKsc" in f or "CJK" in f
                   for f in assert_fonts_embedded(out))
    finally:
        fonts.faces.cache_clear()
