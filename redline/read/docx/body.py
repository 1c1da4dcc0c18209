"""The body read in order: paragraphs (numbered, styled), tables (the A1.1 definitions table among
them), content controls and custom XML markup, to blocks; and :func:`body_paragraphs`, the
paragraphs in that order (see :mod:`redline.read.docx`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from docx.oxml.ns import qn
from lxml import etree

from redline.models import Finding, Position, ReadReport
from redline.read import patterns as pat
from redline.read.docx.markup import GONE, NUM_PR, PPR, RPR, P, attr, first_child
from redline.read.docx.numbering import Numbering
from redline.read.docx.styles import StyleChain, Styles
from redline.read.docx.text import paragraph_text
from redline.read.layout import DefinitionsScope, opens_definitions, row_text
from redline.read.structure import Block

_TBL, _TR, _TC, _SDT, _SDT_CONTENT = qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt"), qn("w:sdtContent")
_TXBX = qn("w:txbxContent")
#: Custom XML markup around paragraphs and tables (read as what it holds); content imported whole
#: (HTML, RTF or another document, which Word converts on opening: not read, and warned of).
_CUSTOM_XML, _ALT_CHUNK = qn("w:customXml"), qn("w:altChunk")
_TR_PR, _DEL = qn("w:trPr"), qn("w:del")
_HEADING_ROLES = (("section", pat.SECTION_HEADER), ("appendix", pat.APPENDIX_HEADER),
                  ("part", pat.PART_HEADER), ("part", pat.APPENDIX_PART_HEADER))
_P_STYLE, _NUM_ID, _ILVL = qn("w:pStyle"), qn("w:numId"), qn("w:ilvl")
_VAL = qn("w:val")
_GALLERY = f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}"


def body_paragraphs(container: etree._Element) -> list[etree._Element]:
    """Every ``w:p`` the reader visits, in its order (``Position.line`` is the 1-based index):
    body paragraphs, table cells row by row (nested tables included), content controls and custom
    XML markup."""
    found: list[etree._Element] = []
    for child in container:
        tag = child.tag
        if tag == P:
            found.append(child)
        elif tag == _TBL:
            found.extend(p for tr in _wrapped(child, _TR) for tc in _wrapped(tr, _TC) for p in _cell_paragraphs(tc))
        elif tag == _SDT and (content := first_child(child, _SDT_CONTENT)) is not None:
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
        elif child.tag == _SDT and (content := first_child(child, _SDT_CONTENT)) is not None:
            yield from _wrapped(content, tag)
        elif child.tag == _CUSTOM_XML:
            yield from _wrapped(child, tag)


def _cell_paragraphs(tc: etree._Element) -> list[etree._Element]:
    """A table cell's paragraphs, those of tables nested in it too; a text box's are words of the
    paragraph holding it."""
    paragraphs = list(tc.iter(P))
    if len(paragraphs) > 1 and next(tc.iter(_TXBX), None) is not None:
        return [p for p in paragraphs if next(p.iterancestors(_TXBX), None) is None]
    return paragraphs


def _properties(p: etree._Element) -> tuple[str | None, etree._Element | None, bool]:
    """A paragraph's style id, own numbering properties, and whether its mark is a tracked
    deletion (or moved away), from its first ``w:pPr`` (the schema allows one, first)."""
    if not len(p):
        return None, None, False
    ppr = p[0]
    if ppr.tag != PPR and (ppr := next(p.iterchildren(PPR), None)) is None:
        return None, None, False
    style = num_pr = None
    gone = False
    for child in ppr:  # one pass over the properties, the first of each kind counting
        tag = child.tag
        if tag == _P_STYLE:
            style = child if style is None else style
        elif tag == NUM_PR:
            num_pr = child if num_pr is None else num_pr
        elif tag == RPR and not gone:
            gone = next(child.iterchildren(GONE), None) is not None
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
    return gallery is not None and (attr(gallery) or "").lower() == "table of contents"


class BodyReader:
    """Walks the body in order: paragraphs, tables, content controls and custom XML markup."""

    def __init__(self, source: str, numbering: Numbering, styles: Styles, report: ReadReport,
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
        self.deletions = next(body.iter(GONE), None) is not None
        self.controls = next(body.iter(_SDT), None) is not None

    def items(self, container: etree._Element) -> Iterator[Block]:
        for child in container:
            tag = child.tag
            if tag == P:
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

    def _block(self, p: etree._Element, num_pr: etree._Element | None, chain: StyleChain) -> Block:
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

    def _number(self, own: etree._Element | None, chain: StyleChain) -> str | None:
        num_prs = (own, *chain.num_prs) if own is not None else chain.num_prs
        num_id = next((v for n in num_prs if (v := attr(first_child(n, _NUM_ID))) is not None), None)
        if num_id is None or num_id == "0":
            return None
        ilvl = next((v for n in num_prs if (v := attr(first_child(n, _ILVL))) is not None), "0")
        return self.numbering.next_number(num_id, int(ilvl))

    @staticmethod
    def _role(chain: StyleChain, text: str) -> str:
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
