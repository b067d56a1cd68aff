"""Viewing, playing and recording attachments."""
