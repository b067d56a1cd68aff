"""Search across Simplified and Traditional script, and the last word matched as a prefix."""

from __future__ import annotations

import pytest

from fieldnotes import script_variants, search


@pytest.fixture
def scripts(store):
    case = store.create("case", {"title": "兩岸三地 cross-script"})
    ids = {
        "simp": store.create("note", {"text": "他被国保带走，刘律师去了派出所。"}, case),
        "trad": store.create("note", {"text": "他被國保帶走，劉律師去了派出所。"}, case),
        "hk": store.create("note", {"text": "住在台灣的家屬說，頭髮被剪短了。"}, case),
        "en": store.create("note", {"text": "Li Wenzu walked to Beijing for her husband."},
                           case),
    }
    return store, ids


def _ids(store, query):
    return {h["id"] for h in search.search(store.conn, query)}


def test_traditional_query_finds_simplified_text_and_back(scripts):
    store, ids = scripts
    both = {ids["simp"], ids["trad"]}
    for query in ("國保", "国保", "劉", "刘", "劉律師", "刘律师", "帶走", "带走"):
        assert _ids(store, query) == both, query


def test_a_query_mixing_both_scripts_finds_both(scripts):
    store, ids = scripts
    # 劉 (Traditional) and 国保 (Simplified) in one query; each term in either script.
    assert _ids(store, "劉 国保") == {ids["simp"], ids["trad"]}
    assert _ids(store, "劉国保") == set()  # not next to each other in either text
    assert _ids(store, "头发 台湾") == {ids["hk"]}  # 头发 → 頭髮, 台湾 → 台灣 (Taiwan form)


def test_the_snippet_marks_the_form_the_record_holds(scripts):
    store, ids = scripts
    snippets = {h["id"]: search.plain_snippet(h["snippet"])
                for h in search.search(store.conn, "國保")}
    assert "[国保]" in snippets[ids["simp"]] and "國" not in snippets[ids["simp"]]
    assert "[國保]" in snippets[ids["trad"]]


def test_english_is_unaffected_and_the_last_word_is_a_prefix(scripts):
    store, ids = scripts
    assert _ids(store, "Li Wen") == {ids["en"]}        # typing: Wen → Wenzu
    assert _ids(store, "Li Wen ") == set()             # a space ends the word
    assert _ids(store, '"Li Wen"') == set()            # a quoted phrase is exact
    assert _ids(store, "Wen Li") == set()              # only the LAST word is a prefix
    assert _ids(store, "husband Li") == {ids["en"]}    # short last word: whole word only
    assert _ids(store, "husband L") == set()
    assert search.to_match("walked to") == '"walked" AND "to"'
    assert search.to_match("walked to Beijing") == '"walked" AND "to" AND "Beijing"*'


def test_variants_are_character_for_character():
    assert script_variants.variants("国保") == ["国保", "國保"]
    # One character alone takes every form STCharacters lists (哩: 英里, a mile, in Taiwan).
    assert set(script_variants.variants("里")) == {"里", "裏", "裡", "哩"}
    # The vocabulary conversions (软件 → 軟體 in Taiwan) are not used: they change the word.
    assert "軟體" not in script_variants.variants("软件")
    assert script_variants.variants("detention") == ["detention"]
    assert all(len(v) == 2 for v in script_variants.variants("软件"))


def test_the_last_word_is_completed_only_when_the_whole_words_are_rare(store, monkeypatch):
    case = store.create("case", {"title": "completion"})
    whole = {store.create("note", {"text": f"Li Wen, witness {n}"}, case) for n in range(3)}
    longer = store.create("note", {"text": "Li Wenzu, his wife"}, case)
    assert _ids(store, "Li Wen") == whole | {longer}
    # "Wen" as a whole word is now in more records than are ranked: it is not completed.
    monkeypatch.setattr(search, "RANK_LIMIT", 2)
    assert _ids(store, "Li Wen") == whole
    assert _ids(store, "Li Wenz") == {longer}   # no whole word Wenz: completed
