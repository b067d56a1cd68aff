"""Identity and contacts: cards, fingerprints, QR codes."""
