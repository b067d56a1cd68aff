"""Before Qt starts on Linux: can its xcb platform plugin load? If not, say what to install.

On a fresh Debian or Ubuntu desktop, PySide6's wheel brings Qt but not every X11 library its
xcb plugin links to (libxcb-icccm4, libxcb-keysyms1 and friends). Qt then aborts with "could not
load the Qt platform plugin "xcb"" and a page of advice. This module asks the dynamic loader
first (``ldd`` on the plugin) and turns the missing libraries into one line:
``sudo apt-get install …``. No Qt import here: it runs before Qt can fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from fieldnotes.i18n import _

# soname → the Debian/Ubuntu package that ships it (what Qt's xcb plugin and Qt GUI load).
PACKAGES = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libpulse.so.0": "libpulse0",   # QtMultimedia (recording, playback): the system's client
}


def _qt_file(subfolders: tuple[str, ...], name: str) -> Path | None:
    """A file of PySide6's Qt, found without importing Qt."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        for sub in subfolders:
            found = Path(base) / sub / name
            if found.is_file():
                return found
    return None


def xcb_plugin() -> Path | None:
    """PySide6's xcb platform plugin."""
    return _qt_file(("Qt/plugins/platforms", "plugins/platforms"), "libqxcb.so")


def multimedia_library() -> Path | None:
    """Qt Multimedia, which the first window imports: it links the system's libpulse (the
    package leaves that to the system, like libGL)."""
    return _qt_file(("Qt/lib", "lib"), "libQt6Multimedia.so.6")


def missing_libraries(plugin: Path, ldd: str | None = None) -> list[str]:
    """Sonames the loader cannot find for ``plugin`` (``ldd`` resolves the whole tree)."""
    ldd = ldd or shutil.which("ldd")
    if not ldd:
        return []
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    missing: list[str] = []
    for line in out.splitlines():
        name, _sep, where = line.strip().partition(" => ")
        if where.strip() == "not found" and name not in missing:
            missing.append(name)
    return missing


def install_line(missing: list[str]) -> str:
    """One line a person can paste: the packages that ship the missing libraries."""
    packages: list[str] = []
    for soname in missing:
        package = PACKAGES.get(soname)
        if package is None:  # unknown to us: name it the way Debian usually does
            stem = soname.split(".so")[0]
            package = stem.lower() + soname.split(".so.")[-1] if ".so." in soname else stem
        if package not in packages:
            packages.append(package)
    return "sudo apt-get install " + " ".join(packages)


def check(environ=None) -> str | None:
    """None if Qt can be started here; else the one line saying what to do."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None   # offscreen, wayland, …: the xcb plugin is not used
    if not platform and env.get("WAYLAND_DISPLAY") and not env.get("DISPLAY"):
        return None
    plugin = xcb_plugin()
    if plugin is None:
        return None
    missing = missing_libraries(plugin)
    media = multimedia_library()
    if media is not None:
        missing += [name for name in missing_libraries(media) if name not in missing]
    if missing:
        return _("Qt cannot open a window: libraries are missing ({names}). Install them with: "
                 "{command}").format(names=", ".join(missing), command=install_line(missing))
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return _("There is no display to open a window on: start Fieldnotes from a desktop "
                 "session.")
    return None
