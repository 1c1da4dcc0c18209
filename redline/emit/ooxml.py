"""The one module that knows raw WordprocessingML revisions.

Tracked insertions (``w:ins``) and deletions (``w:del`` with ``w:delText``), moves
(``w:moveFrom``/``w:moveTo`` inside named ``w:moveFromRangeStart``/``End`` and
``w:moveToRangeStart``/``End`` ranges), paragraph-mark revisions (``w:pPr/w:rPr/w:ins|w:del``),
table-row revisions (``w:trPr/w:ins|w:del``), run properties copied from a neighbour, revision
ids allocated by :class:`RevisionIds` only, and ``w:trackRevisions`` in the settings part; the
few paragraph properties a new paragraph carries (indents and a tab stop, :func:`indent`); and a
comment (``w:comment``, anchored on a paragraph by its range and reference run).
Everything above this module speaks in units and edits.

Other authors' pending revisions are kept as Word keeps them: run properties copied onto new
text leave out another author's formatting change (``w:rPrChange``); a run split in two gives
the copy of its formatting change a fresh id; text placed inside another author's ``w:ins``
splits it (the second half under a fresh id) rather than nesting ``w:ins`` in ``w:ins``; a
deletion of their inserted text is a ``w:del`` inside their ``w:ins``.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser
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


@functools.cache
def _tag(name: str) -> tuple[str, dict[str, str]]:
    """A prefixed tag's Clark name and the namespace it declares ("w:t" → "{…main}t", {"w": …})."""
    prefix = name.split(":", 1)[0]
    return qn(name), {prefix: nsmap[prefix]}


def new_element(name: str) -> etree._Element:
    """A loose element of python-docx's class for ``name`` ("w:r"), as ``docx.oxml.OxmlElement``
    makes it (the same element, declaring the same namespace) without parsing the tag each time."""
    clark, declared = _tag(name)
    return oxml_parser.makeelement(clark, nsmap=declared)


_R_PR_CHANGE = qn("w:rPrChange")


def indent(paragraph: etree._Element, left: int, hanging: int | None = None, tab: int | None = None) -> None:
    """Indent a new paragraph, in twips: its left edge, a hanging first line, and a left tab stop,
    written as python-docx's paragraph format writes them (``w:tabs`` before ``w:ind``, after the
    style, the only property the paragraph may have yet)."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = new_element("w:pPr")
        paragraph.insert(0, ppr)
    assert all(child.tag == qn("w:pStyle") for child in ppr), "indent() lays out a new paragraph only"
    if tab is not None:
        stop = new_element("w:tab")
        stop.set(qn("w:pos"), str(tab))
        stop.set(qn("w:val"), "left")
        stops = new_element("w:tabs")
        stops.append(stop)
        ppr.append(stops)
    ind = new_element("w:ind")
    ind.set(qn("w:left"), str(left))
    if hanging is not None:
        ind.set(qn("w:hanging"), str(hanging))
    ppr.append(ind)


def clean(text: str) -> str:
    """Text safe for XML 1.0: forbidden control characters removed (escaping is lxml's job)."""
    return _FORBIDDEN.sub("", text)


#: Revision kinds and their elements: a moved unit is deleted where it stood ("move_from") and
#: inserted where it stands ("move_to"), inside named move ranges.
_TAGS = {"insert": "w:ins", "delete": "w:del", "move_from": "w:moveFrom", "move_to": "w:moveTo"}
_REMOVED = ("delete", "move_from")


def _properties(paragraph: etree._Element) -> list[etree._Element]:
    """Copies of a paragraph's properties, but for its mark's run properties, a section break and
    a recorded change."""
    ppr = paragraph.find(qn("w:pPr"))
    skip = (qn("w:rPr"), qn("w:sectPr"), qn("w:pPrChange"))
    return [copy.deepcopy(child) for child in (ppr if ppr is not None else []) if child.tag not in skip]


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
        element = new_element(tag)
        element.set(qn("w:id"), self.ids.take())
        element.set(qn("w:author"), clean(self.author))
        element.set(qn("w:date"), self.date)
        return element

    def wrap(self, kind: str, runs: Iterable[etree._Element]) -> etree._Element:
        """Wrap runs in ``w:ins`` (kind "insert"), ``w:del`` ("delete", text → delText),
        ``w:moveFrom`` ("move_from", text → delText) or ``w:moveTo`` ("move_to")."""
        wrapper = self.mark(_TAGS[kind])
        for run in runs:
            if kind in _REMOVED:
                to_deleted(run)
            wrapper.append(run)
        return wrapper

    def move_range(self, kind: str, name: str) -> tuple[etree._Element, etree._Element]:
        """The start and end of a named move range ("move_from" or "move_to"), sharing one id;
        the two sides of one move carry the same ``name``."""
        tag = _TAGS[kind]
        start = self.mark(f"{tag}RangeStart")
        start.set(qn("w:name"), name)
        end = new_element(f"{tag}RangeEnd")
        end.set(qn("w:id"), start.get(qn("w:id")))
        return start, end

    def mark_paragraph(self, paragraph: etree._Element, kind: str) -> None:
        """Mark a paragraph's mark inserted, deleted or moved (whole-paragraph revisions)."""
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is None:
            ppr = new_element("w:pPr")
            paragraph.insert(0, ppr)
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = new_element("w:rPr")
            successor = next((c for c in ppr if c.tag in _AFTER_PARAGRAPH_RPR), None)
            if successor is None:
                ppr.append(rpr)
            else:
                successor.addprevious(rpr)
        rpr.insert(0, self.mark(_TAGS[kind]))

    @staticmethod
    def paragraph_mark(paragraph: etree._Element) -> str | None:
        """The revision of a paragraph's mark ("insert", "delete", "move_from", "move_to"), or None."""
        tags = {qn(tag): kind for kind, tag in _TAGS.items()}
        return next((tags[m.tag] for m in paragraph.findall(f"{qn('w:pPr')}/{qn('w:rPr')}/*") if m.tag in tags),
                    None)

    def end_body(self, blocks: list[etree._Element], added: tuple[str, ...] = ("insert",)) -> None:
        """Paragraphs inserted (or, of the ``added`` kinds, moved here) or deleted (or moved away)
        at the very end of a body whose paragraphs and tables are ``blocks``, written as Word
        writes them: the final paragraph mark is never new nor removed (LibreOffice cannot remove
        it, and left an empty paragraph after rejecting, or accepting, everything), so the mark of
        the paragraph before them carries the revision (:meth:`after_final_paragraph`,
        :meth:`before_final_paragraph`), or, inserted (or moved) before paragraphs deleted (or
        moved away) there, or the other way round, shares the final mark with the last of them
        (:meth:`replacing_final_paragraph`). Otherwise nothing changes unless the paragraph before
        is unmarked."""
        paragraph = qn("w:p")
        blocks = list(blocks)
        last = self.paragraph_mark(blocks[-1]) if blocks and blocks[-1].tag == paragraph else None
        kinds = added if last in added else _REMOVED if last in _REMOVED else ()
        ending: list[etree._Element] = []
        while kinds and blocks and blocks[-1].tag == paragraph and self.paragraph_mark(blocks[-1]) in kinds:
            ending.insert(0, blocks.pop())
        if not ending or not blocks or blocks[-1].tag != paragraph:
            return
        before = self.paragraph_mark(blocks[-1])
        marks = {self.paragraph_mark(p) for p in ending}
        if len(marks) == 1 and before in (_REMOVED if last in added else added):  # added, then removed, or reversed
            self.replacing_final_paragraph(ending[-1], blocks[-1], added)
        elif before is None and last in added:
            self.after_final_paragraph(blocks[-1], ending, str(last))
        elif before is None:
            self.before_final_paragraph(blocks[-1], ending)

    def replacing_final_paragraph(self, final: etree._Element, other: etree._Element,
                                  added: tuple[str, ...] = ("insert",)) -> None:
        """The body's ``final`` paragraph and the ``other`` before the run of paragraphs ending
        it, one inserted (or moved there, of the ``added`` kinds) and one deleted (or moved away):
        paragraphs inserted, then deleted, at the very end, or deleted, then inserted; the final
        mark can be neither, so the two become one paragraph in the final one's place, the
        deleted words then the inserted ones, under an unmarked mark with the inserted
        paragraph's properties (the deleted one's recorded as its previous ones): accepted, it is
        the inserted paragraph, rejected the deleted one (neither result shows the order of the
        paragraphs between). The final mark had been the final paragraph's own: an empty
        paragraph was left after accepting, or rejecting, everything."""
        inserted, deleted = (other, final) if self.paragraph_mark(final) in _REMOVED else (final, other)
        now, was = _properties(inserted), _properties(deleted)
        moving = [child for child in other if child.tag != qn("w:pPr")]
        if final is deleted:
            final.extend(moving)  # the deleted words, then the inserted
        else:
            first = 1 if len(final) and final[0].tag == qn("w:pPr") else 0
            for index, child in enumerate(moving):
                final.insert(first + index, child)
        self._unmark(final, *_REMOVED, *added)
        other.getparent().remove(other)
        self._properties_change(final, now, was)

    def after_final_paragraph(self, final: etree._Element, added: list[etree._Element], kind: str) -> None:
        """Paragraphs ``added`` (each marked ``kind``) after the body's ``final`` paragraph, as
        Word writes them: the final paragraph mark is never new, so the mark ending ``final``
        is the new one, and the last added paragraph, which now ends the body with the old mark,
        records ``final``'s properties as its previous ones (``w:pPrChange``)."""
        last = self._unmark(added[-1], kind)
        self.mark_paragraph(final, kind)
        self._properties_change(last, _properties(last), _properties(final))

    def before_final_paragraph(self, kept: etree._Element, removed: list[etree._Element]) -> None:
        """Paragraphs ``removed`` (each marked deleted or moved away) that end the body, after
        ``kept``, as Word writes them: the final paragraph mark is never removed, so the mark
        ending ``kept`` is the deleted one, and the last removed paragraph, whose mark now ends the
        body, takes ``kept``'s properties, recording its own as its previous ones: accepted, the
        body ends with ``kept`` as it was (LibreOffice had left an empty paragraph there)."""
        last = self._unmark(removed[-1], *_REMOVED)
        self.mark_paragraph(kept, "delete")
        self._properties_change(last, _properties(kept), _properties(last))

    @staticmethod
    def _unmark(paragraph: etree._Element, *kinds: str) -> etree._Element:
        """The paragraph, its mark's revisions of ``kinds`` taken off."""
        for kind in kinds:
            for mark in paragraph.findall(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn(_TAGS[kind])}"):
                mark.getparent().remove(mark)
        return paragraph

    def _properties_change(self, paragraph: etree._Element, now: list[etree._Element],
                           before: list[etree._Element]) -> None:
        """Give ``paragraph`` the properties ``now`` (its mark's run properties kept), recording
        ``before`` as its previous ones (``w:pPrChange``) when they differ (LibreOffice, rejecting
        a recorded change of automatic numbering, loses the number)."""
        if [etree.tostring(e) for e in now] == [etree.tostring(e) for e in before]:
            return
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is None:
            ppr = new_element("w:pPr")
            paragraph.insert(0, ppr)
        rpr = ppr.find(qn("w:rPr"))
        for child in list(ppr):
            if child is not rpr:
                ppr.remove(child)
        for index, child in enumerate(now):
            ppr.insert(index, child)
        change = self.mark("w:pPrChange")
        previous = new_element("w:pPr")
        previous.extend(before)
        change.append(previous)
        ppr.append(change)

    def mark_row(self, row: etree._Element, kind: str) -> None:
        """Mark a table row inserted or deleted."""
        trpr = row.find(qn("w:trPr"))
        if trpr is None:
            trpr = new_element("w:trPr")
            successor = row.find(qn("w:tc"))
            if successor is None:
                row.append(trpr)
            else:
                successor.addprevious(trpr)
        trpr.append(self.mark("w:ins" if kind == "insert" else "w:del"))


def make_run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    """A ``w:r`` holding ``text`` (tabs as ``w:tab``), with a copy of ``rpr`` less any
    formatting change (new text is not another author's reformatting)."""
    run = new_element("w:r")
    if rpr is not None:
        twin = copy.deepcopy(rpr)
        for change in twin.findall(_R_PR_CHANGE):
            twin.remove(change)
        run.append(twin)
    for i, piece in enumerate(clean(text).split("\t")):
        if i:
            run.append(new_element("w:tab"))
        if piece:
            t = new_element("w:t")
            t.text = piece
            t.set(_XML_SPACE, "preserve")
            run.append(t)
    return run


def comment(comment_id: str, author: str, date: str, lines: Iterable[str]) -> etree._Element:
    """A ``w:comment`` of plain paragraphs, one per line, the first opening with the annotation
    mark as Word writes it."""
    element = new_element("w:comment")
    element.set(qn("w:id"), comment_id)
    element.set(qn("w:author"), clean(author))
    element.set(qn("w:date"), date)
    for n, line in enumerate(lines):
        paragraph = new_element("w:p")
        if n == 0:
            mark = new_element("w:r")
            mark.append(new_element("w:annotationRef"))
            paragraph.append(mark)
        paragraph.append(make_run(line))
        element.append(paragraph)
    return element


def anchor_comment(paragraph: etree._Element, comment_id: str) -> None:
    """Anchor comment ``comment_id`` on a whole paragraph: its range from after the paragraph's
    properties to its end, then the run holding the reference."""
    start, end = new_element("w:commentRangeStart"), new_element("w:commentRangeEnd")
    start.set(qn("w:id"), comment_id)
    end.set(qn("w:id"), comment_id)
    ppr = paragraph.find(qn("w:pPr"))
    paragraph.insert(0 if ppr is None else paragraph.index(ppr) + 1, start)
    paragraph.append(end)
    reference = new_element("w:commentReference")
    reference.set(qn("w:id"), comment_id)
    run = new_element("w:r")
    run.append(reference)
    paragraph.append(run)


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
    element = new_element("w:trackRevisions")
    before = [child for child in settings if child.tag in _BEFORE_TRACK_REVISIONS]
    if before:
        before[-1].addnext(element)
    else:
        settings.insert(0, element)


#: Revision marks a copied paragraph's or row's properties must not carry.
_REVISION_MARKS = tuple(qn(f"w:{name}") for name in (
    "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "trPrChange", "tcPrChange"))


def clean_copy(element: etree._Element) -> etree._Element:
    """A deep copy of ``element`` (a ``w:pPr`` or ``w:tr`` to lay new text out like) without
    any revision mark in it: a new paragraph or row is ours alone."""
    twin = copy.deepcopy(element)
    for mark in [e for e in twin.iter() if e.tag in _REVISION_MARKS]:
        if mark.getparent() is not None:
            mark.getparent().remove(mark)
    return twin


def run_pieces(run: etree._Element) -> list[tuple[etree._Element, str]]:
    """A run's content children with the text each stands for ("\\t" for a tab, "-" for a
    non-breaking hyphen, as the .docx reader reads them; "" for others)."""
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
        elif child.tag == qn("w:noBreakHyphen"):
            pieces.append((child, "-"))
        else:
            pieces.append((child, ""))
    return pieces


def run_text(run: etree._Element) -> str:
    """The text a run shows."""
    return "".join(text for _, text in run_pieces(run))


def split_run(run: etree._Element, offset: int, ids: RevisionIds | None = None) -> etree._Element:
    """Split ``run`` at character ``offset``; the run keeps the head, the returned run (inserted
    after it, with a copy of its ``w:rPr``) holds the tail.  A revision inside the copied
    ``w:rPr`` (another author's formatting change) takes a fresh id from ``ids``."""
    tail = new_element("w:r")
    rpr = run.find(qn("w:rPr"))
    if rpr is not None:
        twin = copy.deepcopy(rpr)
        for element in twin.iter():
            if element.get(qn("w:id")) is not None:
                if ids is None:
                    raise ValueError("splitting a run whose properties carry a revision needs RevisionIds")
                element.set(qn("w:id"), ids.take())
        tail.append(twin)
    seen = 0
    for child, text in run_pieces(run):
        if seen >= offset:
            tail.append(child)  # moves the element
        elif seen + len(text) > offset:
            cut = offset - seen
            head_text, tail_text = text[:cut], text[cut:]
            child.text = head_text
            child.set(_XML_SPACE, "preserve")
            piece = new_element("w:t")
            piece.text = tail_text
            piece.set(_XML_SPACE, "preserve")
            tail.append(piece)
        seen += len(text)
    run.addnext(tail)
    return tail



def place_beside(run: etree._Element, element: etree._Element, after: bool, ids: RevisionIds) -> None:
    """Put ``element`` (a new ``w:ins``) just after or before ``run``.

    When ``run`` sits inside an existing ``w:ins`` and the place is inside it, that insertion is
    split in two around ``element`` (the second half a copy of its author and date under a fresh
    id), so no ``w:ins`` nests in another.
    """
    parent = run.getparent()
    if parent.tag != qn("w:ins"):
        if after:
            run.addnext(element)
        else:
            run.addprevious(element)
        return
    siblings = list(parent)
    cut = siblings.index(run) + (1 if after else 0)
    if cut == len(siblings):
        parent.addnext(element)
    elif cut == 0:
        parent.addprevious(element)
    else:
        second = etree.Element(parent.tag, dict(parent.attrib), nsmap=parent.nsmap)
        second.set(qn("w:id"), ids.take())
        second.extend(siblings[cut:])
        parent.addnext(second)
        parent.addnext(element)
