"""Qt item models and small read helpers over the core (read-only SQL lives here, not in widgets)."""
