"""Translation catalogs: every marked English string has a Simplified and a Traditional Chinese
translation (none missing, none fuzzy, across all area files), two area files never disagree on
one sentence, and the compiled catalogs are what fieldnotes.i18n loads."""

from __future__ import annotations

import gettext
import importlib.util
import textwrap
from pathlib import Path

import pytest

from fieldnotes import i18n

ROOT = Path(__file__).resolve().parent.parent


def _load_catalogs():
    spec = importlib.util.spec_from_file_location("fieldnotes_catalogs",
                                                  ROOT / "packaging" / "catalogs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


catalogs = _load_catalogs()


@pytest.fixture(scope="module")
def extracted():
    return catalogs.extract()


@pytest.mark.parametrize("lang", catalogs.LANGUAGES)
def test_every_marked_string_is_translated(lang, extracted):
    problems = catalogs.missing(lang, extracted)
    assert not problems, (f"{len(problems)} strings lack a {lang} translation — add them to "
                          f"your area's resources/i18n/{lang}/<area>.po:\n" + "\n".join(problems))


@pytest.mark.parametrize("lang", catalogs.LANGUAGES)
def test_no_entry_outlives_its_sentence(lang):
    """A sentence changed or removed in the code takes its translations with it (a stale entry
    is work a translator would review for nothing): `python packaging/catalogs.py prune`."""
    assert catalogs.stale(lang) == []


def test_prune_removes_only_stale_entries(tmp_path):
    for lang in catalogs.LANGUAGES:
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "x.po").write_text(catalogs.HEADER.format(
            language=lang, area="x", lang=lang) + textwrap.dedent('''
            msgid "Save"
            msgstr "S"

            #, python-format
            msgid "A sentence no code says "
            "any more: \\"{gone}\\"."
            msgstr "G"

            msgid "Cancel"
            msgstr "C"
            '''), encoding="utf-8")
    assert sum(catalogs.prune(lang, tmp_path) for lang in catalogs.LANGUAGES) == 2
    text = (tmp_path / "zh_CN" / "x.po").read_text(encoding="utf-8")
    assert "no code says" not in text and 'msgid "Save"\nmsgstr "S"' in text
    assert text.rstrip().endswith('msgid "Cancel"\nmsgstr "C"')


@pytest.mark.parametrize("lang", catalogs.LANGUAGES)
def test_area_files_agree_and_keep_placeholders(lang):
    catalogs.merge(lang)  # raises CatalogError naming every conflict


@pytest.mark.parametrize("lang", catalogs.LANGUAGES)
def test_area_files_declare_chinese_plural_rule(lang):
    for path in catalogs.area_files(lang):
        text = path.read_text(encoding="utf-8")
        assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in text, path
        assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text, path


def _tree(tmp_path: Path, code: str, po: dict[str, str]) -> tuple[Path, Path]:
    """A throw-away source tree (fieldnotes/x.py) and catalog sources (i18n/<lang>/<area>.po)."""
    src = tmp_path / "src"
    (src / "fieldnotes").mkdir(parents=True)
    (src / "fieldnotes" / "x.py").write_text(textwrap.dedent(code), encoding="utf-8")
    sources = tmp_path / "i18n"
    (sources / "zh_CN").mkdir(parents=True)
    for name, body in po.items():
        header = catalogs.HEADER.format(language="Simplified Chinese", area=name, lang="zh_CN")
        (sources / "zh_CN" / f"{name}.po").write_text(header + textwrap.dedent(body),
                                                      encoding="utf-8")
    return src, sources


def test_a_new_english_string_without_translation_fails(tmp_path):
    src, sources = _tree(tmp_path, '''
        from fieldnotes.i18n import _, ngettext, N_
        A = N_("Table label")
        def f(n):
            return _("Old sentence."), _("Brand new sentence."), ngettext("{n} file", "{n} files", n)
    ''', {"core": '''
        msgid "Old sentence."
        msgstr "旧句子。"

        msgid "Table label"
        msgstr "表格标签"

        #, fuzzy
        msgid "{n} file"
        msgid_plural "{n} files"
        msgstr[0] "{n} 个文件"
    '''})
    extracted = catalogs.extract(src)
    assert set(extracted) == {"Old sentence.", "Brand new sentence.", "Table label", "{n} file"}
    problems = catalogs.missing("zh_CN", extracted, sources)
    assert len(problems) == 2
    assert any("untranslated 'Brand new sentence.'" in p and "fieldnotes/x.py:5" in p
               for p in problems)
    assert any("fuzzy '{n} file'" in p for p in problems)


def test_a_plural_translated_as_one_string_fails(tmp_path):
    src, sources = _tree(tmp_path, '''
        from fieldnotes.i18n import ngettext
        ngettext("{n} file", "{n} files", 2)
    ''', {"core": '''
        msgid "{n} file"
        msgstr "{n} 个文件"
    '''})
    problems = catalogs.missing("zh_CN", catalogs.extract(src), sources)
    assert problems and "plural" in problems[0]


def test_two_area_files_translating_one_sentence_differently_are_refused(tmp_path):
    _src, sources = _tree(tmp_path, "", {
        "core": 'msgid "Open"\nmsgstr "打开"\n',
        "app": 'msgid "Open"\nmsgstr "开启"\n',
        "desk": 'msgid "Close"\nmsgstr "关闭"\n',
    })
    with pytest.raises(catalogs.CatalogError, match="translate 'Open' differently"):
        catalogs.merge("zh_CN", sources)


def test_the_same_translation_in_two_area_files_is_fine(tmp_path):
    _src, sources = _tree(tmp_path, "", {
        "core": 'msgid "Open"\nmsgstr "打开"\n',
        "app": 'msgid "Open"\nmsgstr "打开"\n',
    })
    assert catalogs.merge("zh_CN", sources).get("Open").string == "打开"


def test_a_translation_with_a_placeholder_the_english_lacks_is_refused(tmp_path):
    _src, sources = _tree(tmp_path, "", {
        "core": 'msgid "Saved {name}."\nmsgstr "已保存 {nmae}。"\n',
    })
    with pytest.raises(catalogs.CatalogError, match="nmae"):
        catalogs.merge("zh_CN", sources)


def test_build_merges_area_files_into_one_compiled_catalog(tmp_path):
    _src, sources = _tree(tmp_path, "", {
        "core": 'msgid "Open"\nmsgstr "打开"\n',
        "app": ('msgid "{n} file"\nmsgid_plural "{n} files"\nmsgstr[0] "{n} 个文件"\n\n'
                '#, fuzzy\nmsgid "Close"\nmsgstr "关"\n'),
    })
    out = tmp_path / "locale"
    catalogs.build(sources, out)
    t = gettext.translation("fieldnotes", out, languages=["zh_CN"])
    assert t.gettext("Open") == "打开"
    assert t.ngettext("{n} file", "{n} files", 5) == "{n} 个文件"
    assert t.gettext("Close") == "Close"  # fuzzy entries are never compiled in


def test_shipped_catalogs_are_built_from_the_sources():
    catalogs.build()
    for lang in catalogs.LANGUAGES:
        compiled = gettext.translation("fieldnotes", i18n.LOCALE_DIR, languages=[lang])
        merged = catalogs.merge(lang)
        for message in merged:
            if message.id and not message.fuzzy and not isinstance(message.id, tuple):
                assert compiled.gettext(message.id) == message.string


@pytest.mark.parametrize("value, expected", [
    ("zh_CN.UTF-8", "zh_CN"), ("zh_SG", "zh_CN"), ("zh", "zh_CN"), ("zh-Hans", "zh_CN"),
    ("zh_TW.UTF-8", "zh_TW"), ("zh_HK.UTF-8", "zh_TW"), ("zh_MO", "zh_TW"), ("zh-Hant-HK", "zh_TW"),
    ("Chinese (Traditional)_Taiwan", "zh_TW"), ("Chinese (Simplified)_China", "zh_CN"),
    ("en_GB.UTF-8", "en"), ("fr_FR", "en"), (None, "en"), ("", "en"),
])
def test_locale_names_map_to_a_shipped_language(value, expected):
    assert i18n.normalize(value) == expected


def test_system_language_follows_gettext_variable_order():
    assert i18n.system_language({"LANG": "zh_TW.UTF-8"}) == "zh_TW"
    assert i18n.system_language({"LANG": "zh_TW.UTF-8", "LC_ALL": "zh_CN.UTF-8"}) == "zh_CN"
    assert i18n.system_language({"LANGUAGE": "zh_HK:en", "LANG": "en_US.UTF-8"}) == "zh_TW"
    assert i18n.system_language({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert i18n.system_language({}) == "en"


def test_pseudo_language_marks_every_translated_string_and_listeners_hear_switches():
    heard = []
    stop = i18n.on_change(heard.append)
    try:
        i18n.set_language(i18n.PSEUDO)
        assert i18n._("Open") == "⟦Open⟧"
        assert i18n.ngettext("{n} file", "{n} files", 2) == "⟦{n} files⟧"
        i18n.set_language("fr")
        assert i18n.language() == "en" and i18n._("Open") == "Open"
    finally:
        stop()
        i18n.set_language("en")
    assert heard == [i18n.PSEUDO, "en"]


def _translations(lang: str):
    from babel.messages.pofile import read_po

    for path in catalogs.area_files(lang):
        with path.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if message.id:
                    for text in catalogs._strings(message):
                        yield path.name, message.id, text


@pytest.mark.parametrize("lang, codec", [("zh_CN", "gb2312"), ("zh_TW", "big5")])
def test_each_translation_is_written_in_its_own_script(lang, codec):
    """Simplified only in zh_CN (GB 2312), Traditional only in zh_TW (Big5): a sentence pasted
    into the wrong file, or converted character by character the wrong way, is caught."""
    wrong = {(name, ch) for name, _id, text in _translations(lang) for ch in text
             if 0x3400 <= ord(ch) < 0xA000 and not _encodes(ch, codec)}
    assert not wrong, sorted(wrong)


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def test_traditional_chinese_uses_taiwan_and_hong_kong_terms():
    """GLOSSARY.md: 資料 not 數據, 設定 not 設置, 預設 not 默認, 軟體 not 軟件, 資訊/訊息 not
    信息, 影片 not 視頻, 連結 not 鏈接 — words a converter leaves in, readers notice."""
    mainland = ("數據", "設置", "默認", "軟件", "信息", "視頻", "鏈接", "文件夾", "保險箱")
    found = [(name, word, text) for name, _id, text in _translations("zh_TW")
             for word in mainland if word in text]
    assert not found, found
