"""The WordprocessingML element names and lookups the .docx reader's modules share (see
:mod:`redline.read.docx`)."""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

P, T, PPR, RPR = qn("w:p"), qn("w:t"), qn("w:pPr"), qn("w:rPr")
#: Revisions whose content is not there once accepted: deleted, or moved away.
GONE = [qn("w:del"), qn("w:moveFrom")]
NUM_PR = qn("w:numPr")


def attr(el: etree._Element | None, name: str = "w:val") -> str | None:
    """The attribute ``name`` of ``el`` (None for no element)."""
    return None if el is None else el.get(qn(name))


def first_child(el: etree._Element | None, tag: str) -> etree._Element | None:
    """The first child of ``el`` with ``tag``."""
    return None if el is None else next(el.iterchildren(tag), None)
