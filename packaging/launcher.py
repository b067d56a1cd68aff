"""The frozen app's single entry point: one ``fieldnotes`` executable for the GUI and the CLI.

PyInstaller freezes this file (see ``build.spec``). It decides, from the arguments alone and
before importing anything heavy, which of the two programs to start:

* no arguments, or only the app's own options (``--smoke-test``, ``--no-settings``,
  ``--vault DIR``) → the desktop app, ``ui.app.main()``.
* ``--gui`` anywhere → the desktop app, whatever else is given (the desktop entry uses it; Qt's
  own options such as ``-platform offscreen`` can follow). ``--gui`` itself is removed.
* anything else (a CLI command, ``--self-test``, ``--help``, ``--version``…) → the command
  line, ``fieldnotes.cli.main.main()``.

The Qt-free CLI path never imports PySide6, so ``fieldnotes --self-test`` and scripted
imports start fast and work on a machine without a display.
"""

from __future__ import annotations

import sys

GUI_FLAGS = ("--gui", "--smoke-test", "--no-settings")
GUI_OPTIONS_WITH_VALUE = ("--vault",)


def wants_gui(args: list[str]) -> bool:
    """True when ``args`` (without the program name) should start the desktop app."""
    if "--gui" in args:
        return True
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in GUI_FLAGS:
            i += 1
        elif arg in GUI_OPTIONS_WITH_VALUE:
            if i + 1 >= len(args):
                return False  # "--vault" with no folder: let the CLI report the usage error
            i += 2
        elif any(arg.startswith(opt + "=") for opt in GUI_OPTIONS_WITH_VALUE):
            i += 1
        else:
            return False
    return True


def gui_args(args: list[str]) -> list[str]:
    """The arguments handed to the app: ``--gui`` is the launcher's, not the app's."""
    return [a for a in args if a != "--gui"]


def run_gui(args: list[str]) -> int:
    from ui import app

    return app.main([sys.argv[0], *gui_args(args)]) or 0


def run_cli(args: list[str]) -> int:
    from fieldnotes.cli import main as cli

    return cli.main(args)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if wants_gui(args):
        return run_gui(args)
    return run_cli(args)


if __name__ == "__main__":
    sys.exit(main())
