"""Build .docx and .pdf files from a Version, laid out the SEC way, for the reader tests.

``paragraphs(version)`` lays the tree out as the paragraphs a drafter would write; the
writers render them: ``build_docx`` with typed numbers or Word automatic numbering (real
numbering.xml, the Section letter inside ``w:lvlText``), the A1.1 definitions as a
two-column table; ``build_pdf`` with reportlab: hanging indents, paragraphs indented by level,
definitions in two columns (long terms wrap), a running header, a "Page N of M" footer and a
right-margin "Deleted: Modificat" balloon.  ``Notes`` adds footnotes and endnotes to a python-docx
document (which has no API for them) and ``text_box`` a text box, both as Word writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.table import _Cell
from lxml import etree
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from redline.models import LIST_KINDS, Unit, UnitKind, Version
from redline.read import labels as lab


@dataclass
class Para:
    """One paragraph to write: ``style`` is section, part, heading, clause, list, tail or definition."""

    style: str
    text: str
    number: str = ""
    depth: int = 0  # list depth (0 for "(a)"); for a tail, the depth of the text it continues
    term: str = ""
    in_definition: bool = False  # inside a definition's cell
    group: int = 0  # the clause or definition a list belongs to


def paragraphs(version: Version) -> Iterator[Para]:
    """The version's tree as paragraphs in document order."""
    for unit in version.root.children:
        yield from _unit_paras(unit, depth=-1, in_definition=False, group=0)


def _unit_paras(unit: Unit, depth: int, in_definition: bool, group: int) -> Iterator[Para]:
    kind = unit.kind
    if kind in (UnitKind.SECTION, UnitKind.APPENDIX):
        yield Para("section", f"{kind.value.upper()} {unit.label}: {unit.heading}")
        if unit.text:
            yield Para("tail", unit.text)  # the preamble
    elif kind is UnitKind.PART and unit.heading:
        yield Para("part", f"{unit.label} {unit.heading}")
        if unit.text:
            yield Para("tail", unit.text)
    elif kind is UnitKind.CLAUSE:
        if unit.heading:
            yield Para("heading", unit.heading)
        yield Para("clause", unit.text, number=unit.label)
        group = id(unit)
    elif kind is UnitKind.DEFINITION:
        yield Para("definition", unit.text, term=unit.label)
        in_definition, group = True, id(unit)
    elif kind in LIST_KINDS:
        depth += 1
        yield Para("list", unit.text, number=unit.label, depth=depth, in_definition=in_definition,
                   group=group)
    for child in unit.children:
        yield from _unit_paras(child, depth, in_definition, group)
    if unit.tail:
        yield Para("tail", unit.tail, depth=depth, in_definition=in_definition)


# --- .docx -----------------------------------------------------------------------------------

_STYLE = {"section": "Heading 1", "part": "Heading 2", "heading": "Heading 3"}
_LIST_FORMATS = ("lowerLetter", "lowerRoman") + ("upperLetter",) * 7
_SCHEME_OF_FORMAT = {"lowerLetter": lab.LETTER, "lowerRoman": lab.ROMAN, "upperLetter": lab.UPPER}
_SECTION_CLAUSE = re.compile(r"^(?P<sec>[A-Z])(?P<part>\d+)\.(?P<n>\d+)$")
_APPENDIX_CLAUSE = re.compile(r"^\d+(?:\.\d+)+$")


@dataclass
class _List:
    """A list instance (``w:num``) and the counters Word keeps for it.

    The instance was started at level ``baked`` with its parents' values written into that
    level's text ("C2.%2"), so no number relies on how a level never used is shown.
    """

    num_id: int
    group: int
    baked: int
    fixed: dict[int, int]  # the parents' values written into the baked level's text
    counters: dict[int, int]

    def runs_on(self, ilvl: int, values: dict[int, int]) -> bool:
        """Whether the next paragraph at ``ilvl`` shows ``values``; if so, count it."""
        counters = {k: v for k, v in self.counters.items() if k < ilvl}
        counters[ilvl] = self.counters.get(ilvl, 0) + 1  # every level starts at 1
        shown = {**counters, **self.fixed} if ilvl == self.baked else counters
        if any(shown.get(k) != v for k, v in values.items()):
            return False
        self.counters = counters
        return True


@dataclass
class _Scheme:
    abstract_id: int
    texts: list[str]
    formats: list[str]


class AutoNumbering:
    """Writes numbering.xml definitions and picks, for each number, a numId that shows it.

    A list instance (``w:num``) is reused while its counters run on to the wanted number;
    otherwise a new instance of the same ``w:abstractNum`` starts there, with a
    ``w:lvlOverride`` (``w:startOverride`` and the level's text, parents' values filled in).
    """

    def __init__(self, document: docx.document.Document) -> None:
        self.numbering = document.part.numbering_part.element
        self.schemes: dict[str, _Scheme] = {}
        self.current: dict[str, _List] = {}
        self.next_id = 100

    def num_pr(self, para: Para) -> tuple[int, int] | None:
        """(numId, ilvl) that makes Word show ``para.number``, or None to type it."""
        wanted = self._wanted(para)
        if wanted is None:
            return None
        key, texts, formats, values = wanted
        ilvl = max(values)
        current = self.current.get(key)
        if current is None or current.group != para.group or not current.runs_on(ilvl, values):
            current = self.current[key] = self._new_num(self._scheme(key, texts, formats), para.group, values)
        return current.num_id, ilvl

    @staticmethod
    def _wanted(para: Para) -> tuple[str, list[str], list[str], dict[int, int]] | None:
        number = para.number
        if para.style == "list":
            formats = list(_LIST_FORMATS)
            bare = lab.unbracket(number)
            scheme = _SCHEME_OF_FORMAT[formats[para.depth]]
            if scheme not in lab.schemes(bare):
                return None
            return "list", [f"(%{i + 1})" for i in range(9)], formats, {para.depth: lab.ordinal(bare, scheme)}
        if m := _SECTION_CLAUSE.match(number):
            sec = m["sec"]
            return f"clause-{sec}", [f"{sec}%1", f"{sec}%1.%2"], ["decimal"] * 2, \
                {0: int(m["part"]), 1: int(m["n"])}
        if _APPENDIX_CLAUSE.match(number):
            parts = [int(x) for x in number.split(".")]
            texts = [".".join(f"%{k + 1}" for k in range(i + 1)) for i in range(6)]
            return "appendix", texts, ["decimal"] * 6, dict(enumerate(parts))
        return None

    def _scheme(self, key: str, texts: list[str], formats: list[str]) -> _Scheme:
        if key not in self.schemes:
            scheme = self.schemes[key] = _Scheme(len(self.schemes) + 10, texts, formats)
            levels = "".join(_lvl_xml(i, text, fmt, 1)
                             for i, (text, fmt) in enumerate(zip(texts, formats, strict=True)))
            element = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{scheme.abstract_id}">'
                                f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
            first_num = self.numbering.find(qn("w:num"))
            if first_num is None:
                self.numbering.append(element)
            else:
                first_num.addprevious(element)
        return self.schemes[key]

    def _new_num(self, scheme: _Scheme, group: int, values: dict[int, int]) -> _List:
        num_id, ilvl = self.next_id, max(values)
        self.next_id += 1
        fixed = {k: v for k, v in values.items() if k < ilvl}
        text = re.sub(r"%(\d)", lambda m: str(fixed.get(int(m[1]) - 1, m[0])), scheme.texts[ilvl])
        override = (f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{values[ilvl]}"/>'
                    f'{_lvl_xml(ilvl, text, scheme.formats[ilvl], values[ilvl])}</w:lvlOverride>')
        self.numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                                        f'<w:abstractNumId w:val="{scheme.abstract_id}"/>{override}</w:num>'))
        return _List(num_id, group, ilvl, fixed, {ilvl: values[ilvl]})


def _lvl_xml(ilvl: int, text: str, fmt: str, start: int) -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 * (ilvl + 1)}" w:hanging="720"/></w:pPr></w:lvl>')


def _field(paragraph: docx.text.paragraph.Paragraph, instruction: str, shown: str) -> None:
    """A complex field (PAGE, NUMPAGES, TOC …) with its last shown result."""
    for xml in (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {nsdecls("w")}><w:t>{shown}</w:t></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml))


def _published_furniture(document: docx.document.Document, version: Version) -> None:
    """A running header with the version, a "Page N of M" footer made of PAGE/NUMPAGES fields."""
    section = document.sections[0]
    section.header.paragraphs[0].text = f"Smart Energy Code — {version.name} — Version 5.18"
    footer = section.footer.paragraphs[0]
    footer.text = "Page "
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")


def _table_of_contents(document: docx.document.Document, version: Version) -> None:
    """A "Contents" heading and a TOC field whose shown entries list the Sections and parts,
    each with a dot-leader tab and a page number, styled "TOC 1"/"TOC 2" as Word does."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Cm

    styles = {level: document.styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH) for level in (1, 2)}
    document.add_paragraph("Contents", style="TOC Heading" if "TOC Heading" in document.styles else None)
    entries = [(1 if u.kind in (UnitKind.SECTION, UnitKind.APPENDIX) else 2,
                f"{u.kind.value.upper()} {u.label}: {u.heading}" if u.kind is not UnitKind.PART
                else f"{u.label} {u.heading}") for u in version.units()
               if u.kind in (UnitKind.SECTION, UnitKind.APPENDIX) or (u.kind is UnitKind.PART and u.heading)]
    for i, (level, text) in enumerate(entries):
        p = document.add_paragraph(style=styles[level])
        p.paragraph_format.tab_stops.add_tab_stop(Cm(15), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if i == 0:
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> TOC \\o "1-2" '
                                  '</w:instrText></w:r>'))
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
        p.add_run(f"{text}\t{i + 1}")
        if i == len(entries) - 1:
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))


def blank_document() -> docx.document.Document:
    """python-docx's own Letter template (the PDF tests print it as users' files are), with the
    zoom percentage the schema requires and that template omits."""
    document = docx.Document()
    document.settings.element.find(qn("w:zoom")).set(qn("w:percent"), "100")
    return document


def build_docx(version: Version, path: Path, auto_numbering: bool = False, published: bool = False,
               definitions_table: bool = True) -> Path:
    """Write ``version`` as a .docx: typed numbers, or Word automatic numbering; ``published``
    lays it out as the SEC's published Word files are (running header with the version,
    "Page N of M" fields in the footer, a table of contents before the text); the A1.1
    definitions as a two-column table, or as paragraphs (term, a tab, its text)."""
    document = blank_document()
    numbering = AutoNumbering(document) if auto_numbering else None
    section = document.sections[0]
    if published:
        _published_furniture(document, version)
        _table_of_contents(document, version)
    else:
        section.header.paragraphs[0].text = f"Smart Energy Code — {version.name}"
        section.footer.paragraphs[0].text = "Page 1 of 1"
    table = None
    for para in paragraphs(version):
        if para.style == "definition" and not definitions_table:
            document.add_paragraph(f"{para.term}\t{para.text}")
            continue
        if para.style == "definition":
            table = table or document.add_table(rows=0, cols=2)
            row = table.add_row()
            row.cells[0].text = para.term
            row.cells[1].text = para.text
            continue
        if not para.in_definition:
            table = None
        container = table.rows[-1].cells[1] if para.in_definition and table is not None else document
        _docx_paragraph(container, para, numbering)
    document.save(str(path))
    return path


def _docx_paragraph(container: docx.document.Document | _Cell, para: Para, numbering: AutoNumbering | None) -> None:
    p = container.add_paragraph(style=_STYLE.get(para.style))
    num = numbering.num_pr(para) if numbering and para.number else None
    if num is not None:
        num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = num[1]
        num_pr.get_or_add_numId().val = num[0]
        p.add_run(para.text)
    else:
        p.add_run(f"{para.number}\t{para.text}" if para.number else para.text)
        p.paragraph_format.left_indent = Pt(36 + 24 * (para.depth + 1 if para.style != "clause" else 0))


# --- notes and text boxes -------------------------------------------------------------------

_RAISED = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
_NOTE_KINDS = {"footnote": (CT.WML_FOOTNOTES, RT.FOOTNOTES), "endnote": (CT.WML_ENDNOTES, RT.ENDNOTES)}


@dataclass
class Notes:
    """Footnotes and endnotes of a python-docx document, written as Word writes them: a part of
    each kind (its separator and continuation separator first, ids -1 and 0), the main
    document's relationship to it, and each note's mark, a raised ``w:footnoteReference``
    (``w:endnoteReference``) run.  Call :meth:`attach` once, before saving."""

    document: docx.document.Document
    #: each kind's notes in id order (from 1): (custom mark or "", words, a paragraph a line)
    notes: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: {kind: [] for kind in _NOTE_KINDS})

    def mark(self, paragraph: docx.text.paragraph.Paragraph, kind: str, text: str, custom: str = "") -> None:
        """A new note's mark at the end of ``paragraph`` as written so far; ``text`` its words (a
        paragraph a line); ``custom`` a mark typed in place of its number ("†")."""
        notes = self.notes[kind]
        notes.append((custom, text))
        follows = ' w:customMarkFollows="1"' if custom else ""
        typed = f"<w:t>{escape(custom)}</w:t>" if custom else ""
        paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}>{_RAISED}<w:{kind}Reference{follows} '
                                      f'w:id="{len(notes)}"/>{typed}</w:r>'))

    def attach(self) -> None:
        """The notes parts, each related to by the main document."""
        for kind, notes in self.notes.items():
            if notes:
                content_type, reltype = _NOTE_KINDS[kind]
                part = Part(PackURI(f"/word/{kind}s.xml"), content_type, _notes_xml(kind, notes).encode(),
                            self.document.part.package)
                self.document.part.relate_to(part, reltype)


def _notes_xml(kind: str, notes: list[tuple[str, str]]) -> str:
    """A footnotes (endnotes) part: the separators, then each note, the mark of its number (or
    its custom mark, typed) opening its first paragraph."""
    separators = "".join(f'<w:{kind} w:type="{name}" w:id="{i - 1}"><w:p><w:r><w:{name}/></w:r></w:p></w:{kind}>'
                         for i, name in enumerate(("separator", "continuationSeparator")))
    written = []
    for n, (custom, text) in enumerate(notes, 1):
        mark = f"<w:r>{_RAISED}<w:t>{escape(custom)}</w:t></w:r>" if custom else f"<w:r>{_RAISED}<w:{kind}Ref/></w:r>"
        paragraphs = "".join(f'<w:p>{mark if i == 0 else ""}<w:r><w:t xml:space="preserve">{" " if i == 0 else ""}'
                             f"{escape(line)}</w:t></w:r></w:p>" for i, line in enumerate(text.split("\n")))
        written.append(f'<w:{kind} w:id="{n}">{paragraphs}</w:{kind}>')
    return f'<w:{kind}s {nsdecls("w")}>{separators}{"".join(written)}</w:{kind}s>'


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def text_box(texts: list[str], box_id: int = 1) -> etree._Element:
    """A run holding a text box as Word 2010 and later write one: a drawing (``wps:txbx``) and its
    VML copy for older readers (``mc:Fallback``), each with the paragraphs ``texts``."""
    content = "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in texts)
    return parse_xml(
        f'<w:r {nsdecls("w", "wp", "a")} xmlns:v="urn:schemas-microsoft-com:vml" xmlns:mc="{_MC}" xmlns:wps="{_WPS}">'
        f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="1828800" cy="457200"/>'
        f'<wp:docPr id="{box_id}" name="Text Box {box_id}"/><a:graphic><a:graphicData '
        f'uri="{_WPS}"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="1828800" cy="457200"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f'<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
        f'</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape id="Text Box {box_id}" type="#_x0000_t202" style="width:144pt;height:36pt">'
        f'<v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
        f'</mc:AlternateContent></w:r>')


# --- .pdf ------------------------------------------------------------------------------------

PAGE_W, PAGE_H = A4
LEFT, RIGHT = 72.0, 430.0  # body text from LEFT to RIGHT; balloons beyond
TOP, BOTTOM = PAGE_H - 80, 72.0
FONT, BOLD, SIZE, LEADING, SPACE = "Helvetica", "Helvetica-Bold", 10, 12.0, 7.0
CLAUSE_TEXT_X = 120.0  # text of a clause, after its number
INDENT = 36.0  # each list level
TERM_W, DEF_X = 120.0, 216.0  # the definitions table: term column width, definition column
BALLOON_X = 460.0
BALLOON = "Deleted: Modificat"


@dataclass
class _Line:
    page: int
    y: float
    items: list[tuple[float, str, str]]  # (x, font, text)


class _PdfLayout:
    """Places paragraphs on pages; lines are drawn once the page count is known."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self.page, self.y = 1, TOP

    def _advance(self, height: float) -> None:
        self.y -= height
        if self.y < BOTTOM:
            self.page, self.y = self.page + 1, TOP

    def block(self, left: list[tuple[float, str, str]], x: float, width: float, text: str,
              font: str = FONT, term: tuple[float, str] | None = None) -> None:
        """A paragraph: ``left`` items on its first line, ``text`` wrapped from ``x``; ``term``
        wrapped in the left column beside it."""
        wrapped = simpleSplit(text, font, SIZE, width) or [""]
        term_lines = simpleSplit(term[1], FONT, SIZE, TERM_W) if term else []
        for i in range(max(len(wrapped), len(term_lines))):
            items = list(left) if i == 0 else []
            if i < len(term_lines):
                items.append((term[0], FONT, term_lines[i]))
            if i < len(wrapped) and wrapped[i]:
                items.append((x, font, wrapped[i]))
            self.lines.append(_Line(self.page, self.y, items))
            self._advance(LEADING)
        self._advance(SPACE)

    def draw(self, path: Path, header: str, balloon_line: int) -> None:
        pages = self.lines[-1].page if self.lines else 1
        pdf = canvas.Canvas(str(path), pagesize=A4)
        for page in range(1, pages + 1):
            pdf.setFont(FONT, 8)
            pdf.drawString(LEFT, PAGE_H - 30, header)
            pdf.drawString(LEFT, 28, f"Page {page} of {pages}")
            for n, line in enumerate(self.lines):
                if line.page != page:
                    continue
                for x, font, text in line.items:
                    pdf.setFont(font, SIZE)
                    pdf.drawString(x, line.y, text)
                if n == balloon_line:
                    pdf.setFont(FONT, 8)
                    pdf.drawString(BALLOON_X, line.y, BALLOON)
            pdf.showPage()
        pdf.save()


def build_pdf(version: Version, path: Path) -> Path:
    """Write ``version`` as a PDF laid out the SEC way (see the module docstring)."""
    layout = _PdfLayout()
    balloon_line = -1
    for para in paragraphs(version):
        base = DEF_X if para.in_definition else CLAUSE_TEXT_X
        if para.style in ("section", "part", "heading"):
            layout.block([], LEFT, RIGHT - LEFT, para.text, font=BOLD)
        elif para.style == "definition":
            layout.block([], DEF_X, RIGHT - DEF_X, para.text, term=(LEFT, para.term))
        elif para.style == "clause":
            if balloon_line < 0 and para.text:
                balloon_line = len(layout.lines)
            layout.block([(LEFT, FONT, para.number)], CLAUSE_TEXT_X, RIGHT - CLAUSE_TEXT_X, para.text)
        elif para.style == "list":
            label_x = base + INDENT * para.depth
            layout.block([(label_x, FONT, para.number)], label_x + INDENT, RIGHT - label_x - INDENT,
                         para.text)
        else:  # a tail continues the text it follows, at that text's indent
            x = base + INDENT * (para.depth + 1) if para.depth >= 0 else base
            layout.block([], x, RIGHT - x, para.text)
    layout.draw(path, f"Smart Energy Code — {version.name}", balloon_line)
    return path
