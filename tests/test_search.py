"""Full-text search in English and Chinese, with snippets."""

from __future__ import annotations

import pytest

from fieldnotes import search


@pytest.fixture
def corpus(store):
    case = store.create("case", {"title": "709 crackdown"})
    ids = {
        "wang": store.create("testimony", {
            "consent": {"scope": "internal"},
            "text": "律师王全璋于2015年8月被带走，家属一直没有得到任何通知。",
        }, case),
        "li": store.create("note", {"text": "李和平律师的妻子说，警察多次上门骚扰。"}, case),
        "en": store.create("note", {"text": "The lawyer was held incommunicado; his family "
                                             "received no notice of the detention."}, case),
        "cafe": store.create("person", {"name": "José Álvarez", "remarks": "café owner"}, case),
    }
    return store, case, ids


def _ids(hits):
    return {h["id"] for h in hits}


def test_chinese_name_inside_sentence(corpus):
    store, _, ids = corpus
    hits = search.search(store.conn, "王全璋")
    assert _ids(hits) == {ids["wang"]}
    assert "[王全璋]" in search.plain_snippet(hits[0]["snippet"])
    assert "\u200b" not in hits[0]["snippet"]


def test_two_character_chinese_word(corpus):
    store, _, ids = corpus
    assert _ids(search.search(store.conn, "律师")) == {ids["wang"], ids["li"]}
    assert _ids(search.search(store.conn, "骚扰")) == {ids["li"]}
    assert _ids(search.search(store.conn, "家属")) == {ids["wang"]}
    # Characters that appear, but not next to each other, are not the word.
    assert search.search(store.conn, "王李") == []


def test_english_words_prefix_and_diacritics(corpus):
    store, _, ids = corpus
    assert _ids(search.search(store.conn, "detention")) == {ids["en"]}
    assert _ids(search.search(store.conn, "DETENTION family")) == {ids["en"]}
    assert _ids(search.search(store.conn, "incommun*")) == {ids["en"]}
    assert _ids(search.search(store.conn, "jose alvarez")) == {ids["cafe"]}
    assert _ids(search.search(store.conn, "detention 骚扰")) == set()


def test_hostile_query_syntax_is_inert(corpus):
    store, _, _ = corpus
    for q in ['"', "AND", "NEAR(", "a OR", "*", "title:x", ")", "^", "''"]:
        search.search(store.conn, q)  # must not raise an FTS5 syntax error


def test_index_follows_edits_and_deletes(corpus):
    store, _, ids = corpus
    store.update(ids["en"], {"text": "Released on bail."})
    assert search.search(store.conn, "incommunicado") == []
    assert _ids(search.search(store.conn, "bail")) == {ids["en"]}
    store.delete(ids["en"])
    assert search.search(store.conn, "bail") == []


def test_common_words_list_newest_first_rare_words_best_first(store, monkeypatch):
    case = store.create("case", {"title": "ranking"})
    weak = store.create("note", {"text": "lawyer " + "filler " * 60}, case)
    strong = store.create("note", {"text": "lawyer lawyer lawyer"}, case)
    newest = store.create("note", {"text": "a lawyer among many other words " * 5}, case)
    hits = [h["id"] for h in search.search(store.conn, "lawyer")]
    assert hits[0] == strong and set(hits) == {weak, strong, newest}  # relevance
    monkeypatch.setattr(search, "RANK_LIMIT", 2)  # "lawyer" is now a very common word
    assert [h["id"] for h in search.search(store.conn, "lawyer")] == [newest, strong, weak]
    hits = search.search(store.conn, "lawyer", limit=2)
    assert [h["id"] for h in hits] == [newest, strong]
    assert all("\x02lawyer\x03" in h["snippet"] for h in hits)


def test_every_hit_has_its_snippet_whichever_way_it_is_ordered(store, monkeypatch):
    case = store.create("case", {"title": "snippets"})
    ids = [store.create("note", {"text": f"surveillance {'word ' * n}lasted {n} days"}, case)
           for n in range(8)]
    for limit_of_ranking in (2000, 3):   # ranked by relevance, then newest first
        monkeypatch.setattr(search, "RANK_LIMIT", limit_of_ranking)
        for query in ("surveil*", "surveillance", "lasted"):
            hits = search.search(store.conn, query, limit=5)
            assert len(hits) == 5 and {h["id"] for h in hits} <= set(ids)
            for h in hits:
                assert "\x02" in h["snippet"] and "\x03" in h["snippet"], (query, h)
                n = ids.index(h["id"])
                assert f"lasted {n} days" in h["snippet"].replace("\x02", "").replace(
                    "\x03", "")
        newest_first = [h["id"] for h in search.search(store.conn, "surveil*", limit=5)]
        if limit_of_ranking == 3:
            assert newest_first == ids[::-1][:5]


def test_case_filter(store):
    a = store.create("case", {"title": "A"})
    b = store.create("case", {"title": "B"})
    na = store.create("note", {"text": "shared word"}, a)
    store.create("note", {"text": "shared word"}, b)
    assert [h["id"] for h in search.search(store.conn, "shared", case_id=a)] == [na]


def test_a_withdrawn_testimony_is_marked_in_results(corpus):
    store, _, ids = corpus
    hit = next(h for h in search.search(store.conn, "王全璋") if h["id"] == ids["wang"])
    assert hit["withdrawn"] is False
    store.update(ids["wang"], {"consent": {"scope": "withdrawn"}})
    hit = next(h for h in search.search(store.conn, "王全璋") if h["id"] == ids["wang"])
    assert hit["withdrawn"] is True
