"""The text of a .docx as Word shows it once some authors' revisions are accepted or rejected.

An independent reading of the OOXML (not redline's reader), for checks per author that
LibreOffice cannot make: its flat ODF keeps one revision per stretch of text, so a deletion
inside another author's insertion comes back as a deletion only.  ``decide(author)`` says True
(accept), False (reject) or None (leave pending); pending text is shown marked
``[+author: …+]`` / ``[-author: …-]``.  A run counts in every ``w:ins``/``w:moveTo`` and
``w:del``/``w:moveFrom`` around it; a paragraph whose mark is deleted and accepted joins the next;
a table row inserted and rejected, or deleted and accepted, is gone.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Decide = Callable[[str], bool | None]
_INS = (f"{{{W}}}ins", f"{{{W}}}moveTo")
_DEL = (f"{{{W}}}del", f"{{{W}}}moveFrom")
_TEXT = {f"{{{W}}}t": None, f"{{{W}}}delText": None, f"{{{W}}}tab": "\t"}


def _kept(marks: list[tuple[bool, str]], decide: Decide) -> tuple[bool, tuple[tuple[bool, str], ...]]:
    """Whether text under ``marks`` ((inserted?, author) from outside in) is shown, and the
    marks still pending."""
    pending = []
    for inserted, author in marks:
        verdict = decide(author)
        if verdict is None:
            pending.append((inserted, author))
        elif verdict != inserted:  # an insertion rejected, or a deletion accepted
            return False, ()
    return True, tuple(pending)


def _marks(element: etree._Element, stop: etree._Element) -> list[tuple[bool, str]]:
    found = []
    for ancestor in element.iterancestors():
        if ancestor is stop:
            break
        if ancestor.tag in _INS or ancestor.tag in _DEL:
            found.append((ancestor.tag in _INS, ancestor.get(f"{{{W}}}author")))
    return found[::-1]


def _render(pieces: list[tuple[str, tuple[tuple[bool, str], ...]]]) -> str:
    out, state = [], ()
    for text, marks in pieces + [("", ())]:
        if marks != state:
            out.extend("+]" if inserted else "-]" for inserted, _ in state[::-1])
            out.extend(f"[+{a}: " if inserted else f"[-{a}: " for inserted, a in marks)
            state = marks
        out.append(text)
    return "".join(out)


def view(docx: Path, decide: Decide) -> list[str]:
    """The body's paragraphs (whitespace normalised, empty ones dropped) as ``decide`` leaves them."""
    with zipfile.ZipFile(docx) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{{{W}}}body")
    paragraphs: list[str] = []
    joined = ""
    for p in body.iter(f"{{{W}}}p"):
        row = next(p.iterancestors(f"{{{W}}}tr"), None)
        if row is not None and not _kept(_row_marks(row), decide)[0]:
            continue
        pieces = []
        for node in p.iter(*_TEXT):
            if next(node.iterancestors(f"{{{W}}}p")) is not p:
                continue
            shown, pending = _kept(_marks(node, p), decide)
            if shown:
                pieces.append((_TEXT[node.tag] or node.text or "", pending))
        text = joined + _render(pieces)
        mark = p.find(f"{{{W}}}pPr/{{{W}}}rPr")
        mark_marks = [] if mark is None else [(c.tag in _INS, c.get(f"{{{W}}}author"))
                                              for c in mark if c.tag in _INS or c.tag in _DEL]
        if mark_marks and not _kept(mark_marks, decide)[0]:
            joined = text
            continue
        joined = ""
        paragraphs.append(text)
    paragraphs.append(joined)
    return [" ".join(t.split()) for t in paragraphs if t.strip()]


def _row_marks(row: etree._Element) -> list[tuple[bool, str]]:
    trpr = row.find(f"{{{W}}}trPr")
    return [] if trpr is None else [(c.tag in _INS, c.get(f"{{{W}}}author"))
                                    for c in trpr if c.tag in _INS or c.tag in _DEL]


def authors(docx: Path) -> dict[tuple[str, str], int]:
    """(revision kind, author) → how many, for w:ins, w:del, w:rPrChange and comments."""
    counts: dict[tuple[str, str], int] = {}
    with zipfile.ZipFile(docx) as package:
        roots = [etree.fromstring(package.read(n)) for n in package.namelist()
                 if n in ("word/document.xml", "word/comments.xml")]
    for root in roots:
        for tag in ("ins", "del", "rPrChange", "comment", "moveFrom", "moveTo"):
            for element in root.iter(f"{{{W}}}{tag}"):
                key = (tag, element.get(f"{{{W}}}author", ""))
                counts[key] = counts.get(key, 0) + 1
    return counts
