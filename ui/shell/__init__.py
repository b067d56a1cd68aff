"""The frame around the work: main window, lock, privacy, settings, session, style."""
