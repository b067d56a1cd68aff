"""Reports for courts and UN mechanisms: the case report and the chain-of-custody report."""
