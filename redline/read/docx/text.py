"""A paragraph's text: its runs in the accepted state of tracked changes, text boxes' words apart
from the words around them, the fallback copy of a drawing not read (see :mod:`redline.read.docx`)."""

from __future__ import annotations

from collections.abc import Iterable

from docx.oxml.ns import qn
from lxml import etree

from redline.read.docx.markup import GONE, PPR, RPR, P, T

_R = qn("w:r")
#: Run content that carries text besides ``w:t``, and what it reads as.
_CHAR = {qn("w:tab"): "\t", qn("w:br"): " ", qn("w:cr"): " ", qn("w:noBreakHyphen"): "-"}
_RUN_CONTENT = [T, *_CHAR]
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_FALLBACK, _ALTERNATE, _CHOICE = f"{_MC}Fallback", f"{_MC}AlternateContent", f"{_MC}Choice"
_NOTE_REFERENCES = (qn("w:footnoteReference"), qn("w:endnoteReference"))
#: A note reference followed, in its run, by the mark typed in its place ("*"); the values saying so.
_CUSTOM_MARK, _ON = qn("w:customMarkFollows"), ("1", "true", "on")
#: What :func:`_nested_text` visits: run content, paragraphs (a text box's), note references, fallbacks.
_NESTED = (*_RUN_CONTENT, P, *_NOTE_REFERENCES, _FALLBACK)


def paragraph_text(p: etree._Element, deletions: bool = True) -> str:
    """The text of a ``w:p``: runs, hyperlinks and insertions; tabs kept as tabs.  Run content
    inside a deletion or move-away is left out (the accepted state); ``deletions=False`` is the
    caller's word that its document has none, so no run is checked."""
    if deletions and next(p.iterancestors(GONE), None) is not None:
        return ""  # a text box's paragraph inside a deletion: every run of it is deleted
    parts = []
    for child in p:  # the paragraph's own runs, and those inside hyperlinks, insertions, fields …
        tag = child.tag
        if tag == _R:
            runs: Iterable[etree._Element] = (child,)
        elif tag == PPR:
            continue
        elif tag == _ALTERNATE:  # markup for newer readers and a copy for older ones: the first read once
            choice = next((c for c in child if c.tag == _CHOICE), None)
            runs = (choice if choice is not None else child).iter(_R)
        else:
            runs = child.iter(_R)
        for run in runs:
            if run is not child and deletions and next(run.iterancestors(GONE), None) is not None:
                continue
            for node in run:
                tag = node.tag
                if tag == T:
                    parts.append(node.text or "")
                elif tag in _CHAR:
                    parts.append(_CHAR[tag])
                elif tag != RPR and len(node):  # a drawing, text box or ruby: runs within runs
                    return _nested_text(p, deletions)
                elif tag in _NOTE_REFERENCES and has_custom_mark(node):
                    break  # the rest of the run is the custom mark: the note's (notes.note_marks)
    return "".join(parts)


def _nested_text(p: etree._Element, deletions: bool) -> str:
    """:func:`paragraph_text` of a paragraph whose runs may hold runs (text boxes): every run's
    content in document order, a text box's paragraphs each apart from the words around them;
    the VML copy of a drawing (``mc:Fallback``) is the drawing's text again, not read."""
    parts: list[str] = []
    marked: set[etree._Element] = set()  # runs whose text after a custom note mark is that mark

    def apart() -> None:
        if parts and not parts[-1][-1:].isspace():
            parts.append(" ")

    walk = etree.iterwalk(p, events=("start", "end"), tag=_NESTED)
    for event, node in walk:
        tag = node.tag
        if tag == P:
            if node is not p:
                apart()
            continue
        if event == "end":
            continue
        run = node.getparent()
        if tag == _FALLBACK:
            walk.skip_subtree()
        elif run.tag != _R or run in marked or (deletions and next(run.iterancestors(GONE), None) is not None):
            continue
        elif tag in _NOTE_REFERENCES:
            if has_custom_mark(node):
                marked.add(run)
        elif text := node.text or "" if tag == T else _CHAR[tag]:
            parts.append(text)
    return "".join(parts)


def has_custom_mark(reference: etree._Element) -> bool:
    """Whether a note reference is followed, in its run, by the mark typed in its place."""
    return reference.get(_CUSTOM_MARK, "").lower() in _ON


def outer_paragraphs(root: etree._Element) -> list[etree._Element]:
    """The paragraphs under ``root`` not inside another (a text box's are words of the paragraph
    holding it, :func:`paragraph_text`)."""
    return [p for p in root.iter(P) if next(p.iterancestors(P), None) is None]
