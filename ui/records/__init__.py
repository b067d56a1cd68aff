"""Cases and their records: the case view, tabs, forms, editors, timeline, history, search."""
