"""Placeholder replaced by the .pdf reader."""
