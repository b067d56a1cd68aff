"""Export, import and receipts."""
