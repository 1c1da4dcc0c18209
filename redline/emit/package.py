"""The .docx package every emitter writes: redline's own template, core properties taken from the
modification, and zip bytes that depend only on the content (fixed member order and timestamps)."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject

from redline.emit.meta import EmitMeta

#: A4, 2.54 cm margins, Arial in black, British English, creator "redline" (scripts/build_template.py).
TEMPLATE = Path(__file__).with_name("sec-template.docx")
#: Members that conventionally open a package; the rest follow in name order.
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def new_document(meta: EmitMeta) -> DocumentObject:
    """A document from the template whose core properties describe the modification."""
    document = Document(str(TEMPLATE))
    when = datetime.datetime.fromisoformat(meta.date)
    core = document.core_properties
    core.title = meta.title or meta.heading
    core.subject = meta.modification
    core.author = core.last_modified_by = "redline"
    core.created = core.modified = when
    core.revision = 1
    return document


def fixed_zip(data: bytes, date: str) -> bytes:
    """The same package with every member dated ``date`` (ISO 8601), in a fixed order, so that the
    same content always gives the same bytes."""
    when = datetime.datetime.fromisoformat(date)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    names = [n for n in _FIRST if n in members] + sorted(n for n in members if n not in _FIRST)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 0, 0o644 << 16
            target.writestr(info, members[name])
    return buffer.getvalue()


def to_bytes(document: DocumentObject, meta: EmitMeta) -> bytes:
    """The finished .docx, reproducibly packed."""
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue(), meta.date)
