"""A .docx opened: the archive checked, the parts the reader uses found and parsed (see
:mod:`redline.read.docx`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from redline.models import Finding, Position, ReadReport
from redline.read.docx.notes import Note, part_notes
from redline.read.docx.styles import Styles, parsed_styles
from redline.read.opc import Package
from redline.read.safezip import read_archive

#: The parts of notes and comments, as the main document relates to them: (type, element, kind).
_NOTE_PARTS = ((RT.FOOTNOTES, qn("w:footnote"), "footnote"), (RT.ENDNOTES, qn("w:endnote"), "endnote"),
               (RT.COMMENTS, qn("w:comment"), "comment"))
#: What python-docx gives a document without a styles part.
_DEFAULT_STYLES = Path(docx.__file__).parent / "templates" / "default-styles.xml"


@dataclass
class WordDocument:
    """The parts of a .docx the readers use: the body, styles, numbering (None when the
    document has none), the roots of its header and footer parts, in relationship order, and
    its notes and comments carrying text (footnotes, endnotes, comments; each part in order)."""

    body: etree._Element
    styles: Styles
    numbering: etree._Element | None
    furniture: list[etree._Element]
    notes: list[Note]


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
               for note in part_notes(package.xml(name), tag, kind, name)])


def _styles(package: Package, name: str | None) -> Styles:
    """The document's styles part (``name``), or python-docx's default styles without one."""
    if name is None:
        return parsed_styles(_DEFAULT_STYLES.read_bytes())
    return package.parsed(name, parsed_styles)
