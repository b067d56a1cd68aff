"""One Chinese character searched alone finds every form OpenCC's character dictionaries give
it (发 is 發 "to send" and 髮 "hair"), not only the one its converter picks; and the table the
search reads is what the installed OpenCC's dictionaries say."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fieldnotes import script_variants, search

ROOT = Path(__file__).resolve().parent.parent


def _ids(store, query):
    return {h["id"] for h in search.search(store.conn, query)}


def test_one_character_finds_all_its_traditional_forms(store):
    case = store.create("case", {"title": "一字"})
    sent = store.create("note", {"text": "他發了一封信。"}, case)
    hair = store.create("note", {"text": "她的頭髮被剪短了。"}, case)
    simple = store.create("note", {"text": "头发和发信。"}, case)
    assert _ids(store, "发") == {sent, hair, simple}
    assert _ids(store, "發") == {sent, simple}          # a Traditional character keeps its sense
    for query, expected in (("台", {"臺", "檯", "颱", "台"}), ("干", {"幹", "乾", "干"}),
                            ("后", {"後", "后"})):
        assert expected <= set(script_variants.variants(query)), query
    assert "颱" in search.to_match("台")


def test_longer_words_keep_the_phrase_tables_choice():
    assert script_variants.variants("头发") == ["头发", "頭髮"]
    assert "發" not in "".join(script_variants.variants("头发"))


def test_the_table_matches_the_installed_opencc_dictionaries():
    spec = importlib.util.spec_from_file_location("script_table_tool",
                                                  ROOT / "packaging" / "script_table.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    shipped = (ROOT / "fieldnotes" / "script_table.py").read_text(encoding="utf-8")
    assert shipped == tool.source(), "run python packaging/script_table.py"
