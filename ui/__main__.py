"""``python -m ui`` starts the app, like ``python -m ui.app``."""

from ui.app import main

raise SystemExit(main())
