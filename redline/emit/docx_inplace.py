"""In-place mode: write tracked changes into the user's own .docx.

Each edit names a paragraph by its text as it was (whitespace normalised; a leading clause
number or list label may be left to Word's automatic numbering) and gives the text it should
read.  Runs are split at the word-level edit boundaries keeping each run's ``w:rPr``; deleted
runs go into ``w:del``, inserted text into ``w:ins`` with the neighbouring run's ``w:rPr``.
Nothing outside the edited runs changes, apart from ``w:trackRevisions`` in the settings.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from redline.emit.meta import EmitMeta
from redline.emit.ooxml import (
    RevisionIds,
    Revisions,
    enable_track_revisions,
    make_run,
    run_rpr,
    run_text,
    split_run,
)
from redline.emit.worddiff import DELETE, INSERT, word_diff
from redline.models import RedlineError, Unit, UnitKind, Version
from redline.write import write_atomic

DOCUMENT, SETTINGS = "word/document.xml", "word/settings.xml"
_LABEL = re.compile(r"^(?:\([A-Za-z0-9]{1,6}\)|[A-Z]{0,2}\d+[A-Z]?(?:\.\d+[A-Z]?)*\.?)\s+")
_HIDDEN = (qn("w:del"), qn("w:moveFrom"))
#: Units whose title line is laid out by the reader's header rules, not edited in place.
_TITLED = (UnitKind.SECTION, UnitKind.APPENDIX, UnitKind.PART)


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


def _cut(paragraph: etree._Element, offset: int) -> None:
    """Make ``offset`` fall between two runs."""
    for start, end, run in _spans(paragraph):
        if start < offset < end:
            split_run(run, offset - start)
            return


def _delete(paragraph: etree._Element, start: int, end: int, revisions: Revisions) -> None:
    _cut(paragraph, start)
    _cut(paragraph, end)
    chosen = [run for s, e, run in _spans(paragraph) if start <= s and e <= end and (s < e or start < s < end)]
    groups: list[list[etree._Element]] = []
    for run in chosen:
        if groups and groups[-1][-1].getnext() is run:
            groups[-1].append(run)
        else:
            groups.append([run])
    for group in groups:
        parent = group[0].getparent()
        index = parent.index(group[0])
        parent.insert(index, revisions.wrap("delete", group))


def _insert(paragraph: etree._Element, offset: int, text: str, revisions: Revisions) -> None:
    _cut(paragraph, offset)
    spans = _spans(paragraph)
    before = [run for s, e, run in spans if e == offset and s < e]
    after = [run for s, e, run in spans if s == offset and s < e]
    if before:
        neighbour = before[-1]
        neighbour.addnext(revisions.wrap("insert", [make_run(text, run_rpr(neighbour))]))
    elif after:
        neighbour = after[0]
        neighbour.addprevious(revisions.wrap("insert", [make_run(text, run_rpr(neighbour))]))
    else:  # an empty paragraph
        paragraph.append(revisions.wrap("insert", [make_run(text)]))


def revise_paragraph(paragraph: etree._Element, new_text: str, revisions: Revisions) -> None:
    """Turn the paragraph's text into ``new_text`` with word-level tracked changes."""
    operations, pos = [], 0
    for op, text in word_diff(_text(paragraph), new_text):
        if op == INSERT:
            operations.append((op, pos, text))
        else:
            if op == DELETE:
                operations.append((op, pos, pos + len(text)))
            pos += len(text)
    for op, start, arg in reversed(operations):  # right to left: earlier offsets stay valid
        if op == DELETE:
            _delete(paragraph, start, arg, revisions)
        else:
            _insert(paragraph, start, arg, revisions)


def _target(text: str, old: str, new: str) -> str | None:
    """The text the paragraph should read, or None when it is not the edit's paragraph."""
    if _norm(text) == _norm(old):
        return new
    label = _LABEL.match(old)
    if label and _norm(text) == _norm(old[label.end():]):  # the number is Word's automatic numbering
        return _LABEL.sub("", new, count=1)
    return None


def _revise_document(root: etree._Element, edits: Sequence[tuple[str, str]], revisions: Revisions) -> None:
    paragraphs = list(root.find(qn("w:body")).iter(qn("w:p")))
    cursor = 0
    for old, new in edits:
        for i in range(cursor, len(paragraphs)):
            target = _target(_text(paragraphs[i]), old, new)
            if target is not None:
                if target != _text(paragraphs[i]):
                    revise_paragraph(paragraphs[i], target, revisions)
                cursor = i + 1
                break
        else:
            raise RedlineError(f"no paragraph reading {old[:60]!r} found (after the previous edit)")


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, remove_blank_text=False))


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def revise_docx_in_place(src: Path, dst: Path, edits: Sequence[tuple[str, str]], meta: EmitMeta) -> None:
    """Copy ``src`` to ``dst`` with each (old paragraph text, new paragraph text) edit tracked."""
    write_atomic(dst, revised_docx(src, edits, meta))


def revised_docx(src: Path, edits: Sequence[tuple[str, str]], meta: EmitMeta) -> bytes:
    """``src`` with each (old paragraph text, new paragraph text) edit tracked, as bytes.

    Edits are applied in document order; each is found after the previous one.
    """
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
    _revise_document(document, edits, revisions)
    replaced = {DOCUMENT: _bytes(document)}
    if SETTINGS in parts:
        settings = _xml(parts[SETTINGS])
        enable_track_revisions(settings)
        replaced[SETTINGS] = _bytes(settings)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info, data in entries:
            out.writestr(info, replaced.get(info.filename, data))
    return buffer.getvalue()



def unit_edits(document: Version, base: Version, amended: Version) -> tuple[list[tuple[str, str]], list[str]]:
    """The paragraph edits that turn the units ``document`` holds from ``base`` into ``amended``.

    Units correspond by id between the user's document and the base, and by uid between the
    base and the amended version. Returns the edits in the document's order, and the ids of
    changes a paragraph edit cannot carry (units inserted, deleted or renumbered), which the
    caller reports: they are in ``redline.docx``.
    """
    base_units = base.index()
    amended_units = amended.by_uid()
    edits: list[tuple[str, str]] = []
    elsewhere: list[str] = []
    for unit in document.units():
        old = base_units.get(unit.id)
        if old is None:
            continue
        new = amended_units.get(old.uid)
        if new is None or new.label != old.label or (
                old.kind in _TITLED and new.heading != old.heading):
            elsewhere.append(unit.id)
            continue
        for old_text, new_text in _paragraphs(old, new):
            if old_text != new_text:
                edits.append((old_text, new_text))
    inserted = {u.uid for u in amended.units()} - {u.uid for u in base.units()}
    elsewhere.extend(u.id for u in amended.units() if u.uid in inserted)
    return edits, elsewhere


def _paragraphs(old: Unit, new: Unit) -> list[tuple[str, str]]:
    """A unit's paragraphs as the SEC lays them out: heading, numbered text, then tail."""
    if old.kind in _TITLED:
        return []
    pairs = [(old.heading, new.heading)] if old.heading or new.heading else []
    if old.kind is UnitKind.DEFINITION:
        pairs.append((old.text, new.text))
    else:
        pairs.append((f"{old.label} {old.text}".strip(), f"{new.label} {new.text}".strip()))
    if old.tail or new.tail:
        pairs.append((old.tail, new.tail))
    return [(a, b) for a, b in pairs if a]
