"""The one module that knows raw WordprocessingML revisions.

Tracked insertions (``w:ins``) and deletions (``w:del`` with ``w:delText``), paragraph-mark
revisions (``w:pPr/w:rPr/w:ins|w:del``), table-row revisions (``w:trPr/w:ins|w:del``), run
properties copied from a neighbour, revision ids allocated by :class:`RevisionIds` only, and
``w:trackRevisions`` in the settings part.  Everything above this module speaks in units and
edits.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

#: Characters XML 1.0 forbids (C0 controls other than tab, newline, carriage return; surrogates; U+FFFE/F).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: Settings children that come before ``w:trackRevisions`` (CT_Settings sequence).
_BEFORE_TRACK_REVISIONS = tuple(qn(f"w:{name}") for name in (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
    "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
    "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
    "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
    "revisionView"))

#: ``w:pPr`` children that come after ``w:rPr`` (CT_PPr sequence).
_AFTER_PARAGRAPH_RPR = (qn("w:sectPr"), qn("w:pPrChange"))

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_ALL_IDS = etree.XPath("//@w:id", namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})


def clean(text: str) -> str:
    """Text safe for XML 1.0: forbidden control characters removed (escaping is lxml's job)."""
    return _FORBIDDEN.sub("", text)


class RevisionIds:
    """Allocates ``w:id`` values, unique across a whole document, including ids already in it."""

    def __init__(self, *existing: etree._Element) -> None:
        used = [int(v) for root in existing for v in _ALL_IDS(root) if v.lstrip("-").isdigit()]
        self._next = max(used, default=0) + 1

    def take(self) -> str:
        """The next free id."""
        value = self._next
        self._next += 1
        return str(value)


@dataclass(frozen=True)
class Revisions:
    """Who and when for every revision written into one document, and where ids come from."""

    author: str
    date: str  # ISO 8601, "2018-10-05T00:00:00Z"
    ids: RevisionIds

    def mark(self, tag: str) -> etree._Element:
        """A ``w:ins`` or ``w:del`` element carrying id, author and date."""
        element = OxmlElement(tag)
        element.set(qn("w:id"), self.ids.take())
        element.set(qn("w:author"), clean(self.author))
        element.set(qn("w:date"), self.date)
        return element

    def wrap(self, kind: str, runs: Iterable[etree._Element]) -> etree._Element:
        """Wrap runs in ``w:ins`` (kind "insert") or ``w:del`` (kind "delete", text → delText)."""
        wrapper = self.mark("w:ins" if kind == "insert" else "w:del")
        for run in runs:
            if kind == "delete":
                to_deleted(run)
            wrapper.append(run)
        return wrapper

    def mark_paragraph(self, paragraph: etree._Element, kind: str) -> None:
        """Mark a paragraph's mark inserted or deleted (whole-paragraph revisions)."""
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            paragraph.insert(0, ppr)
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            successor = next((c for c in ppr if c.tag in _AFTER_PARAGRAPH_RPR), None)
            if successor is None:
                ppr.append(rpr)
            else:
                successor.addprevious(rpr)
        rpr.insert(0, self.mark("w:ins" if kind == "insert" else "w:del"))

    def mark_row(self, row: etree._Element, kind: str) -> None:
        """Mark a table row inserted or deleted."""
        trpr = row.find(qn("w:trPr"))
        if trpr is None:
            trpr = OxmlElement("w:trPr")
            successor = row.find(qn("w:tc"))
            if successor is None:
                row.append(trpr)
            else:
                successor.addprevious(trpr)
        trpr.append(self.mark("w:ins" if kind == "insert" else "w:del"))


def make_run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    """A ``w:r`` holding ``text`` (tabs as ``w:tab``), with a copy of ``rpr``."""
    run = OxmlElement("w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for i, piece in enumerate(clean(text).split("\t")):
        if i:
            run.append(OxmlElement("w:tab"))
        if piece:
            t = OxmlElement("w:t")
            t.text = piece
            t.set(_XML_SPACE, "preserve")
            run.append(t)
    return run


def run_rpr(run: etree._Element | None) -> etree._Element | None:
    """A run's ``w:rPr`` (None when it has none)."""
    return None if run is None else run.find(qn("w:rPr"))


def to_deleted(run: etree._Element) -> None:
    """Turn a run's ``w:t``/``w:instrText`` into ``w:delText``/``w:delInstrText``."""
    for element in run:
        if element.tag == qn("w:t"):
            element.tag = qn("w:delText")
        elif element.tag == qn("w:instrText"):
            element.tag = qn("w:delInstrText")


def enable_track_revisions(settings: etree._Element) -> None:
    """Add ``w:trackRevisions`` to a ``w:settings`` element, in schema order, once."""
    if settings.find(qn("w:trackRevisions")) is not None:
        return
    element = OxmlElement("w:trackRevisions")
    before = [child for child in settings if child.tag in _BEFORE_TRACK_REVISIONS]
    if before:
        before[-1].addnext(element)
    else:
        settings.insert(0, element)


def run_pieces(run: etree._Element) -> list[tuple[etree._Element, str]]:
    """A run's content children with the text each stands for ("\\t" for a tab, "" for others)."""
    pieces = []
    for child in run:
        if child.tag == qn("w:rPr"):
            continue
        if child.tag == qn("w:t"):
            pieces.append((child, child.text or ""))
        elif child.tag in (qn("w:tab"), qn("w:ptab")):
            pieces.append((child, "\t"))
        elif child.tag in (qn("w:br"), qn("w:cr")):
            pieces.append((child, "\n"))
        else:
            pieces.append((child, ""))
    return pieces


def run_text(run: etree._Element) -> str:
    """The text a run shows."""
    return "".join(text for _, text in run_pieces(run))


def split_run(run: etree._Element, offset: int) -> etree._Element:
    """Split ``run`` at character ``offset``; the run keeps the head, the returned run (inserted
    after it, with a copy of its ``w:rPr``) holds the tail."""
    tail = OxmlElement("w:r")
    rpr = run.find(qn("w:rPr"))
    if rpr is not None:
        tail.append(copy.deepcopy(rpr))
    seen = 0
    for child, text in run_pieces(run):
        if seen >= offset:
            tail.append(child)  # moves the element
        elif seen + len(text) > offset:
            cut = offset - seen
            head_text, tail_text = text[:cut], text[cut:]
            child.text = head_text
            child.set(_XML_SPACE, "preserve")
            piece = OxmlElement("w:t")
            piece.text = tail_text
            piece.set(_XML_SPACE, "preserve")
            tail.append(piece)
        seen += len(text)
    run.addnext(tail)
    return tail

