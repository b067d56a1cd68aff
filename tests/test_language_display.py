"""What people read in their language: fuzzy dates, vocabulary labels, counted nouns; and the
rules every marked sentence follows (no f-strings inside _(), no `_` shadowed where _() is
called), checked over the whole code base."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from fieldnotes import i18n
from fieldnotes.records import dates, model, vocab
from fieldnotes.wording import count

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def speak():
    def switch(code: str) -> None:
        i18n.set_language(code)

    yield switch
    i18n.set_language("en")


@pytest.mark.parametrize("text, en, cn, tw", [
    ("2015-07-09", "9 July 2015", "2015年7月9日", "2015年7月9日"),
    ("2015-07", "July 2015", "2015年7月", "2015年7月"),
    ("2015", "2015", "2015年", "2015年"),
    ("~2018-12", "c. December 2018", "约2018年12月", "約2018年12月"),
    ("2015-07-01/2015-07-20", "1–20 July 2015", "2015年7月1日至20日", "2015年7月1日至20日"),
    ("2015-07-30/2015-08-02", "30 July – 2 August 2015", "2015年7月30日至8月2日",
     "2015年7月30日至8月2日"),
    ("2014/2016-03", "2014 – March 2016", "2014年至2016年3月", "2014年至2016年3月"),
])
def test_fuzzy_dates_read_naturally(speak, text, en, cn, tw):
    parsed = dates.parse(text)
    for code, expected in (("en", en), ("zh_CN", cn), ("zh_TW", tw)):
        speak(code)
        assert dates.display(parsed) == expected
    assert parsed["text"] == text  # what is stored does not change


def test_vocabularies_are_codes_shown_as_labels(speak):
    speak("zh_CN")
    assert vocab.label(vocab.EVENT_TYPES, "rsdl") == "指定居所监视居住"
    assert vocab.label(vocab.EVENT_TYPES, "enforced_disappearance") == "强迫失踪"
    assert vocab.label(vocab.EVENT_TYPES, "licence_revoked") == "吊销或暂停执业证"
    assert vocab.label(vocab.EVENT_TYPES, "no_such_code") == "no_such_code"
    speak("zh_TW")
    assert vocab.label(vocab.EVENT_TYPES, "enforced_disappearance") == "強迫失蹤"
    assert vocab.label(vocab.ROLES, "source") == "消息來源"
    data = model.validate("event", {"type": "rsdl", "title": "t", "date": "2015-07"})
    assert data["type"] == "rsdl"  # the record keeps the code whatever the language
    assert model.show_field("event", "type", "rsdl") == ("事件類型", "指定居所監視居住")


def test_every_vocabulary_label_is_translated(speak):
    tables = [vocab.EVENT_TYPES, vocab.ROLES, vocab.CONSENT_SCOPES, vocab.CONSENT_METHODS,
              vocab.SEX, vocab.RISK_LEVELS, vocab.CASE_STATUS, vocab.RECORD_TYPES]
    for code in ("zh_CN", "zh_TW"):
        speak(code)
        for table in tables:
            for key in table:
                assert vocab.label(table, key) != table[key], (code, key)


def test_counts_have_one_form_in_chinese(speak):
    speak("zh_TW")
    assert count(1, "{n} attachment", "{n} attachments") == count(1, "{n} attachment",
                                                                  "{n} attachments")
    assert "附件" in count(7, "{n} attachment", "{n} attachments")


def _sources():
    for sub in ("fieldnotes", "crypto", "ui"):
        yield from sorted((ROOT / sub).rglob("*.py"))


def _calls_underscore(node) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
               for n in ast.walk(node))


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp, ast.SetComp,
           ast.DictComp, ast.GeneratorExp)


def _own_nodes(scope):
    """The nodes of one scope, not descending into nested functions or comprehensions."""
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, _SCOPES):
            todo.extend(ast.iter_child_nodes(node))


def _binds_underscore(func) -> bool:
    args = func.args
    params = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    if any(a is not None and a.arg == "_" for a in params):
        return True
    return any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
               for n in _own_nodes(func))


def test_marked_sentences_are_literal_templates():
    problems = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_", "ngettext") and node.args):
                for arg in node.args[:2 if node.func.id == "ngettext" else 1]:
                    if isinstance(arg, ast.JoinedStr):
                        problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: f-string "
                                        f"inside {node.func.id}()")
                    elif isinstance(arg, ast.BinOp):
                        problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: pieces "
                                        f"glued inside {node.func.id}()")
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                if _calls_underscore(node) and _binds_underscore(node):
                    problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: `_` is "
                                    "assigned in a function that calls _()")
    assert not problems, "\n".join(problems)


def test_vocabulary_labels_are_found_in_every_language(store):
    from fieldnotes import search

    case = store.create("case", {"title": "Case"})
    event = store.create("event", {"type": "enforced_disappearance", "title": "Taken"}, case)
    for query in ("Enforced disappearance", "强迫失踪", "強迫失蹤"):
        assert event in {hit["id"] for hit in search.search(store.conn, query)}, query
    assert not search.search(store.conn, "任意拘留")  # another type's label finds nothing


def test_a_person_with_a_pseudonym_reads_in_the_language_and_is_indexed_alike(speak, store):
    """'Name (pseudonym)' takes the reader's brackets in lists and results; the search index
    holds the same words in every language, so a vault indexed in one finds them in another."""
    from fieldnotes import search

    data = {"name": "Zhao Min", "pseudonym": "W-07"}
    speak("zh_CN")
    assert model.title_of("person", data) == "Zhao Min（W-07）"
    assert model.title_of("person", data, neutral=True) == "Zhao Min (W-07)"
    case = store.create("case", {"title": "A case"})
    pid = store.create("person", data, case)
    speak("en")
    assert model.title_of("person", data) == "Zhao Min (W-07)"
    hits = search.search(store.conn, "W-07")
    assert [h["id"] for h in hits] == [pid]
    assert hits[0]["title"] == "Zhao Min (W-07)"
    speak("zh_TW")
    assert search.search(store.conn, "Zhao")[0]["title"] == "Zhao Min（W-07）"
    indexed = store.conn.execute("SELECT title FROM fts WHERE rowid = "
                                 "(SELECT rowid FROM records WHERE id = ?)", (pid,)).fetchall()
    assert indexed == [("Zhao Min (W-07)",)]
