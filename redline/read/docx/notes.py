"""Footnotes, endnotes and comments: their text read from their parts, where each is marked in the
body, and each reported (notes as furniture dropped, comments as comments; see :mod:`redline.read.docx`)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml import etree

from redline.models import Comment, Finding, Position, ReadReport
from redline.read import patterns as pat
from redline.read.docx.markup import P, T
from redline.read.docx.text import has_custom_mark, outer_paragraphs, paragraph_text

_ID = qn("w:id")
#: The marks in the text pointing at a note or comment, and the kind each points at.
MARKS = {qn("w:footnoteReference"): "footnote", qn("w:endnoteReference"): "endnote",
         qn("w:commentRangeStart"): "comment", qn("w:commentReference"): "comment"}


@dataclass(frozen=True)
class Note:
    """A footnote, endnote or comment carrying text: its kind, ``w:id``, words and part."""

    kind: str  # "footnote", "endnote" or "comment"
    id: str
    text: str  # its paragraphs, each whitespace-normalised, joined by a space
    part: str


def part_notes(root: etree._Element, tag: str, kind: str, part: str) -> Iterator[Note]:
    """The notes (``tag``) of a notes or comments part that carry text: a separator is none."""
    for element in root.iterchildren(tag):
        if text := _words_of(element):
            yield Note(kind, element.get(_ID, ""), text, part)


def _words_of(root: etree._Element) -> str:
    """The text of every paragraph under ``root`` (a note, a header), each normalised, joined."""
    return " ".join(text for p in outer_paragraphs(root) if (text := pat.normalise_space(paragraph_text(p))))


#: Where a note or comment is marked, by (kind, id): the paragraph holding its first mark (its
#: index in the body, ``Position.line``) and the mark typed there in place of a number ("" if none).
Marks = dict[tuple[str, str], tuple[int, str]]


def note_marks(body: etree._Element, line: dict[etree._Element, int]) -> Marks:
    """Where each note or comment in ``body`` is marked; ``line`` numbers the body's paragraphs
    (a mark in a text box is in the body paragraph holding the box)."""
    found: Marks = {}
    for mark in body.iter(*MARKS):
        holder = next((p for p in mark.iterancestors(P) if p in line), None)
        if holder is not None:
            custom = "".join(t.text or "" for t in mark.itersiblings(T)) if has_custom_mark(mark) else ""
            found.setdefault((MARKS[mark.tag], mark.get(_ID, "")), (line[holder], custom))
    return found


def report_notes(notes: list[Note], marks: Marks, source: str, report: ReadReport) -> None:
    """Each part's notes in the order of their marks (those marked nowhere last): comments to
    ``report.comments``, footnotes and endnotes to the furniture dropped (:func:`_drop_notes`)."""
    for part in dict.fromkeys(note.part for note in notes):
        ordered = sorted((n for n in notes if n.part == part),
                         key=lambda n: marks[n.kind, n.id][0] if (n.kind, n.id) in marks else math.inf)
        if ordered[0].kind == "comment":
            report.comments.extend(Comment(Position(source, marks.get((n.kind, n.id), (None,))[0]), n.text)
                                   for n in ordered)
        else:
            _drop_notes(ordered, marks, source, report)


def _drop_notes(notes: list[Note], marks: Marks, source: str, report: ReadReport) -> None:
    """One part's footnotes (endnotes) dropped, each at the paragraph holding its mark (a custom
    mark typed there first), and one finding naming how many and the first."""
    unmarked = 0
    for note in notes:
        line, custom = marks.get((note.kind, note.id), (None, ""))
        unmarked += line is None
        if custom:
            report.dropped.append((Position(source, line), custom))
        report.dropped.append((Position(source, line), note.text))
    first = notes[0]
    report.findings.append(Finding(
        Position(source, marks.get((first.kind, first.id), (None,))[0]), first.kind,
        f"{len(notes)} {first.kind}(s) in {first.part}, first {first.text[:40]!r}: kept out of the clauses, "
        "each in the furniture dropped at the paragraph holding its mark"
        + (f" ({unmarked} marked nowhere in the body)" if unmarked else "")))
