"""What the .docx and .pdf readers share: knowing when a two-column layout is the A1.1 table.

A two-column row is a definition (term, text) only inside A1.1; elsewhere its two cells are
read as one line, as the text reader reads a pasted table row.  The readers follow the
paragraphs they hand over to know where they are.
"""

from __future__ import annotations

from redline.read import patterns as pat


class DefinitionsScope:
    """Follows the paragraphs of a document to tell whether A1.1 is the open clause."""

    def __init__(self) -> None:
        self.active = False

    def see(self, text: str, number: str | None = None) -> None:
        """Update the scope with a paragraph's text and its Word number, if any."""
        if (opens := opens_definitions(text, number)) is not None:
            self.active = opens


def opens_definitions(text: str, number: str | None = None) -> bool | None:
    """Whether a paragraph (its whitespace-normalised text, its Word number) opens A1.1 (True),
    opens another clause or a Section, Appendix or Part (False), or neither (None)."""
    if number and not number.startswith("("):
        return number.rstrip(".") == pat.DEFINITIONS_CLAUSE
    if m := pat.CLAUSE_START.match(text):
        return m["num"] == pat.DEFINITIONS_CLAUSE
    if pat.SECTION_HEADER.match(text) or pat.APPENDIX_HEADER.match(text) or pat.PART_HEADER.match(text):
        return False
    return None


def row_text(term: str, text: str) -> str:
    """A two-column row outside A1.1, read as one line with a tab between the cells."""
    return f"{term}\t{text}" if term and text else term or text
