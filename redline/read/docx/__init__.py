"""Word .docx: paragraphs, Word automatic numbering and the A1.1 table, to blocks.

One module a stage, data flowing one way: :mod:`.document` (the archive checked, its parts
found), :mod:`.text` (a paragraph's text), :mod:`.styles` (style chains), :mod:`.numbering`
(Word automatic numbering), :mod:`.notes` (footnotes, endnotes and comments, where each is
marked), :mod:`.body` (the body's paragraphs and tables, to blocks), the element names and
lookups they share in :mod:`.markup`; this module runs them and drops headers and footers.

* The archive is checked by :mod:`redline.read.safezip`, then its parts are found and parsed by
  :mod:`redline.read.opc` (python-docx's lookup and parser settings, plain lxml elements): the
  main document, its styles (python-docx's default styles when it has none), numbering,
  headers and footers, notes and comments.  A styles part is parsed style by style, only the
  styles the paragraphs use (:class:`.styles.Styles`); one already read (the files of one version
  written from one template carry the same bytes) is not read again, nor its chains resolved.
* Paragraphs are numbered as they are visited, in :func:`.body.body_paragraphs`' order; the A1.1
  scope reads the paragraphs before a table only when the table asks it, latest first.
* Clause numbers and list labels come either typed in the text ("C2.3 Without…") or from
  Word automatic numbering: a paragraph's ``w:numPr`` (or its style's, following
  ``w:basedOn``) is resolved through numbering.xml (``w:num`` → ``w:abstractNum``, with
  ``w:lvlOverride`` / ``w:startOverride``; each level's ``w:lvlText``, ``w:numFmt`` and
  ``w:start``).  Counters are kept per numId and level; a paragraph resets the deeper
  levels; a level not yet used shows its start value (``w:numStyleLink`` is not followed).
  A computed clause number or list label ("C2.3", "3.2.4", "(a)") is handed over as
  ``Block.number``; any other number ("C2" before a part title) is put in front of the text.  Bullets are not numbers.
* Styles: a "Title" or "Heading N" paragraph is role "section", "appendix" or "part" when its
  text is such a header, otherwise role "heading" (a clause heading).
* A two-column table inside A1.1 is the definitions table: each row is a definition (term,
  first paragraph of the right cell); further paragraphs of the right cell ("(a)…", typed
  or numbered) follow as their own blocks.  Any other table is read row by row, the cells
  of a row joined as one line.
* Text is the accepted state of tracked changes: insertions kept, deletions left out; a
  paragraph whose mark and words are all deleted, and a deleted table row, are left out whole.
* Headers and footers are page furniture: recorded in ``report.dropped``, never yielded; so is
  a table of contents (paragraphs in "TOC n" styles or a Table of Contents content control).
* Footnotes and endnotes are kept out of the clauses as the PDF reader keeps them: each note's
  text goes to ``report.dropped`` at the paragraph holding its mark, with one ``footnote`` (or
  ``endnote``) finding per part; the mark itself is no text (a custom mark, "*", is the note's).
  Comments go to ``report.comments`` at the paragraph where they start, as margin balloons do.
* A text box's paragraphs are words of the paragraph holding it, each apart from the words
  around it; the VML copy Word keeps of a drawing (``mc:Fallback``) is not read again.
* Position: the file and the paragraph's index (1-based) in :func:`.body.body_paragraphs`, the one
  mapping from units to paragraphs that in-place mode (:mod:`redline.emit.docx_inplace`) edits by.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from redline.models import Position, ReadReport, RedlineError
from redline.read import patterns as pat
from redline.read.docx.body import BodyReader, body_paragraphs
from redline.read.docx.document import open_document
from redline.read.docx.notes import MARKS, note_marks, report_notes
from redline.read.docx.numbering import Numbering, format_value
from redline.read.docx.styles import BrokenStyle
from redline.read.docx.text import outer_paragraphs, paragraph_text
from redline.read.structure import Block

#: The names the instructions reader (:mod:`redline.instructions.from_docx`), in-place mode
#: (:mod:`redline.emit.docx_inplace`) and the tests use.
__all__ = ["MARKS", "Numbering", "body_paragraphs", "format_value", "open_document", "paragraph_text",
           "read_docx_file"]


def read_docx_file(path: Path, report: ReadReport) -> Iterator[Block]:
    """Blocks of a .docx file, one per paragraph carrying text (or a definitions row)."""
    document = open_document(path, report)
    for root in document.furniture:
        _drop_furniture(root, path, report)
    reader = BodyReader(str(path), Numbering(document.numbering), document.styles, report, document.body)
    if document.notes:
        line = {p: i for i, p in enumerate(body_paragraphs(document.body), 1)}
        report_notes(document.notes, note_marks(document.body, line), str(path), report)
    try:
        yield from reader.items(document.body)
    except BrokenStyle as exc:
        raise RedlineError(f"{path}: not a .docx ({exc})") from exc


def _drop_furniture(root: etree._Element, path: Path, report: ReadReport) -> None:
    """Record the text of a header or footer part as dropped page furniture."""
    for p in outer_paragraphs(root):
        if text := pat.normalise_space(paragraph_text(p)):
            report.dropped.append((Position(str(path)), text))
