"""The parts of a .docx package the reader asks for (Open Packaging Conventions), from a checked archive.

Parts are found as python-docx finds them: the main document through the package's
``officeDocument`` relationship, its content type from ``[Content_Types].xml`` (an override by
part name, else the default for its extension, both case-insensitive), every other part through
the relationships of the part that names it (targets relative to that part's folder, external
ones never opened).  XML is parsed with python-docx's own parser settings (blank text between
elements removed, entities left unresolved) into plain lxml elements; the archive was checked
by :mod:`redline.read.safezip` first.  Only the parts asked for are read: a damaged part the
reader does not use (settings, fonts, images) does not stop it.  Every problem is a
:class:`RedlineError` naming the file: "not a .docx (…)".
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from redline.models import RedlineError

_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: python-docx's parser settings, without its element classes.
PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
T = TypeVar("T")


def _parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, PARSER)


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part: its type and target (a part name such as ``word/styles.xml``,
    or, when external, the address as written)."""

    reltype: str
    target: str
    external: bool


class Package:
    """A checked archive's entries read as an OPC package."""

    def __init__(self, path: Path, entries: dict[str, bytes]) -> None:
        self.path = path
        self.entries = entries
        types = self.xml("[Content_Types].xml")
        self._overrides = {el.get("PartName", "").lower(): el.get("ContentType", "")
                           for el in types.iter(f"{_TYPES}Override")}
        self._defaults = {el.get("Extension", "").lower(): el.get("ContentType", "")
                          for el in types.iter(f"{_TYPES}Default")}

    def fail(self, reason: str) -> RedlineError:
        """The one-line error for this file."""
        return RedlineError(f"{self.path}: not a .docx ({reason})")

    def xml(self, name: str) -> etree._Element:
        """The root element of the XML part ``name``."""
        return self.parsed(name, _parse)

    def parsed(self, name: str, parse: Callable[[bytes], T]) -> T:
        """What ``parse`` makes of the bytes of the XML part ``name`` (a parse kept by bytes, say):
        a part missing or malformed is this file's one-line error."""
        if name not in self.entries:
            raise self.fail(f"no part {name} in the archive")
        try:
            return parse(self.entries[name])
        except etree.XMLSyntaxError as exc:
            raise self.fail(f"{name}: {str(exc).splitlines()[0]}") from exc

    def content_type(self, name: str) -> str | None:
        """The content type of part ``name``, None when [Content_Types].xml gives none."""
        override = self._overrides.get(f"/{name}".lower())
        return override if override is not None else self._defaults.get(posixpath.splitext(name)[1][1:].lower())

    def relationships(self, name: str = "") -> list[Relationship]:
        """The relationships of part ``name`` (of the package itself when empty), in file order."""
        folder, filename = posixpath.split(name)
        rels = posixpath.join(folder, "_rels", f"{filename}.rels")
        if rels not in self.entries:
            return []
        found = []
        for rel in self.xml(rels).iter(f"{_RELS}Relationship"):
            target, external = rel.get("Target", ""), rel.get("TargetMode") == "External"
            if not external:
                target = posixpath.normpath(posixpath.join("/", folder, target)).lstrip("/")
            found.append(Relationship(rel.get("Type", ""), target, external))
        return found

    def related(self, name: str, reltype: str) -> str | None:
        """The part that ``name`` relates to by ``reltype``: None when none, an error when several."""
        targets = [r.target for r in self.relationships(name) if r.reltype == reltype and not r.external]
        if len(targets) > 1:
            raise self.fail(f"{name or 'the package'} has {len(targets)} relationships of type "
                            f"{reltype.rsplit('/', 1)[-1]}")
        return targets[0] if targets else None

    def main_document(self) -> str:
        """The name of the main document part, checked to be a Word document."""
        name = self.related("", RT.OFFICE_DOCUMENT)
        if name is None:
            raise self.fail("no main document relationship in _rels/.rels")
        kind = self.content_type(name)
        if kind != CT.WML_DOCUMENT_MAIN:
            raise self.fail(f"{name} is {kind or 'of no content type'}, not a Word document")
        return name

