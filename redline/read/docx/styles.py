"""A styles part: each style's chain (the styles it is based on) resolved once, the part read style
by style from its bytes where that is exact, parsed whole otherwise (see :mod:`redline.read.docx`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from docx.oxml.ns import qn
from lxml import etree

from redline.read import patterns as pat
from redline.read.docx.markup import NUM_PR, PPR, attr, first_child
from redline.read.opc import PARSER

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BASED_ON = qn("w:basedOn")
_STYLE, _STYLE_ID = qn("w:style"), qn("w:styleId")
#: WordprocessingML's namespace name: a styles part :class:`Styles` scans has it once (its root's).
_W_BYTES = _W.encode()
_END_STYLE = b"</w:style>"
_NAME = qn("w:name")


@dataclass(frozen=True)
class StyleChain:
    """What the reader asks of a style and those it is based on (nearest first): their names,
    whether any is a table-of-contents style, and their numbering properties."""

    names: tuple[str, ...]
    contents: bool
    num_prs: tuple[etree._Element, ...]
    heading: bool  # the style itself is a heading style (the reader gives its paragraphs a role)


class BrokenStyle(Exception):
    """A style whose markup is not well-formed, found when a paragraph first asked for it."""


class Styles:
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
        self._chains: dict[str | None, StyleChain] = {}
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
                raise BrokenStyle(f"the styles part, style {style_id!r}: {str(exc).splitlines()[0]}") from exc
        return style

    def chain(self, style_id: str | None) -> StyleChain:
        """The style ``style_id`` and those it is based on (an empty chain for None or unknown)."""
        chain = self._chains.get(style_id)
        if chain is None:
            styles: list[etree._Element] = []
            seen: set[str] = set()
            current = style_id
            while current and current not in seen and (style := self._style(current)) is not None:
                seen.add(current)
                styles.append(style)
                current = attr(first_child(style, _BASED_ON))
            names = [attr(first_child(s, _NAME)) or "" for s in styles]
            chain = self._chains[style_id] = StyleChain(
                names=tuple(names),
                contents=any(pat.TOC_STYLE.match(name) for name in names),
                heading=bool(names) and pat.HEADING_STYLE.match(names[0]) is not None,
                num_prs=tuple(n for s in styles if (n := first_child(first_child(s, PPR), NUM_PR)) is not None))
        return chain


@lru_cache(maxsize=1)
def parsed_styles(data: bytes) -> Styles:
    """A styles part's bytes read (:class:`Styles`), kept for the next file with the same bytes."""
    return Styles(data)
