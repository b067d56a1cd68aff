"""The ``fieldnotes`` command line: one module per command group, all over the core."""
