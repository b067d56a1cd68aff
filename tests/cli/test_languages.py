"""The CLI speaks the language LANG asks for: the core's error sentences (including those that
come from crypto/) in Simplified and Traditional Chinese, the same exit codes, and --json output
byte for byte the same in every language."""

from __future__ import annotations

import gettext
import re

import pytest

from fieldnotes import i18n

HAN = re.compile(r"[\u4e00-\u9fff]")
LANGS = {"zh_CN": "zh_CN.UTF-8", "zh_TW": "zh_TW.UTF-8"}


def _zh(lang: str, english: str) -> str:
    return gettext.translation("fieldnotes", i18n.LOCALE_DIR, languages=[lang]).gettext(english)


@pytest.fixture
def vault_cli(cli):
    cli("init", "--name", "Researcher")
    return cli


@pytest.mark.parametrize("lang", LANGS)
def test_a_core_error_in_chinese(cli, tmp_path, lang):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    en = cli("case", "list", check=False, passphrase_file=empty)
    zh = cli("case", "list", check=False, passphrase_file=empty, lang=LANGS[lang])
    assert en.stderr.strip() == "fieldnotes: The passphrase file is empty."
    assert zh.stderr.strip() == "fieldnotes: " + _zh(lang, "The {what} file is empty.").format(
        what=_zh(lang, "passphrase"))
    assert HAN.search(zh.stderr) and "passphrase" not in zh.stderr
    assert en.returncode == zh.returncode == 1


@pytest.mark.parametrize("lang, expected", [
    ("zh_CN", "fieldnotes: 密码短语不正确。"),
    ("zh_TW", "fieldnotes: 密碼短語不正確。"),
])
def test_a_crypto_error_reaches_the_cli_translated(vault_cli, tmp_path, lang, expected):
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    en = vault_cli("case", "list", check=False, passphrase_file=wrong)
    zh = vault_cli("case", "list", check=False, passphrase_file=wrong, lang=LANGS[lang])
    assert en.stderr.strip() == "fieldnotes: The passphrase is not correct."
    assert zh.stderr.strip() == expected
    assert en.returncode == zh.returncode == 1


@pytest.mark.parametrize("lang", LANGS)
def test_bundle_errors_follow_lang(vault_cli, tmp_path, lang):
    junk = tmp_path / "junk.bundle"
    junk.write_bytes(b"this is not an age file\n" * 10)
    en = vault_cli("verify", junk, check=False)
    zh = vault_cli("verify", junk, check=False, lang=LANGS[lang])
    assert en.returncode == zh.returncode == 1
    sentence = en.stderr.strip().removeprefix("fieldnotes: ")
    assert zh.stderr.strip() == "fieldnotes: " + _zh(lang, sentence)
    assert HAN.search(zh.stderr), zh.stderr


def test_help_and_output_sentences_follow_lang(vault_cli):
    assert "创建新的保险库" in vault_cli("--help", lang="zh_CN.UTF-8").stdout
    assert "建立新的保險庫" in vault_cli("--help", lang="zh_TW.UTF-8").stdout
    case_id = vault_cli("case", "add", "--title", "王全璋案").stdout.strip()
    vault_cli("event", "add", "--case", case_id, "--type", "rsdl", "--title", "被带走",
              "--date", "2015-07-01/2015-07-20")
    shown = {lang: vault_cli("list", "--case", case_id, lang=env).stdout
             for lang, env in LANGS.items()}
    assert all("王全璋案" in out for out in shown.values())  # records stay as written
    event_id = vault_cli("list", "--case", case_id, "--type", "event").stdout.split()[0]
    cn = vault_cli("show", event_id, lang="zh_CN.UTF-8").stdout
    tw = vault_cli("show", event_id, lang="zh_TW.UTF-8").stdout
    assert "事件类型：指定居所监视居住" in cn and "日期：2015年7月1日至20日" in cn
    assert "事件類型：指定居所監視居住" in tw and "日期：2015年7月1日至20日" in tw
    en = vault_cli("show", event_id).stdout
    assert "Event type: Residential surveillance at a designated location" in en
    assert "Date: 1–20 July 2015" in en


def test_json_output_and_exit_codes_do_not_depend_on_lang(vault_cli):
    case_id = vault_cli("case", "add", "--title", "Case").stdout.strip()
    vault_cli("event", "add", "--case", case_id, "--type", "arbitrary_detention",
              "--title", "Detained", "--date", "~2018-12")
    for args in (("identity", "show", "--json"), ("list", "--case", case_id, "--json"),
                 ("contact", "list", "--json")):
        runs = [vault_cli(*args, lang=env) for env in ("C.UTF-8", *LANGS.values())]
        assert len({r.stdout for r in runs}) == 1, args
        assert {r.returncode for r in runs} == {0}
    listed = vault_cli("list", "--case", case_id, "--json", lang="zh_CN.UTF-8").stdout
    assert '"arbitrary_detention"' in listed and "任意拘留" not in listed  # codes, not labels


def _helps(parser):
    """Every help text a person reads in ``fieldnotes … --help``, with where it is."""
    import argparse

    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            continue
        if action.help and action.help != argparse.SUPPRESS:
            yield f"{parser.prog} {'/'.join(action.option_strings) or action.dest}", action.help
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield f"{parser.prog} {choice.dest}", choice.help
            for sub in action.choices.values():
                yield from _helps(sub)


@pytest.mark.parametrize("lang", LANGS)
def test_every_help_text_is_translated(lang):
    from fieldnotes.cli import main

    i18n.set_language(lang)
    try:
        english = [where for where, text in _helps(main.build_parser())
                   if text and not HAN.search(text)]
    finally:
        i18n.set_language("en")
    assert english == []


def test_recover_says_what_its_files_hold(vault_cli):
    out = vault_cli("recover", "--help", lang="zh_CN.UTF-8").stdout
    assert "存有创建保险库时显示的恢复密钥的文件" in out and "第一行为新密码短语的文件" in out


def test_argparse_own_words_follow_lang(vault_cli):
    shown = vault_cli("init", "--help", lang="zh_TW.UTF-8").stdout
    assert shown.startswith("用法：") and "選項" in shown and "顯示此說明訊息並結束" in shown
    wrong = vault_cli("case", "add", check=False, lang="zh_CN.UTF-8")
    assert wrong.returncode == 2
    assert "错误：缺少以下必需参数：--title" in wrong.stderr and "usage" not in wrong.stderr
