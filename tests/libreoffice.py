"""LibreOffice round trip: .docx → flat ODF (``soffice --convert-to fodt``) → the text with
every tracked change accepted, with every change rejected, and who made each revision when.

In the flat ODF, ``text:tracked-changes`` lists ``text:changed-region``s (``text:insertion`` /
``text:deletion`` with ``dc:creator`` and ``dc:date``).  The body marks changed text with
``text:change-start``/``text:change-end`` (insertions, and deletions kept in the body) or with a
``text:change`` point whose deleted paragraphs live inside the changed region.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DC = "http://purl.org/dc/elements/1.1/"
_BREAK = "\n"
_SKIP = {f"{{{TEXT}}}tracked-changes", f"{{{TEXT}}}sequence-decls", f"{{{OFFICE}}}annotation",
         f"{{{TEXT}}}note", f"{{{TEXT}}}bookmark-start", f"{{{TEXT}}}bookmark-end"}
_PROFILE: list[str] = []


def require_soffice() -> str:
    """The soffice path; skip the test without it, fail instead when CI=true."""
    path = shutil.which("soffice")
    if path is None:
        message = "LibreOffice (soffice) is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " and CI=true: the LibreOffice tests must run")
        pytest.skip(message)
    return path


def _profile() -> str:
    """One private LibreOffice profile per test process, removed at exit."""
    if not _PROFILE:
        directory = tempfile.mkdtemp(prefix="redline-lo-profile-")
        atexit.register(shutil.rmtree, directory, True)
        _PROFILE.append(Path(directory).as_uri())
    return _PROFILE[0]


def to_fodt(docx: Path, outdir: Path, timeout: float = 180) -> Path:
    """Convert ``docx`` to flat ODF with headless LibreOffice."""
    return _convert(docx, outdir, "fodt", timeout)


def to_pdf(document: Path, outdir: Path, timeout: float = 180) -> Path:
    """Print ``document`` (.docx, .fodt …) to PDF with headless LibreOffice."""
    return _convert(document, outdir, "pdf", timeout)


def _convert(document: Path, outdir: Path, fmt: str, timeout: float) -> Path:
    soffice = require_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run([soffice, f"-env:UserInstallation={_profile()}", "--headless", "--convert-to", fmt,
                    "--outdir", str(outdir), str(document)],
                   check=True, timeout=timeout, capture_output=True)
    result = outdir / f"{document.stem}.{fmt}"
    assert result.exists(), f"LibreOffice did not convert {document}"
    return result


@dataclass(frozen=True)
class Revision:
    """One changed region: "insertion", "deletion" or "format-change", by whom and when."""

    kind: str
    author: str
    date: str
    deleted: str  # the paragraphs a text:change point stands for ("" when kept in the body)


@dataclass
class Tracked:
    """What LibreOffice read: the revisions, and the body as a stream of text and markers."""

    revisions: dict[str, Revision]
    stream: list[tuple[str, str]]  # ("text", s) | ("start"|"end"|"point", change id)

    def accepted(self) -> list[str]:
        """Paragraphs with every change accepted (whitespace normalised, empty ones dropped)."""
        return self.resolve(lambda revision: True)

    def rejected(self) -> list[str]:
        """Paragraphs with every change rejected."""
        return self.resolve(lambda revision: False)

    def authors_dates(self) -> list[tuple[str, str]]:
        """(author, date) of every revision."""
        return [(r.author, r.date) for r in self.revisions.values()]

    def resolve(self, accept: Callable[[Revision], bool]) -> list[str]:
        """Paragraphs with each change accepted when ``accept(revision)``, otherwise rejected."""
        def shown(change: str) -> bool:
            revision = self.revisions[change]
            return revision.kind == "format-change" or accept(revision) == (revision.kind == "insertion")

        active: set[str] = set()
        out: list[str] = []
        for kind, value in self.stream:
            if kind == "start":
                active.add(value)
            elif kind == "end":
                active.discard(value)
            elif kind == "point":
                if not accept(self.revisions[value]):
                    out.append(self.revisions[value].deleted)
            elif all(shown(c) for c in active):
                out.append(value)
        paragraphs = (" ".join(p.split()) for p in "".join(out).split(_BREAK))
        return [p for p in paragraphs if p]


def _linear(element: etree._Element, out: list[tuple[str, str]]) -> None:
    """Append an element's text and change markers in document order."""
    tag = element.tag
    if tag in _SKIP:
        pass
    elif tag == f"{{{TEXT}}}change-start":
        out.append(("start", element.get(f"{{{TEXT}}}change-id")))
    elif tag == f"{{{TEXT}}}change-end":
        out.append(("end", element.get(f"{{{TEXT}}}change-id")))
    elif tag == f"{{{TEXT}}}change":
        out.append(("point", element.get(f"{{{TEXT}}}change-id")))
    elif tag == f"{{{TEXT}}}s":
        out.append(("text", " " * int(element.get(f"{{{TEXT}}}c", "1"))))
    elif tag in (f"{{{TEXT}}}tab", f"{{{TEXT}}}line-break"):
        out.append(("text", " "))
    else:
        if element.text:
            out.append(("text", element.text))
        for child in element:
            _linear(child, out)
        if tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
            out.append(("text", _BREAK))
    if element.tail and element.getparent() is not None and element.getparent().tag != f"{{{OFFICE}}}text":
        out.append(("text", element.tail))


def _region(region: etree._Element) -> Revision:
    change = next(c for c in region if isinstance(c.tag, str))
    kind = etree.QName(change).localname
    deleted: list[tuple[str, str]] = []
    for paragraph in change.iterchildren(f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
        _linear(paragraph, deleted)
    text = "".join(v for k, v in deleted if k == "text").removesuffix(_BREAK)
    return Revision(kind, change.findtext(f".//{{{DC}}}creator", ""), change.findtext(f".//{{{DC}}}date", ""),
                    text)


def read_tracked(fodt: Path) -> Tracked:
    """Parse a flat ODF document's tracked changes and body."""
    root = etree.parse(str(fodt)).getroot()
    body = root.find(f".//{{{OFFICE}}}body/{{{OFFICE}}}text")
    revisions = {region.get(f"{{{TEXT}}}id"): _region(region)
                 for region in body.iter(f"{{{TEXT}}}changed-region")}
    stream: list[tuple[str, str]] = []
    for child in body:
        _linear(child, stream)
    return Tracked(revisions, stream)


def round_trip(docx: Path, workdir: Path) -> Tracked:
    """Convert with LibreOffice and read the result."""
    return read_tracked(to_fodt(docx, workdir))


def same_date(odf_date: str, iso: str) -> bool:
    """LibreOffice writes "2018-10-05" for midnight and drops the "Z": compare the instants."""
    def norm(value: str) -> str:
        value = value.rstrip("Z")
        return value if "T" in value else value + "T00:00:00"
    return re.sub(r"\.\d+$", "", norm(odf_date)) == norm(iso)


#: Pythons that may carry LibreOffice's UNO bridge (python3-uno installs it for the system one).
_UNO_PYTHONS = ("/usr/bin/python3", "/usr/local/bin/python3")


def _uno_python() -> str:
    """A Python with ``import uno``; skip without one, fail instead when CI=true."""
    for python in _UNO_PYTHONS:
        if Path(python).exists() and subprocess.run([python, "-c", "import uno"], capture_output=True,
                                                    check=False).returncode == 0:
            return python
    message = "no Python with LibreOffice's UNO bridge (python3-uno)"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " and CI=true: the LibreOffice tests must run")
    pytest.skip(message)


def lo_views(docx: Path, decisions: list[dict[str, str]], timeout: float = 300) -> list[tuple[list, list]]:
    """LibreOffice itself accepting or rejecting each named author's changes ("accept" /
    "reject"; others left pending), once per decision set: the paragraphs as (list label
    LibreOffice computes, text as shown), and the (author, type) of the changes still pending.
    LibreOffice's no-GUI build aborts on a document with comments opened this way, so give it
    one without."""
    require_soffice()
    result = subprocess.run([_uno_python(), str(Path(__file__).with_name("uno_view.py")), str(docx),
                             json.dumps(decisions), _profile()],
                            capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return [([(label, " ".join(text.split())) for label, text in view["paragraphs"]],
             [tuple(p) for p in view["pending"]]) for view in json.loads(result.stdout)]


def lo_view(docx: Path, decisions: dict[str, str]) -> tuple[list[tuple[str, str]], list]:
    """One decision set of :func:`lo_views`."""
    return lo_views(docx, [decisions])[0]
