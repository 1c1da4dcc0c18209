"""The .docx package every emitter writes: redline's own template, core properties taken from the
modification, and zip bytes that depend only on the content (fixed member order and timestamps).

The template is opened by python-docx once per process and kept as the members python-docx
writes for it (and again with an empty header part, for documents that have a header).  A new document
parses again only the small parts it changes (the body, the settings, the core properties, the
header), and its package is zipped once: every other member is the template's, byte for byte,
as if python-docx had opened and saved the template for each document.
"""

from __future__ import annotations

import datetime
import functools
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml
from docx.shared import Emu, Inches, Length
from lxml import etree

from redline.emit.meta import EmitMeta

#: A4, 2.54 cm margins, Arial in black, British English, creator "redline" (scripts/build_template.py).
TEMPLATE = Path(__file__).with_name("sec-template.docx")
#: Members that conventionally open a package; the rest follow in name order.
_FIRST = ("[Content_Types].xml", "_rels/.rels")
_BODY, _SETTINGS, _CORE = "word/document.xml", "word/settings.xml", "docProps/core.xml"


@functools.cache
def _templates() -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The template's members as python-docx saves it: as it is, then with a (blank) header part."""
    document = Document(str(TEMPLATE))
    plain = _members(document)
    document.sections[0].header.paragraphs  # noqa: B018 - python-docx adds the part on first use
    return plain, _members(document)


def _members(document: DocumentObject) -> dict[str, bytes]:
    """A python-docx document's package members as it saves them."""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


class NewDocument:
    """A document made from the template, its header paragraph holding ``header`` (no header
    part when empty), its core properties describing the modification."""

    def __init__(self, meta: EmitMeta, header: str = "") -> None:
        self.members = _templates()[bool(header)]
        self.date = meta.date
        self.parts = {name: parse_xml(self.members[name]) for name in (_BODY, _SETTINGS, _CORE)}
        self.document = self.parts[_BODY]
        self.body = self.document.body
        self.settings = self.parts[_SETTINGS]
        when = datetime.datetime.fromisoformat(meta.date)
        core = CoreProperties(self.parts[_CORE])
        core.title = meta.title or meta.heading
        core.subject = meta.modification
        core.author = core.last_modified_by = "redline"
        core.created = core.modified = when
        core.revision = 1
        if header:
            (name,) = (n for n in self.members if n.startswith("word/header"))
            self.parts[name] = parse_xml(self.members[name])
            paragraph = self.parts[name].p_lst[0]
            paragraph.clear_content()  # as python-docx's Paragraph.text = header sets it
            paragraph.add_r().text = header

    @property
    def block_width(self) -> Length:
        """The width between the margins, as python-docx gives a new table."""
        section = self.body.sectPr
        return Emu((section.page_width or Inches(8.5)) - (section.left_margin or Inches(1))
                   - (section.right_margin or Inches(1)))

    def append(self, block: etree._Element) -> None:
        """Add a paragraph or table at the end of the body (before its section properties)."""
        section = self.body.sectPr
        if section is None:
            self.body.append(block)
        else:
            section.addprevious(block)

    def to_bytes(self) -> bytes:
        """The finished .docx, reproducibly packed."""
        members = dict(self.members)
        members.update((name, serialize_part_xml(part)) for name, part in self.parts.items())
        return pack(members, self.date)


def pack(members: dict[str, bytes], date: str) -> bytes:
    """A package of ``members`` with every member dated ``date`` (ISO 8601), in a fixed order, so
    that the same content always gives the same bytes."""
    when = datetime.datetime.fromisoformat(date)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    names = [n for n in _FIRST if n in members] + sorted(n for n in members if n not in _FIRST)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 0, 0o644 << 16
            target.writestr(info, members[name])
    return buffer.getvalue()


def fixed_zip(data: bytes, date: str) -> bytes:
    """A saved package repacked by :func:`pack`."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return pack({info.filename: source.read(info) for info in source.infolist()}, date)
