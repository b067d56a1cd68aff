"""A small file system to fill: a size-limited tmpfs, mounted for the test (root, as in CI)."""

from __future__ import annotations

import errno
import os
import subprocess

import pytest


@pytest.fixture
def small_fs(tmp_path):
    """A 32 MiB tmpfs. Outside CI a machine that cannot mount one skips; in CI it fails."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m,mode=0700", "tmpfs",
                           str(mnt)], capture_output=True, text=True)
    if proc.returncode != 0:
        reason = f"cannot mount a small tmpfs: {proc.stderr.strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def fill(folder, leave: int = 0):
    """Fill the file system of ``folder`` until ``leave`` bytes are free; returns the ballast
    file (delete it to free the space)."""
    ballast = folder / "ballast"
    fd = os.open(ballast, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (1 << 20, 4096, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    if leave:
        size = ballast.stat().st_size
        with open(ballast, "r+b") as fh:
            fh.truncate(max(0, size - leave))
    return ballast
