"""Word .docx: paragraphs, Word automatic numbering and the A1.1 table, to blocks.

* The archive is checked by :mod:`redline.read.safezip` before python-docx opens the copy
  (python-docx parses XML with entities unresolved and no network).
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
* Position: the file and the paragraph's index (1-based) in :func:`body_paragraphs`, the one
  mapping from units to paragraphs that in-place mode (:mod:`redline.emit.docx_inplace`) edits by.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from redline.models import Finding, Position, ReadReport, RedlineError
from redline.read import labels as lab
from redline.read import patterns as pat
from redline.read.layout import DefinitionsScope, row_text
from redline.read.safezip import read_archive
from redline.read.structure import Block

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Run content that carries text, in the accepted state of tracked changes.
_RUN_TEXT = etree.XPath(".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom)]"
                        "/*[self::w:t or self::w:tab or self::w:br or self::w:cr or self::w:noBreakHyphen]",
                        namespaces={"w": _W})
#: A paragraph mark, or a table row, that is a tracked deletion (or moved away).
_DELETED_MARK = etree.XPath("w:pPr/w:rPr/w:del | w:pPr/w:rPr/w:moveFrom", namespaces={"w": _W})
_DELETED_ROW = etree.XPath("w:trPr/w:del", namespaces={"w": _W})
_CHAR = {qn("w:tab"): "\t", qn("w:br"): " ", qn("w:cr"): " ", qn("w:noBreakHyphen"): "-"}
_HEADING_ROLES = (("section", pat.SECTION_HEADER), ("appendix", pat.APPENDIX_HEADER),
                  ("part", pat.PART_HEADER), ("part", pat.APPENDIX_PART_HEADER))


def read_docx_file(path: Path, report: ReadReport) -> Iterator[Block]:
    """Blocks of a .docx file, one per paragraph carrying text (or a definitions row)."""
    document = _open(path, report)
    numbering = Numbering(document.part.numbering_part.element
                          if _has_part(document.part, RT.NUMBERING) else None)
    _drop_furniture(document, path, report)
    body = document.element.body
    reader = _BodyReader(str(path), numbering, document.styles.element, report, body_paragraphs(body))
    yield from reader.items(body)


def _open(path: Path, report: ReadReport) -> DocxDocument:
    archive = read_archive(path, ".docx")
    for name in archive.ignored:
        report.findings.append(Finding(Position(str(path)), "unsafe-zip-entry",
                                       f"archive entry {name!r} climbs out of the archive; ignored"))
    try:
        return Document(archive.data)
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        reason = str(exc.args[0] if exc.args else type(exc).__name__).splitlines()[0]
        raise RedlineError(f"{path}: not a .docx ({reason})") from exc


def _has_part(part: Part, reltype: str) -> bool:
    return any(rel.reltype == reltype for rel in part.rels.values())


def _drop_furniture(document: DocxDocument, path: Path, report: ReadReport) -> None:
    """Record the text of every header and footer part as dropped page furniture."""
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            for p in rel.target_part.element.iter(qn("w:p")):
                if text := pat.normalise_space(paragraph_text(p)):
                    report.dropped.append((Position(str(path)), text))


def paragraph_text(p: etree._Element) -> str:
    """The text of a ``w:p``: runs, hyperlinks and insertions; tabs kept as tabs."""
    parts = []
    for node in _RUN_TEXT(p):
        parts.append(node.text or "" if node.tag == qn("w:t") else _CHAR[node.tag])
    return "".join(parts)


def body_paragraphs(container: etree._Element) -> list[etree._Element]:
    """Every ``w:p`` the reader visits, in its order (``Position.line`` is the 1-based index):
    body paragraphs, table cells row by row (nested tables included), content controls."""
    found: list[etree._Element] = []
    for child in container:
        if child.tag == qn("w:p"):
            found.append(child)
        elif child.tag == qn("w:tbl"):
            found.extend(p for tr in child.findall(qn("w:tr")) for tc in tr.findall(qn("w:tc"))
                         for p in tc.iter(qn("w:p")))
        elif child.tag == qn("w:sdt") and (content := child.find(qn("w:sdtContent"))) is not None:
            found.extend(body_paragraphs(content))
    return found


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

_P_STYLE = f"{qn('w:pPr')}/{qn('w:pStyle')}"
_NUM_PR = f"{qn('w:pPr')}/{qn('w:numPr')}"
_BASED_ON = qn("w:basedOn")
_NAME = qn("w:name")


@dataclass(frozen=True)
class _StyleChain:
    """What the reader asks of a style and those it is based on (nearest first): their names,
    whether any is a table-of-contents style, and their numbering properties."""

    names: tuple[str, ...]
    contents: bool
    num_prs: tuple[etree._Element, ...]


class _BodyReader:
    """Walks the body in order: paragraphs, tables and content controls."""

    def __init__(self, source: str, numbering: Numbering, styles: etree._Element, report: ReadReport,
                 paragraphs: list[etree._Element]) -> None:
        self.source = source
        self.report = report
        self.numbering = numbering
        self.styles = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
        self._chains: dict[str | None, _StyleChain] = {}  # by style id
        self.scope = DefinitionsScope()
        self.line = {p: i for i, p in enumerate(paragraphs, 1)}

    def items(self, container: etree._Element) -> Iterator[Block]:
        for child in container:
            if child.tag == qn("w:p"):
                yield from self._paragraph(child)
            elif child.tag == qn("w:tbl"):
                yield from self._table(child)
            elif child.tag == qn("w:sdt") and (content := child.find(qn("w:sdtContent"))) is not None:
                yield from self.items(content)

    # paragraphs

    def _block(self, p: etree._Element) -> Block:
        """The block for one paragraph: its number, text, style role and position."""
        text = paragraph_text(p)
        number = self._number(p)
        if number and not pat.NUMBER_TOKEN.match(number):
            text, number = f"{number} {text}", None
        return Block(text=text, position=Position(self.source, self.line[p]), number=number,
                     role=self._role(p, text))

    def _paragraph(self, p: etree._Element, track: bool = True) -> Iterator[Block]:
        """The paragraph's block if it carries text; ``track`` follows it for the A1.1 scope.
        A paragraph whose mark and words are all tracked deletions is not there once accepted."""
        if _DELETED_MARK(p) and not paragraph_text(p).strip():
            return
        block = self._block(p)
        if self._in_contents(p):  # a table of contents is furniture, never clause text
            if text := pat.normalise_space(block.text):
                self.report.dropped.append((block.position, text))
            return
        if track:
            self.scope.see(pat.normalise_space(block.text), block.number)
        if block.text.strip() or block.number:
            yield block

    def _style_chain(self, p: etree._Element) -> _StyleChain:
        """The paragraph's style and those it is based on, resolved once per style."""
        style_id = _attr(p.find(_P_STYLE))
        chain = self._chains.get(style_id)
        if chain is None:
            styles: list[etree._Element] = []
            seen: set[str] = set()
            current = style_id
            while current and current in self.styles and current not in seen:
                seen.add(current)
                styles.append(self.styles[current])
                current = _attr(self.styles[current].find(_BASED_ON))
            names = [_attr(s.find(_NAME)) or "" for s in styles]
            chain = self._chains[style_id] = _StyleChain(
                names=tuple(names),
                contents=any(pat.TOC_STYLE.match(name) for name in names),
                num_prs=tuple(n for s in styles if (n := s.find(_NUM_PR)) is not None))
        return chain

    def _in_contents(self, p: etree._Element) -> bool:
        """A paragraph of a table of contents: a TOC style, or inside a TOC content control."""
        if self._style_chain(p).contents:
            return True
        sdt = next((a for a in p.iterancestors(qn("w:sdt"))), None)
        gallery = None if sdt is None else sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
        return gallery is not None and (_attr(gallery) or "").lower() == "table of contents"

    def _number(self, p: etree._Element) -> str | None:
        own = p.find(_NUM_PR)
        num_prs = [*([own] if own is not None else []), *self._style_chain(p).num_prs]
        num_id = next((v for n in num_prs if (v := _attr(n.find(qn("w:numId")))) is not None), None)
        if num_id is None or num_id == "0":
            return None
        ilvl = next((v for n in num_prs if (v := _attr(n.find(qn("w:ilvl")))) is not None), "0")
        return self.numbering.next_number(num_id, int(ilvl))

    def _role(self, p: etree._Element, text: str) -> str | None:
        names = self._style_chain(p).names
        if not names or not pat.HEADING_STYLE.match(names[0]):
            return None
        clean = pat.normalise_space(text)
        return next((role for role, regex in _HEADING_ROLES if regex.match(clean)), "heading")

    # tables

    def _table(self, tbl: etree._Element) -> Iterator[Block]:
        for tr in tbl.findall(qn("w:tr")):
            if _DELETED_ROW(tr):  # a row deleted (tracked): not there once accepted
                continue
            cells = tr.findall(qn("w:tc"))
            if len(cells) == 2 and self.scope.active:
                yield from self._definition_row(cells)
            else:
                yield from self._plain_row(cells)

    def _cell_paragraphs(self, tc: etree._Element) -> list[etree._Element]:
        return list(tc.iter(qn("w:p")))

    def _definition_row(self, cells: list[etree._Element]) -> Iterator[Block]:
        terms = [b for p in self._cell_paragraphs(cells[0]) for b in self._paragraph(p, track=False)]
        term = pat.normalise_space(" ".join(b.text for b in terms))
        paragraphs = self._cell_paragraphs(cells[1])
        if not term or not paragraphs:  # a row continuing the one above
            yield from terms
            yield from (b for p in paragraphs for b in self._paragraph(p, track=False))
            return
        first = self._block(paragraphs[0])
        yield Block(text=first.text, position=first.position, term=term, role="definition")
        for p in paragraphs[1:]:
            yield from self._paragraph(p, track=False)

    def _plain_row(self, cells: list[etree._Element]) -> Iterator[Block]:
        blocks = [b for tc in cells for p in self._cell_paragraphs(tc) for b in self._paragraph(p)]
        if len(cells) == 2 and len(blocks) == 2 and not any(b.number for b in blocks):
            yield Block(row_text(blocks[0].text, blocks[1].text), blocks[0].position)
        else:
            yield from blocks
