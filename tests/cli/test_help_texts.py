"""Every argument of every command says what it is for, in the reader's language, and the
Chinese help ends its section headings with the full-width "：", as Chinese readers expect."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest

from fieldnotes import i18n
from fieldnotes.cli.main import build_parser
from tests.conftest import ROOT


def _arguments(parser, path):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _arguments(child, [*path, name])
        elif not isinstance(action, argparse._HelpAction):  # its words: argparse_words.py
            yield " ".join(path), "/".join(action.option_strings) or action.dest, action.help


def test_every_argument_has_help():
    found = list(_arguments(build_parser(), ["fieldnotes"]))
    assert len(found) > 120  # the walk reached the sub-commands
    missing = [f"{cmd} {arg}" for cmd, arg, text in found if not text]
    assert not missing, missing


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_every_help_text_is_translated(lang):
    i18n.set_language(lang)
    try:
        found = list(_arguments(build_parser(), ["fieldnotes"]))
    finally:
        i18n.set_language("en")
    english = [f"{cmd} {arg}: {text}" for cmd, arg, text in found
               if text and re.search(r"[a-z]{3}", re.sub(r"--?[\w-]+|%\(\w+\)s|UTF-8|JSON|"
                                                        r"YYYY-MM-DD|age|FILE|SHA256|ID", "",
                                                        text))
               and not re.search(r"[\u4e00-\u9fff]", text)]
    assert not english, english


def _help(lang, *args):
    env = {"LANG": lang, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "fieldnotes", *args, "--help"],
                          capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120, check=True).stdout


@pytest.mark.parametrize("lang, options", [("zh_CN.UTF-8", "选项："), ("zh_TW.UTF-8", "選項：")])
def test_chinese_headings_end_with_a_full_width_colon(lang, options):
    for args in ((), ("passwd",), ("review", "list"), ("recovery",)):
        text = _help(lang, *args)
        headings = [ln for ln in text.splitlines() if ln and not ln.startswith(" ")
                    and not ln.startswith(("usage", "用法"))]
        assert headings, text
        assert not [h for h in headings if h.endswith(":")], text
        assert options in headings, text


def test_english_headings_keep_their_colon():
    text = _help("C.UTF-8", "passwd")
    assert "\noptions:\n" in text

