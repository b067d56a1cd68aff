import pytest

from . import tooling


def test_require_tool_found():
    assert tooling.require_tool("sh").endswith("sh")


def test_require_tool_skips_locally(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        tooling.require_tool("no-such-tool-fieldnotes")


def test_require_tool_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        tooling.require_tool("no-such-tool-fieldnotes")
