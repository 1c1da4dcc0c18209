"""Placeholder replaced by the .docx reader."""
