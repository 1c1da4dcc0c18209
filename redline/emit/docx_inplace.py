"""In-place mode, second half: write a plan's tracked changes into the user's own .docx.

Units and paragraphs correspond through the reader's own mapping: a unit read from the file
carries ``Position.line``, its index in :func:`redline.read.docx.body_paragraphs`, so any layout
``parse`` reads (typed or automatic numbering, definitions as a table or as paragraphs) is one
this module edits (the plan: :mod:`redline.emit.inplace_plan`).  A unit's words are the end of
its paragraph's text as the reader reads it (other authors' insertions in, their deletions
out); whatever stands before them (a typed number and its tab, a defined term and its tab) is
kept, or edited as a number when the unit is renumbered.  A heading is the nearest paragraph
with text before the unit's, a tail the nearest after its last descendant's.

Runs are split at the word-level edit boundaries keeping each run's ``w:rPr``; deleted runs go
into ``w:del``, inserted text into ``w:ins`` with the neighbouring run's ``w:rPr``; overlaps
with other authors' revisions are written the way Word writes them (:mod:`redline.emit.ooxml`).
New units are new paragraphs (or definitions rows) copying a pattern paragraph's properties;
deleted and moved-away units have every word and paragraph mark (or their row) deleted.  New
elements are built from the paragraphs as they read before any edit, then placed.  Nothing
else changes, apart from ``w:trackRevisions`` in the settings, and a comment on the first
paragraph listing what the run does not apply, when anything (:func:`with_comment`: a copy
of one Section never looks complete when the run is not).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from redline.emit.inplace_plan import NewText, ParagraphEdit, Plan, UnitDelete, UnitInsert
from redline.emit.meta import EmitMeta
from redline.emit.ooxml import (
    RevisionIds,
    Revisions,
    anchor_comment,
    clean_copy,
    comment,
    enable_track_revisions,
    make_run,
    place_beside,
    run_rpr,
    run_text,
    split_run,
)
from redline.emit.worddiff import DELETE, INSERT, word_diff
from redline.models import RedlineError
from redline.read.docx import body_paragraphs
from redline.write import write_atomic

DOCUMENT, SETTINGS = "word/document.xml", "word/settings.xml"
_RELS, _TYPES = "word/_rels/document.xml.rels", "[Content_Types].xml"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_HIDDEN = (qn("w:del"), qn("w:moveFrom"))


# --- the document ---------------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(text.split())


def _runs(paragraph: etree._Element) -> list[etree._Element]:
    """The paragraph's visible runs (not already deleted, not in nested text boxes)."""
    runs = []
    for run in paragraph.iter(qn("w:r")):
        ancestors = list(run.iterancestors())
        owner = next(a for a in ancestors if a.tag == qn("w:p"))
        if owner is paragraph and not any(a.tag in _HIDDEN for a in ancestors):
            runs.append(run)
    return runs


def _text(paragraph: etree._Element) -> str:
    return "".join(run_text(r) for r in _runs(paragraph))


def _spans(paragraph: etree._Element) -> list[tuple[int, int, etree._Element]]:
    spans, pos = [], 0
    for run in _runs(paragraph):
        length = len(run_text(run))
        spans.append((pos, pos + length, run))
        pos += length
    return spans


def _normalised(raw: str) -> tuple[str, list[tuple[int, int]]]:
    """``raw`` with whitespace runs collapsed to one space and trimmed, and the span of ``raw``
    each of its characters stands for."""
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    space_from = None
    for i, char in enumerate(raw):
        if char.isspace():
            if space_from is None:
                space_from = i
            continue
        if space_from is not None and chars:
            chars.append(" ")
            spans.append((space_from, i))
        space_from = None
        chars.append(char)
        spans.append((i, i + 1))
    return "".join(chars), spans


class _Editor:
    """Tracked edits in one paragraph, at offsets of its visible text."""

    def __init__(self, paragraph: etree._Element, revisions: Revisions) -> None:
        self.paragraph = paragraph
        self.revisions = revisions

    def cut(self, offset: int) -> None:
        """Make ``offset`` fall between two runs."""
        for start, end, run in _spans(self.paragraph):
            if start < offset < end:
                split_run(run, offset - start, self.revisions.ids)
                return

    def delete(self, start: int, end: int, kind: str = "delete") -> None:
        self.cut(start)
        self.cut(end)
        chosen = [run for s, e, run in _spans(self.paragraph)
                  if start <= s and e <= end and (s < e or start < s < end)]
        groups: list[list[etree._Element]] = []
        for run in chosen:
            if groups and groups[-1][-1].getnext() is run:
                groups[-1].append(run)
            else:
                groups.append([run])
        for group in groups:  # inside another author's w:ins, the w:del goes inside it (as Word does)
            parent = group[0].getparent()
            index = parent.index(group[0])
            parent.insert(index, self.revisions.wrap(kind, group))

    def insert(self, offset: int, text: str) -> None:
        self.cut(offset)
        spans = _spans(self.paragraph)
        before = [run for s, e, run in spans if e == offset and s < e]
        after = [run for s, e, run in spans if s == offset and s < e]
        ids = self.revisions.ids
        if before:
            neighbour = before[-1]
            place_beside(neighbour, self.revisions.wrap("insert", [make_run(text, run_rpr(neighbour))]), True, ids)
        elif after:
            neighbour = after[0]
            place_beside(neighbour, self.revisions.wrap("insert", [make_run(text, run_rpr(neighbour))]), False, ids)
        else:  # an empty paragraph
            self.paragraph.append(self.revisions.wrap("insert", [make_run(text)]))


def _located(paragraph: etree._Element, old: str) -> tuple[str, list[tuple[int, int]], int] | None:
    """The paragraph's normalised text, its spans, and where ``old`` starts in it when the text
    ends with ``old`` (None when it does not)."""
    text, spans = _normalised(_text(paragraph))
    if text == old or (old and text.endswith(" " + old)) or not old and not text:
        return text, spans, len(text) - len(old)
    return None


def _prefix(paragraph: etree._Element, old: str) -> str | None:
    """What stands before the words ``old`` in the paragraph, as typed (a number and its tab)."""
    found = _located(paragraph, old)
    if found is None:
        return None
    text, spans, first = found
    raw = _text(paragraph)
    return raw[:spans[first][0]] if first < len(spans) else raw


def _revise(paragraph: etree._Element, old: str, new: str, revisions: Revisions) -> bool:
    """Turn the words ``old`` that end the paragraph's text into ``new``, with word-level
    tracked changes; False (nothing touched) when the paragraph does not end with ``old``."""
    found = _located(paragraph, old)
    if found is None:
        return False
    _, spans, first = found
    operations, pos = [], 0
    for op, words in word_diff(old, new):
        if op == INSERT:
            operations.append((op, pos, words))
        else:
            if op == DELETE:
                operations.append((op, pos, pos + len(words)))
            pos += len(words)
    editor = _Editor(paragraph, revisions)
    raw_end = spans[-1][1] if spans else 0

    def start(i: int) -> int:
        return spans[first + i][0] if first + i < len(spans) else raw_end

    for op, at, arg in reversed(operations):  # right to left: earlier offsets stay valid
        if op == DELETE:
            editor.delete(start(at), spans[first + arg - 1][1])
        else:
            editor.insert(start(at), arg)
    return True


def _row(paragraph: etree._Element) -> etree._Element | None:
    """The two-cell table row (a definitions row) a paragraph sits in, if any."""
    tc = paragraph.getparent()
    if tc is None or tc.tag != qn("w:tc"):
        return None
    tr = tc.getparent()
    return tr if tr is not None and len(tr.findall(qn("w:tc"))) == 2 else None


def revise_words(paragraph: etree._Element, edit: ParagraphEdit, revisions: Revisions) -> bool:
    """Carry out one edit on its paragraph: the words, and a typed number or term before them
    (in the paragraph, or in the term cell of a definitions row) when ``edit.label`` changes it;
    under automatic numbering the number is Word's.  False when the paragraph does not read
    as the edit expects (nothing touched)."""
    prefix = _prefix(paragraph, edit.old)
    if prefix is None:
        return False
    if edit.label is None or not prefix.strip():
        if edit.label is not None and (row := _row(paragraph)) is not None:
            term = next((p for p in row.find(qn("w:tc")).iter(qn("w:p")) if _text(p).strip()), None)
            if term is None or _located(term, edit.label[0]) is None:
                return False
            _revise(term, edit.label[0], edit.label[1], revisions)
        return _revise(paragraph, edit.old, edit.new, revisions)
    old_label, new_label = edit.label
    head = _norm(prefix)
    if old_label not in head:
        return False
    whole = f"{head} {edit.old}".strip()
    return _revise(paragraph, whole, f"{head.replace(old_label, new_label, 1)} {edit.new}".strip(), revisions)


def _paragraph_for(paragraphs: list[etree._Element], edit: ParagraphEdit) -> etree._Element | None:
    index = edit.line - 1
    if not 0 <= index < len(paragraphs):
        return None
    if edit.step:
        index += edit.step
        while 0 <= index < len(paragraphs) and not _text(paragraphs[index]).strip():
            index += edit.step
    return paragraphs[index] if 0 <= index < len(paragraphs) else None


class _Writer:
    """Carries out a plan on one document body; collects a line for each step it cannot take."""

    def __init__(self, root: etree._Element, revisions: Revisions, source: str) -> None:
        self.paragraphs = body_paragraphs(root.find(qn("w:body")))
        self.revisions = revisions
        self.source = source
        self.missed: list[tuple[str, str]] = []
        self.created: dict[str, etree._Element] = {}  # inserted unit's uid → its last element

    def find(self, edit: ParagraphEdit) -> etree._Element | None:
        """The paragraph an edit names, when it reads as the edit expects."""
        paragraph = _paragraph_for(self.paragraphs, edit)
        return paragraph if paragraph is not None and _located(paragraph, edit.old) is not None else None

    def miss(self, unit: str, line: int, what: str) -> None:
        self.missed.append((unit, f"{what} (near {self.source}:{line})"))

    def edit(self, edit: ParagraphEdit) -> None:
        paragraph = _paragraph_for(self.paragraphs, edit)
        if paragraph is None or not revise_words(paragraph, edit, self.revisions):
            self.miss(edit.unit, edit.line, f"no paragraph there ends {edit.old[:60]!r}")

    def delete(self, deletion: UnitDelete) -> None:
        """A unit's paragraphs deleted whole (or moved away), or its definitions row."""
        found = [self.find(edit) for edit in deletion.paragraphs]
        if not found or any(p is None for p in found):
            line = deletion.paragraphs[0].line if deletion.paragraphs else 0
            self.miss(deletion.unit, line, "its paragraphs do not read as parsed")
            return
        rows = list(dict.fromkeys(row for paragraph in found if (row := _row(paragraph)) is not None))
        # a row has no move markup (a definition moved in its table: deleted here, inserted there)
        move = deletion.move if not rows else ""
        kind = "move_from" if move else "delete"
        for paragraph in found:
            if _row(paragraph) is None:
                self.delete_paragraph(paragraph, kind)
        for row in rows:
            for paragraph in row.iter(qn("w:p")):
                self.delete_paragraph(paragraph, kind, mark=False)
            self.revisions.mark_row(row, "delete")
        if move:
            self.move_range("move_from", move, found)  # type: ignore[arg-type]

    def delete_paragraph(self, paragraph: etree._Element, kind: str = "delete", mark: bool = True) -> None:
        length = len(_text(paragraph))
        if length:
            _Editor(paragraph, self.revisions).delete(0, length, kind)
        if mark:
            self.revisions.mark_paragraph(paragraph, kind)

    def move_range(self, kind: str, name: str, paragraphs: list[etree._Element]) -> None:
        """A named move range from the first paragraph's start to the last one's end."""
        start, end = self.revisions.move_range(kind, name)
        properties = paragraphs[0].find(qn("w:pPr"))
        paragraphs[0].insert(0 if properties is None else paragraphs[0].index(properties) + 1, start)
        paragraphs[-1].append(end)

    def new_paragraph(self, text: NewText, mark: bool = True, kind: str = "insert") -> etree._Element | None:
        """A tracked new paragraph laid out like its pattern, or None when the pattern is not
        found or its typed number or term cannot be replaced."""
        pattern = self.find(text.like)
        if pattern is None:
            return None
        prefix = _prefix(pattern, text.like.old) or ""
        if prefix.strip():
            if text.like_label not in prefix:
                return None
            prefix = prefix.replace(text.like_label, text.label, 1)
        return self._paragraph_like(pattern, prefix + text.words, mark, kind)

    def _paragraph_like(self, pattern: etree._Element, words: str, mark: bool = True,
                        kind: str = "insert") -> etree._Element:
        paragraph = OxmlElement("w:p")
        properties = pattern.find(qn("w:pPr"))
        if properties is not None:
            paragraph.append(clean_copy(properties))
        runs = _runs(pattern)
        if words:
            run = make_run(words, run_rpr(runs[0]) if runs else None)
            paragraph.append(self.revisions.wrap(kind, [run]))
        if mark:
            self.revisions.mark_paragraph(paragraph, kind)
        return paragraph

    def prepare(self, insertion: UnitInsert) -> tuple[etree._Element, bool, list[etree._Element]] | None:
        """An insertion's new elements and the element they go after (True) or before (False),
        from the paragraphs as they read before any edit."""
        first = self.find(insertion.paragraphs[0].like)
        row_pattern = _row(first) if first is not None else None
        anchor, after = self.anchor(insertion, row_pattern is not None)
        line = insertion.paragraphs[0].like.line
        if anchor is None:
            self.miss(insertion.unit, line, "its place does not read as parsed")
            return None
        move = insertion.move if row_pattern is None else ""  # a row has no move markup (see delete)
        kind = "move_to" if move else "insert"
        if row_pattern is not None:
            elements = self.new_row(row_pattern, insertion.paragraphs)
        else:
            elements = [self.new_paragraph(text, kind=kind) for text in insertion.paragraphs]
        if not elements or any(e is None for e in elements):
            self.miss(insertion.unit, line, "no paragraph of the file to lay it out like")
            return None
        if move:
            self.move_range("move_to", move, elements)  # type: ignore[arg-type]
        self.created[insertion.uid] = elements[-1]  # type: ignore[assignment]
        return anchor, after, elements  # type: ignore[return-value]

    def place(self, anchor: etree._Element, after: bool, elements: list[etree._Element]) -> None:
        """Put prepared elements beside their anchor, in order."""
        for element in elements if after else reversed(elements):
            if after:
                anchor.addnext(element)
            else:
                anchor.addprevious(element)
            anchor = element

    def anchor(self, insertion: UnitInsert, row: bool) -> tuple[etree._Element | None, bool]:
        """The element an insertion goes after (True) or before (False)."""
        if insertion.after_new:
            return self.created.get(insertion.after_new), True
        if insertion.after is not None:
            line, tail = insertion.after
            paragraph = self.paragraphs[line - 1] if 0 < line <= len(self.paragraphs) else None
            if paragraph is not None and tail:
                paragraph = self.find(ParagraphEdit(line, tail, "", insertion.unit, 1))
            placed = True
        else:
            assert insertion.before is not None
            line, heading = insertion.before
            paragraph = self.paragraphs[line - 1] if 0 < line <= len(self.paragraphs) else None
            if paragraph is not None and heading:
                paragraph = self.find(ParagraphEdit(line, heading, "", insertion.unit, -1))
            placed = False
        if paragraph is None:
            return None, placed
        return (_row(paragraph) if row else _outermost(paragraph)), placed

    def new_row(self, pattern: etree._Element, texts: list[NewText]) -> list[etree._Element | None]:
        """A tracked new definitions row like ``pattern``: the term, then the definition's
        paragraphs."""
        row = clean_copy(pattern)
        cells = row.findall(qn("w:tc"))
        old_cells = pattern.findall(qn("w:tc"))
        for cell, old in zip(cells, old_cells, strict=True):
            for child in [c for c in cell if c.tag != qn("w:tcPr")]:
                cell.remove(child)
            first = next(old.iter(qn("w:p")), None)
            if cell is cells[0] and first is not None:
                cell.append(self._paragraph_like(first, texts[0].label, mark=False))
        definition = self.new_paragraph(NewText(texts[0].like, "", "", texts[0].words), mark=False)
        rest = [self.new_paragraph(text, mark=False) for text in texts[1:]]
        if definition is None or any(p is None for p in rest):
            return [None]
        cells[1].append(definition)
        cells[1].extend(rest)  # a new row's paragraph marks are the row's: not marked apart
        self.revisions.mark_row(row, "insert")
        return [row]


def _outermost(paragraph: etree._Element) -> etree._Element:
    """The body-level element holding a paragraph (itself, or the table it sits in)."""
    element = paragraph
    while element.getparent() is not None and element.getparent().tag != qn("w:body"):
        element = element.getparent()
    return element


def _revise_document(root: etree._Element, plan: Plan, revisions: Revisions,
                     source: str) -> list[tuple[str, str]]:
    writer = _Writer(root, revisions, source)
    prepared = [found for insertion in plan.inserts if (found := writer.prepare(insertion)) is not None]
    for edit in plan.edits:
        writer.edit(edit)
    for deletion in plan.deletes:
        writer.delete(deletion)
    for anchor, after, elements in prepared:  # in plan order: each after the one before it
        writer.place(anchor, after, elements)
    body = root.find(qn("w:body"))
    if body is not None:  # paragraphs added or deleted at its very end, as Word writes them
        revisions.end_body([child for child in body if child.tag in (qn("w:p"), qn("w:tbl"))], ("insert", "move_to"))
    return writer.missed


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, remove_blank_text=False))


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def revise_docx_in_place(src: Path, dst: Path, plan: Plan | Sequence[ParagraphEdit],
                         meta: EmitMeta) -> list[tuple[str, str]]:
    """Copy ``src`` to ``dst`` with the plan (or the edits) tracked; returns what it could not place."""
    data, missed = revised_docx(src, plan, meta)
    write_atomic(dst, data)
    return missed


def revised_docx(src: Path, plan: Plan | Sequence[ParagraphEdit],
                 meta: EmitMeta) -> tuple[bytes, list[tuple[str, str]]]:
    """``src`` with the plan (or the edits) tracked, as bytes; and (unit, why) for each step whose
    paragraphs do not read as the plan expects (left untouched, never guessed)."""
    if not isinstance(plan, Plan):
        plan = Plan(edits=list(plan))
    try:
        with zipfile.ZipFile(src) as package:
            entries = [(info, package.read(info)) for info in package.infolist()]
    except (OSError, zipfile.BadZipFile) as exc:
        raise RedlineError(f"{src}: not a readable .docx ({exc})") from exc
    parts = {info.filename: data for info, data in entries}
    if DOCUMENT not in parts:
        raise RedlineError(f"{src}: no {DOCUMENT} in the package")
    document = _xml(parts[DOCUMENT])
    others = [_xml(data) for name, data in parts.items()
              if name.startswith("word/") and name.endswith(".xml") and name != DOCUMENT]
    revisions = Revisions(meta.author, meta.date, RevisionIds(document, *others))
    missed = _revise_document(document, plan, revisions, str(src))
    replaced = {DOCUMENT: _bytes(document)}
    if SETTINGS in parts:
        settings = _xml(parts[SETTINGS])
        enable_track_revisions(settings)
        replaced[SETTINGS] = _bytes(settings)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info, data in entries:
            out.writestr(info, replaced.get(info.filename, data))
    return buffer.getvalue(), missed


def with_comment(data: bytes, lines: Sequence[str], meta: EmitMeta) -> bytes:
    """``data`` (a .docx) with a comment of ``lines`` on its first paragraph, by ``meta``'s author
    and date: added to its comments part, or to a new one (with its relationship and content
    type); the comment's id is one no ``w:id`` of the document uses."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        entries = [(info, package.read(info)) for info in package.infolist()]
    parts = {info.filename: part for info, part in entries}
    document = _xml(parts[DOCUMENT])
    first = next(document.iter(qn("w:p")), None)
    if first is None:
        return data
    rels = _xml(parts[_RELS]) if _RELS in parts else etree.Element(f"{{{_REL_NS}}}Relationships", nsmap={None: _REL_NS})
    linked = next((r for r in rels if r.get("Type") == _COMMENTS_TYPE and r.get("TargetMode") != "External"), None)
    name = f"word/{linked.get('Target', '').lstrip('/').removeprefix('word/')}" if linked is not None else None
    if name is None or name not in parts:
        name = next(n for k in range(1, len(parts) + 2) if (n := f"word/comments{k if k > 1 else ''}.xml") not in parts)
        taken = {r.get("Id") for r in rels}
        rel = etree.SubElement(rels, f"{{{_REL_NS}}}Relationship")
        rel.set("Id", next(i for k in range(1, len(taken) + 2) if (i := f"rId{len(taken) + k}") not in taken))
        rel.set("Type", _COMMENTS_TYPE)
        rel.set("Target", name.removeprefix("word/"))
        types = _xml(parts[_TYPES])
        override = etree.SubElement(types, f"{{{_TYPES_NS}}}Override")
        override.set("PartName", f"/{name}")
        override.set("ContentType", _COMMENTS_CONTENT)
        parts[_RELS], parts[_TYPES] = _bytes(rels), _bytes(types)
        comments = OxmlElement("w:comments")
    else:
        comments = _xml(parts[name])
    others = [_xml(part) for key, part in parts.items()
              if key.startswith("word/") and key.endswith(".xml") and key != DOCUMENT]
    comment_id = RevisionIds(document, *others).take()
    anchor_comment(first, comment_id)
    comments.append(comment(comment_id, meta.author, meta.date, lines))
    parts[DOCUMENT], parts[name] = _bytes(document), _bytes(comments)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info, _ in entries:
            out.writestr(info, parts.pop(info.filename))
        for key, part in parts.items():  # the new comments part (and a relationships part, if none)
            out.writestr(key, part)
    return buffer.getvalue()
