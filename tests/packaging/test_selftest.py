"""fieldnotes.selftest run from source: every check prints one line, 0 only if all held."""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
import tempfile

import pytest

from fieldnotes import selftest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUNDLE_READY = all(importlib.util.find_spec(m) is not None for m in (
    "fieldnotes.contacts", "fieldnotes.bundle.writer", "fieldnotes.bundle.importer"))
needs_bundle = pytest.mark.skipif(not BUNDLE_READY, reason="bundle writer/importer not there yet")


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Point tempfile at a folder of our own, to see what the self-test leaves behind."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def run_selftest() -> tuple[int, list[str]]:
    out = io.StringIO()
    rc = selftest.run(out=out)
    return rc, out.getvalue().splitlines()


@needs_bundle
def test_every_check_holds_from_source(private_tmp):
    rc, lines = run_selftest()
    assert rc == 0, "\n".join(lines)
    checks, summary = lines[:-1], lines[-1]
    assert len(checks) >= 15
    assert all(line.startswith("ok   ") for line in checks), "\n".join(lines)
    assert summary.startswith(f"self-test passed: {len(checks)} checks")
    text = "\n".join(lines)
    for name in ("vaults created (sqlcipher 4.", "search (English)", "search (Chinese 王全璋)",
                 "search across scripts (律師 會見)",
                 "identity cards exchanged and verified", "bundle exported", "bundle verified",
                 "bundle imported", "imported records match", "imported attachment identical",
                 "second import adds nothing"):
        assert f"ok   {name}" in text
    assert list(private_tmp.iterdir()) == []  # the temporary folder is gone


def test_sabotaged_search_fails_with_a_fail_line(private_tmp, monkeypatch):
    from fieldnotes import search

    monkeypatch.setattr(search, "search", lambda *args, **kwargs: [])
    rc, lines = run_selftest()
    assert rc == 1
    assert any(line.startswith("FAIL search (English): RuntimeError: ") for line in lines), lines
    assert any(line.startswith("FAIL search (Chinese 王全璋): ") for line in lines)
    assert any(line.startswith("FAIL search across scripts (律師 會見): ") for line in lines)
    assert lines[-1].startswith("self-test FAILED")
    assert not any("Traceback" in line for line in lines)
    assert list(private_tmp.iterdir()) == []  # removed even on failure


def test_an_early_failure_skips_what_depends_on_it(private_tmp, monkeypatch):
    from fieldnotes.vault import Vault

    def broken(*args, **kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr(Vault, "create", broken)
    rc, lines = run_selftest()
    assert rc == 1
    assert lines[0] == "FAIL vaults created: OSError: disk on fire"
    assert all(line.startswith("skip ") for line in lines[1:-1]), lines
    assert list(private_tmp.iterdir()) == []


def test_a_wrong_attachment_readback_is_caught(private_tmp, monkeypatch):
    from fieldnotes import attachments

    real = attachments.copy_out

    def corrupting(conn, sha256, writer, job=None):
        n = real(conn, sha256, writer, job)
        writer.write(b"x")
        return n + 1

    monkeypatch.setattr(attachments, "copy_out", corrupting)
    rc, lines = run_selftest()
    assert rc == 1
    assert "FAIL attachment read back: RuntimeError: the bytes read back differ from the " \
           "bytes stored" in lines


@needs_bundle
def test_cli_flag_runs_it():
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.run([sys.executable, "-m", "fieldnotes", "--self-test"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "self-test passed" in proc.stdout
    assert "Traceback" not in proc.stderr
