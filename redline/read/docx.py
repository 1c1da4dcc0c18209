"""Word .docx: paragraphs, Word automatic numbering and the A1.1 table, to blocks.

* The archive is checked by :mod:`redline.read.safezip`, then its parts are found and parsed by
  :mod:`redline.read.opc` (python-docx's lookup and parser settings, plain lxml elements): the
  main document, its styles (python-docx's default styles when it has none), numbering,
  headers and footers, notes and comments.  A styles part is parsed style by style, only the
  styles the paragraphs use (:class:`_Styles`); one already read (the files of one version
  written from one template carry the same bytes) is not read again, nor its chains resolved.
* Paragraphs are numbered as they are visited, in :func:`body_paragraphs`' order; the A1.1
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
* Position: the file and the paragraph's index (1-based) in :func:`body_paragraphs`, the one
  mapping from units to paragraphs that in-place mode (:mod:`redline.emit.docx_inplace`) edits by.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from redline.models import Comment, Finding, Position, ReadReport, RedlineError
from redline.read import labels as lab
from redline.read import patterns as pat
from redline.read.layout import DefinitionsScope, opens_definitions, row_text
from redline.read.opc import PARSER, Package
from redline.read.safezip import read_archive
from redline.read.structure import Block

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _R, _T, _PPR, _RPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:pPr"), qn("w:rPr")
_TBL, _TR, _TC, _SDT, _SDT_CONTENT = qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt"), qn("w:sdtContent")
#: Run content that carries text besides ``w:t``, and what it reads as.
_CHAR = {qn("w:tab"): "\t", qn("w:br"): " ", qn("w:cr"): " ", qn("w:noBreakHyphen"): "-"}
_RUN_CONTENT = [_T, *_CHAR]
#: Revisions whose content is not there once accepted: deleted, or moved away.
_GONE = [qn("w:del"), qn("w:moveFrom")]
_TXBX = qn("w:txbxContent")
#: Custom XML markup around paragraphs and tables (read as what it holds); content imported whole
#: (HTML, RTF or another document, which Word converts on opening: not read, and warned of).
_CUSTOM_XML, _ALT_CHUNK = qn("w:customXml"), qn("w:altChunk")
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_FALLBACK, _ALTERNATE, _CHOICE = f"{_MC}Fallback", f"{_MC}AlternateContent", f"{_MC}Choice"
_ID = qn("w:id")
#: The parts of notes and comments, as the main document relates to them: (type, element, kind).
_NOTE_PARTS = ((RT.FOOTNOTES, qn("w:footnote"), "footnote"), (RT.ENDNOTES, qn("w:endnote"), "endnote"),
               (RT.COMMENTS, qn("w:comment"), "comment"))
#: The marks in the text pointing at a note or comment, and the kind each points at.
MARKS = {qn("w:footnoteReference"): "footnote", qn("w:endnoteReference"): "endnote",
         qn("w:commentRangeStart"): "comment", qn("w:commentReference"): "comment"}
_NOTE_REFERENCES = (qn("w:footnoteReference"), qn("w:endnoteReference"))
#: A note reference followed, in its run, by the mark typed in its place ("*"); the values saying so.
_CUSTOM_MARK, _ON = qn("w:customMarkFollows"), ("1", "true", "on")
#: What :func:`_nested_text` visits: run content, paragraphs (a text box's), note references, fallbacks.
_NESTED = (*_RUN_CONTENT, _P, *_NOTE_REFERENCES, _FALLBACK)
_TR_PR, _DEL = qn("w:trPr"), qn("w:del")
_HEADING_ROLES = (("section", pat.SECTION_HEADER), ("appendix", pat.APPENDIX_HEADER),
                  ("part", pat.PART_HEADER), ("part", pat.APPENDIX_PART_HEADER))
#: What python-docx gives a document without a styles part.
_DEFAULT_STYLES = Path(docx.__file__).parent / "templates" / "default-styles.xml"


@dataclass(frozen=True)
class Note:
    """A footnote, endnote or comment carrying text: its kind, ``w:id``, words and part."""

    kind: str  # "footnote", "endnote" or "comment"
    id: str
    text: str  # its paragraphs, each whitespace-normalised, joined by a space
    part: str


@dataclass
class WordDocument:
    """The parts of a .docx the readers use: the body, styles, numbering (None when the
    document has none), the roots of its header and footer parts, in relationship order, and
    its notes and comments carrying text (footnotes, endnotes, comments; each part in order)."""

    body: etree._Element
    styles: _Styles
    numbering: etree._Element | None
    furniture: list[etree._Element]
    notes: list[Note]


def read_docx_file(path: Path, report: ReadReport) -> Iterator[Block]:
    """Blocks of a .docx file, one per paragraph carrying text (or a definitions row)."""
    document = open_document(path, report)
    for root in document.furniture:
        _drop_furniture(root, path, report)
    reader = _BodyReader(str(path), Numbering(document.numbering), document.styles, report, document.body)
    if document.notes:
        line = {p: i for i, p in enumerate(body_paragraphs(document.body), 1)}
        _report_notes(document.notes, _note_marks(document.body, line), str(path), report)
    try:
        yield from reader.items(document.body)
    except _BrokenStyle as exc:
        raise RedlineError(f"{path}: not a .docx ({exc})") from exc


def open_document(path: Path, report: ReadReport) -> WordDocument:
    """The checked archive at ``path`` read as a Word document; entries climbing out of it are
    reported and left out."""
    archive = read_archive(path, ".docx")
    for name in archive.ignored:
        report.findings.append(Finding(Position(str(path)), "unsafe-zip-entry",
                                       f"archive entry {name!r} climbs out of the archive; ignored"))
    package = Package(path, archive.entries)
    main = package.main_document()
    body = package.xml(main).find(qn("w:body"))
    if body is None:
        raise package.fail(f"{main} has no body")
    styles = package.related(main, RT.STYLES)
    numbering = package.related(main, RT.NUMBERING)
    return WordDocument(
        body=body,
        styles=_styles(package, styles),
        numbering=None if numbering is None else package.xml(numbering),
        furniture=[package.xml(r.target) for r in package.relationships(main)
                   if r.reltype in (RT.HEADER, RT.FOOTER) and not r.external],
        notes=[note for reltype, tag, kind in _NOTE_PARTS if (name := package.related(main, reltype))
               for note in _notes(package.xml(name), tag, kind, name)])


def _notes(root: etree._Element, tag: str, kind: str, part: str) -> Iterator[Note]:
    """The notes (``tag``) of a notes or comments part that carry text: a separator is none."""
    for element in root.iterchildren(tag):
        if text := _words_of(element):
            yield Note(kind, element.get(_ID, ""), text, part)


def _words_of(root: etree._Element) -> str:
    """The text of every paragraph under ``root`` (a note, a header), each normalised, joined."""
    return " ".join(text for p in _outer_paragraphs(root) if (text := pat.normalise_space(paragraph_text(p))))


def _outer_paragraphs(root: etree._Element) -> list[etree._Element]:
    """The paragraphs under ``root`` not inside another (a text box's are words of the paragraph
    holding it, :func:`paragraph_text`)."""
    return [p for p in root.iter(_P) if next(p.iterancestors(_P), None) is None]


#: Where a note or comment is marked, by (kind, id): the paragraph holding its first mark (its
#: index in the body, ``Position.line``) and the mark typed there in place of a number ("" if none).
Marks = dict[tuple[str, str], tuple[int, str]]


def _note_marks(body: etree._Element, line: dict[etree._Element, int]) -> Marks:
    """Where each note or comment in ``body`` is marked; ``line`` numbers the body's paragraphs
    (a mark in a text box is in the body paragraph holding the box)."""
    found: Marks = {}
    for mark in body.iter(*MARKS):
        holder = next((p for p in mark.iterancestors(_P) if p in line), None)
        if holder is not None:
            custom = "".join(t.text or "" for t in mark.itersiblings(_T)) if _custom(mark) else ""
            found.setdefault((MARKS[mark.tag], mark.get(_ID, "")), (line[holder], custom))
    return found


def _custom(reference: etree._Element) -> bool:
    """Whether a note reference is followed, in its run, by the mark typed in its place."""
    return reference.get(_CUSTOM_MARK, "").lower() in _ON


def _report_notes(notes: list[Note], marks: Marks, source: str, report: ReadReport) -> None:
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


def _styles(package: Package, name: str | None) -> _Styles:
    """The document's styles part (``name``), or python-docx's default styles without one."""
    if name is None:
        return _parsed_styles(_DEFAULT_STYLES.read_bytes())
    return package.parsed(name, _parsed_styles)


def _drop_furniture(root: etree._Element, path: Path, report: ReadReport) -> None:
    """Record the text of a header or footer part as dropped page furniture."""
    for p in _outer_paragraphs(root):
        if text := pat.normalise_space(paragraph_text(p)):
            report.dropped.append((Position(str(path)), text))


def paragraph_text(p: etree._Element, deletions: bool = True) -> str:
    """The text of a ``w:p``: runs, hyperlinks and insertions; tabs kept as tabs.  Run content
    inside a deletion or move-away is left out (the accepted state); ``deletions=False`` is the
    caller's word that its document has none, so no run is checked."""
    if deletions and next(p.iterancestors(_GONE), None) is not None:
        return ""  # a text box's paragraph inside a deletion: every run of it is deleted
    parts = []
    for child in p:  # the paragraph's own runs, and those inside hyperlinks, insertions, fields …
        tag = child.tag
        if tag == _R:
            runs: Iterable[etree._Element] = (child,)
        elif tag == _PPR:
            continue
        elif tag == _ALTERNATE:  # markup for newer readers and a copy for older ones: the first read once
            choice = next((c for c in child if c.tag == _CHOICE), None)
            runs = (choice if choice is not None else child).iter(_R)
        else:
            runs = child.iter(_R)
        for run in runs:
            if run is not child and deletions and next(run.iterancestors(_GONE), None) is not None:
                continue
            for node in run:
                tag = node.tag
                if tag == _T:
                    parts.append(node.text or "")
                elif tag in _CHAR:
                    parts.append(_CHAR[tag])
                elif tag != _RPR and len(node):  # a drawing, text box or ruby: runs within runs
                    return _nested_text(p, deletions)
                elif tag in _NOTE_REFERENCES and _custom(node):
                    break  # the rest of the run is the custom mark: the note's (_note_marks)
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
        if tag == _P:
            if node is not p:
                apart()
            continue
        if event == "end":
            continue
        run = node.getparent()
        if tag == _FALLBACK:
            walk.skip_subtree()
        elif run.tag != _R or run in marked or (deletions and next(run.iterancestors(_GONE), None) is not None):
            continue
        elif tag in _NOTE_REFERENCES:
            if _custom(node):
                marked.add(run)
        elif text := node.text or "" if tag == _T else _CHAR[tag]:
            parts.append(text)
    return "".join(parts)


def body_paragraphs(container: etree._Element) -> list[etree._Element]:
    """Every ``w:p`` the reader visits, in its order (``Position.line`` is the 1-based index):
    body paragraphs, table cells row by row (nested tables included), content controls and custom
    XML markup."""
    found: list[etree._Element] = []
    for child in container:
        tag = child.tag
        if tag == _P:
            found.append(child)
        elif tag == _TBL:
            found.extend(p for tr in _wrapped(child, _TR) for tc in _wrapped(tr, _TC) for p in _cell_paragraphs(tc))
        elif tag == _SDT and (content := _child(child, _SDT_CONTENT)) is not None:
            found.extend(body_paragraphs(content))
        elif tag == _CUSTOM_XML:
            found.extend(body_paragraphs(child))
    return found


def _wrapped(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """``parent``'s children of ``tag`` (table rows, or a row's cells), those wrapped in content
    controls and custom XML markup too (a repeating section wraps its rows in a ``w:sdt``: they
    had been passed over, their words with them)."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT and (content := _child(child, _SDT_CONTENT)) is not None:
            yield from _wrapped(content, tag)
        elif child.tag == _CUSTOM_XML:
            yield from _wrapped(child, tag)


def _cell_paragraphs(tc: etree._Element) -> list[etree._Element]:
    """A table cell's paragraphs, those of tables nested in it too; a text box's are words of the
    paragraph holding it."""
    paragraphs = list(tc.iter(_P))
    if len(paragraphs) > 1 and next(tc.iter(_TXBX), None) is not None:
        return [p for p in paragraphs if next(p.iterancestors(_TXBX), None) is None]
    return paragraphs


# --- numbering ------------------------------------------------------------------------------

@dataclass
class Level:
    """One level of a Word list: its format, text pattern and start value."""

    fmt: str = "decimal"
    text: str = ""
    start: int = 1


@dataclass
class _ListState:
    levels: dict[int, Level]
    counters: dict[int, int] = field(default_factory=dict)


def _attr(el: etree._Element | None, name: str = "w:val") -> str | None:
    return None if el is None else el.get(qn(name))


def _level(lvl: etree._Element) -> Level:
    start = _attr(lvl.find(qn("w:start")))
    return Level(fmt=_attr(lvl.find(qn("w:numFmt"))) or "decimal",
                 text=_attr(lvl.find(qn("w:lvlText"))) or "",
                 start=int(start) if start and start.lstrip("-").isdigit() else 1)


def format_value(value: int, fmt: str) -> str:
    """A counter in a Word number format: (3, 'lowerLetter') → 'c'."""
    if fmt in ("lowerLetter", "upperLetter"):
        return lab.label_at(value, lab.UPPER if fmt == "upperLetter" else lab.LETTER)
    if fmt in ("lowerRoman", "upperRoman"):
        roman = lab.to_roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    return str(value)


class Numbering:
    """numbering.xml resolved: the number Word shows for each numbered paragraph, in order."""

    def __init__(self, root: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, etree._Element]] = {}
        self.state: dict[str, _ListState] = {}
        if root is None:
            return
        for absn in root.iter(qn("w:abstractNum")):
            self.abstract[absn.get(qn("w:abstractNumId"))] = {
                int(lvl.get(qn("w:ilvl"), "0")): _level(lvl) for lvl in absn.iter(qn("w:lvl"))}
        for num in root.iter(qn("w:num")):
            self.nums[num.get(qn("w:numId"))] = (_attr(num.find(qn("w:abstractNumId"))) or "", num)

    def _levels(self, num_id: str) -> dict[int, Level] | None:
        if num_id not in self.nums:
            return None
        abstract_id, num = self.nums[num_id]
        levels = {i: Level(lv.fmt, lv.text, lv.start) for i, lv in self.abstract.get(abstract_id, {}).items()}
        for override in num.iter(qn("w:lvlOverride")):
            ilvl = int(override.get(qn("w:ilvl"), "0"))
            if (lvl := override.find(qn("w:lvl"))) is not None:
                levels[ilvl] = _level(lvl)
            start = _attr(override.find(qn("w:startOverride")))
            if start is not None and start.isdigit():
                levels.setdefault(ilvl, Level()).start = int(start)
        return levels

    def next_number(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters of ``num_id`` at ``ilvl`` and return the number shown."""
        if num_id not in self.state:
            levels = self._levels(num_id)
            if levels is None:
                return None
            self.state[num_id] = _ListState(levels)
        state = self.state[num_id]
        level = state.levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none"):
            return None
        counters = state.counters
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def value(m: re.Match[str]) -> str:
            k = int(m["level"]) - 1
            shown = state.levels.get(k, Level())
            return format_value(counters.get(k, shown.start), shown.fmt)

        return pat.LEVEL_PLACEHOLDER.sub(value, level.text).strip() or None


# --- body -----------------------------------------------------------------------------------

_P_STYLE, _NUM_PR, _NUM_ID, _ILVL = qn("w:pStyle"), qn("w:numPr"), qn("w:numId"), qn("w:ilvl")
_BASED_ON = qn("w:basedOn")
_STYLE, _STYLE_ID = qn("w:style"), qn("w:styleId")
#: WordprocessingML's namespace name: a styles part :class:`_Styles` scans has it once (its root's).
_W_BYTES = _W.encode()
_END_STYLE = b"</w:style>"
_NAME = qn("w:name")
_VAL = qn("w:val")
_GALLERY = f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}"


def _child(el: etree._Element | None, tag: str) -> etree._Element | None:
    """The first child of ``el`` with ``tag``."""
    return None if el is None else next(el.iterchildren(tag), None)


@dataclass(frozen=True)
class _StyleChain:
    """What the reader asks of a style and those it is based on (nearest first): their names,
    whether any is a table-of-contents style, and their numbering properties."""

    names: tuple[str, ...]
    contents: bool
    num_prs: tuple[etree._Element, ...]
    heading: bool  # the style itself is a heading style (the reader gives its paragraphs a role)


class _BrokenStyle(Exception):
    """A style whose markup is not well-formed, found when a paragraph first asked for it."""


class _Styles:
    """A styles part: each style's chain resolved once, when a paragraph first asks for it.

    The part is not parsed whole (a template's is about 350 kB, as long to parse as a Section's
    body, for the few styles a document uses): the ``w:style`` start tags are found in its bytes
    and a style is parsed when a chain first reaches it, inside the root's start tag (so with
    its namespace declarations).  That scan is exact where the part has no comment, CDATA
    section, DOCTYPE or processing instruction (the XML declaration aside; it is read as having
    one wherever a "!" or "?" stands), binds ``w`` alone to WordprocessingML, in its root, and
    writes no character reference in a style's start tag, as Word and python-docx write it; any
    other part is parsed whole."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._head = b""
        self._spans: dict[str, tuple[int, int]] = {}  # each style's bytes, not yet parsed
        self._parsed: dict[str | None, etree._Element] = {}
        self._chains: dict[str | None, _StyleChain] = {}
        if not self._scan():
            self._parsed = {s.get(_STYLE_ID): s for s in etree.fromstring(data, PARSER).iter(_STYLE)}

    def _scan(self) -> bool:
        """Find each style's bytes; False where the scan cannot be exact (see the class)."""
        data = self._data
        root = pat.STYLES_ROOT.search(data)
        # no "!" (no comment, CDATA or DOCTYPE) nor "?" (no instruction) past the prolog: single
        # bytes, found far faster than "<!" (many a "<" starts a partial match)
        if (root is None or not pat.UTF8_PROLOG.fullmatch(data, 0, root.start()) or b"!" in data
                or data.find(b"?", root.start()) >= 0 or data.count(_W_BYTES) != 1
                or pat.W_DECLARED.search(root[0]) is None):
            return False
        spans = {}
        at = root.end()
        while (at := data.find(b"<w:style", at)) >= 0:  # each style, from the end of the one before
            if (tag := pat.STYLE_TAG.match(data, at)) is None:
                at += 1
                continue
            if b"&" in tag[0]:
                return False
            at = tag.end() if tag[1] else data.find(_END_STYLE, tag.end()) + len(_END_STYLE)
            if at < tag.end():
                return False
            if found := pat.STYLE_ID.search(tag[0]):
                style_id = found[1] if found[1] is not None else found[2]
                if any(c in style_id for c in b"\t\n\r"):  # a parser reads these as spaces
                    return False
                spans[style_id.decode()] = (tag.start(), at)
        self._head, self._spans = root[0], spans
        return True

    def _style(self, style_id: str) -> etree._Element | None:
        """The ``w:style`` with id ``style_id`` (the last of that id), None when there is none."""
        style = self._parsed.get(style_id)
        if style is None and style_id in self._spans:
            start, end = self._spans[style_id]
            try:
                style = self._parsed[style_id] = etree.fromstring(
                    self._head + self._data[start:end] + b"</w:styles>", PARSER)[0]
            except etree.XMLSyntaxError as exc:  # and again for the next file with these bytes
                raise _BrokenStyle(f"the styles part, style {style_id!r}: {str(exc).splitlines()[0]}") from exc
        return style

    def chain(self, style_id: str | None) -> _StyleChain:
        """The style ``style_id`` and those it is based on (an empty chain for None or unknown)."""
        chain = self._chains.get(style_id)
        if chain is None:
            styles: list[etree._Element] = []
            seen: set[str] = set()
            current = style_id
            while current and current not in seen and (style := self._style(current)) is not None:
                seen.add(current)
                styles.append(style)
                current = _attr(_child(style, _BASED_ON))
            names = [_attr(_child(s, _NAME)) or "" for s in styles]
            chain = self._chains[style_id] = _StyleChain(
                names=tuple(names),
                contents=any(pat.TOC_STYLE.match(name) for name in names),
                heading=bool(names) and pat.HEADING_STYLE.match(names[0]) is not None,
                num_prs=tuple(n for s in styles if (n := _child(_child(s, _PPR), _NUM_PR)) is not None))
        return chain


@lru_cache(maxsize=1)
def _parsed_styles(data: bytes) -> _Styles:
    """A styles part's bytes read (:class:`_Styles`), kept for the next file with the same bytes."""
    return _Styles(data)


def _properties(p: etree._Element) -> tuple[str | None, etree._Element | None, bool]:
    """A paragraph's style id, own numbering properties, and whether its mark is a tracked
    deletion (or moved away), from its first ``w:pPr`` (the schema allows one, first)."""
    if not len(p):
        return None, None, False
    ppr = p[0]
    if ppr.tag != _PPR and (ppr := next(p.iterchildren(_PPR), None)) is None:
        return None, None, False
    style = num_pr = None
    gone = False
    for child in ppr:  # one pass over the properties, the first of each kind counting
        tag = child.tag
        if tag == _P_STYLE:
            style = child if style is None else style
        elif tag == _NUM_PR:
            num_pr = child if num_pr is None else num_pr
        elif tag == _RPR and not gone:
            gone = next(child.iterchildren(_GONE), None) is not None
    return (None if style is None else style.get(_VAL)), num_pr, gone


def _row_deleted(tr: etree._Element) -> bool:
    """Whether a table row is a tracked deletion (``w:trPr/w:del``)."""
    return any(next(pr.iterchildren(_DEL), None) is not None for pr in tr.iterchildren(_TR_PR))


def _blank(text: str) -> bool:
    """Whether ``text`` has no words (what :func:`pat.normalise_space` leaves empty)."""
    return not text or text.isspace()


def _in_contents_control(p: etree._Element) -> bool:
    """Whether the content control nearest around a paragraph is a table of contents."""
    sdt = next(p.iterancestors(_SDT), None)
    gallery = None if sdt is None else sdt.find(_GALLERY)
    return gallery is not None and (_attr(gallery) or "").lower() == "table of contents"


class _BodyReader:
    """Walks the body in order: paragraphs, tables, content controls and custom XML markup."""

    def __init__(self, source: str, numbering: Numbering, styles: _Styles, report: ReadReport,
                 body: etree._Element) -> None:
        self.source = source
        self.report = report
        self.numbering = numbering
        self.styles = styles
        self.scope = DefinitionsScope()
        #: the paragraphs followed for the scope since it was last asked: (text, Word number)
        self.pending: list[tuple[str, str | None]] = []
        self.line = 0  # the last paragraph's index in body_paragraphs, counted as they are visited
        #: whether any run may be deleted or moved away, any paragraph be in a content control
        self.deletions = next(body.iter(_GONE), None) is not None
        self.controls = next(body.iter(_SDT), None) is not None

    def items(self, container: etree._Element) -> Iterator[Block]:
        for child in container:
            tag = child.tag
            if tag == _P:
                if (block := self._paragraph(child)) is not None:
                    yield block
            elif tag == _TBL:
                yield from self._table(child)
            elif tag == _SDT and (content := next(child.iterchildren(_SDT_CONTENT), None)) is not None:
                yield from self.items(content)
            elif tag == _CUSTOM_XML:
                yield from self.items(child)
            elif tag == _ALT_CHUNK:
                self._unread(child)

    def _unread(self, chunk: etree._Element) -> None:
        """Warn of content imported whole, after the paragraph before it (if any)."""
        self.report.findings.append(Finding(
            Position(self.source, self.line or None), "unread-content",
            f"content imported whole after this paragraph (w:altChunk {chunk.get(qn('r:id'))}, which Word "
            "converts on opening) is not read: save the file in Word and read that"))

    # paragraphs

    def _block(self, p: etree._Element, num_pr: etree._Element | None, chain: _StyleChain) -> Block:
        """The block for one paragraph (the last one visited): its number, text, style role and
        position."""
        text = paragraph_text(p, self.deletions)
        number = None
        if num_pr is not None or chain.num_prs:
            number = self._number(num_pr, chain)
            if number and not pat.NUMBER_TOKEN.match(number):
                text, number = f"{number} {text}", None
        return Block(text, Position(self.source, self.line), number,
                     self._role(chain, text) if chain.heading else None)

    def _paragraph(self, p: etree._Element, track: bool = True) -> Block | None:
        """The paragraph's block if it carries text; ``track`` follows it for the A1.1 scope.
        A paragraph whose mark and words are all tracked deletions is not there once accepted."""
        self.line += 1
        style_id, num_pr, gone = _properties(p)
        if gone and not paragraph_text(p, self.deletions).strip():
            return None
        chain = self.styles.chain(style_id)
        block = self._block(p, num_pr, chain)
        if chain.contents or (self.controls and _in_contents_control(p)):
            # a table of contents is furniture, never clause text
            if text := pat.normalise_space(block.text):
                self.report.dropped.append((block.position, text))
            return None
        if track:
            self.pending.append((block.text, block.number))
        return block if block.number or not _blank(block.text) else None

    def _first_block(self, p: etree._Element) -> Block:
        """The block of a paragraph read whatever it holds (a definition's first paragraph)."""
        self.line += 1
        style_id, num_pr, _gone = _properties(p)
        return self._block(p, num_pr, self.styles.chain(style_id))

    def _number(self, own: etree._Element | None, chain: _StyleChain) -> str | None:
        num_prs = (own, *chain.num_prs) if own is not None else chain.num_prs
        num_id = next((v for n in num_prs if (v := _attr(_child(n, _NUM_ID))) is not None), None)
        if num_id is None or num_id == "0":
            return None
        ilvl = next((v for n in num_prs if (v := _attr(_child(n, _ILVL))) is not None), "0")
        return self.numbering.next_number(num_id, int(ilvl))

    @staticmethod
    def _role(chain: _StyleChain, text: str) -> str:
        """The role of a paragraph in a heading style."""
        clean = pat.normalise_space(text)
        return next((role for role, regex in _HEADING_ROLES if regex.match(clean)), "heading")

    # tables

    def _table(self, tbl: etree._Element) -> Iterator[Block]:
        for tr in _wrapped(tbl, _TR):
            cells = list(_wrapped(tr, _TC))
            if _row_deleted(tr):  # not there once accepted
                self.line += sum(len(_cell_paragraphs(tc)) for tc in cells)
                continue
            if len(cells) == 2 and self._in_definitions():
                yield from self._definition_row(cells)
            else:
                yield from self._plain_row(cells)

    def _in_definitions(self) -> bool:
        """Whether A1.1 is the open clause: the paragraphs followed since the scope was last asked
        are read latest first, up to the first that opens a clause, Section or Part."""
        for text, number in reversed(self.pending):
            if (opens := opens_definitions(pat.normalise_space(text), number)) is not None:
                self.scope.active = opens
                break
        self.pending.clear()
        return self.scope.active

    def _blocks(self, paragraphs: Iterable[etree._Element], track: bool = True) -> list[Block]:
        return [b for p in paragraphs if (b := self._paragraph(p, track)) is not None]

    def _definition_row(self, cells: list[etree._Element]) -> Iterator[Block]:
        terms = self._blocks(_cell_paragraphs(cells[0]), track=False)
        term = pat.normalise_space(" ".join(b.text for b in terms))
        paragraphs = _cell_paragraphs(cells[1])
        if not term or not paragraphs:  # a row continuing the one above
            yield from terms
            yield from self._blocks(paragraphs, track=False)
            return
        first = self._first_block(paragraphs[0])
        yield Block(text=first.text, position=first.position, term=term, role="definition")
        yield from self._blocks(paragraphs[1:], track=False)

    def _plain_row(self, cells: list[etree._Element]) -> Iterator[Block]:
        blocks = [b for tc in cells for b in self._blocks(_cell_paragraphs(tc))]
        if len(cells) == 2 and len(blocks) == 2 and not any(b.number for b in blocks):
            yield Block(row_text(blocks[0].text, blocks[1].text), blocks[0].position)
        else:
            yield from blocks
