"""The .docx reader's whole result, pinned: for each layout the builders make (typed numbers, Word
automatic numbering, the published layout with its table of contents and fields, definitions as
paragraphs, other authors' pending revisions and comments, text left in deletions), the blocks it yields, the tree they
build and the reading report are digested and compared with the digests the reader gave before
it was rewritten for speed (tests/data/docx_read_digests.json, recorded with commit 53057d8; the
pending-revisions layout's again once its comment was kept in the report, which alone changed).
A change meant to alter what the reader gives must record the new digest there.  The documents
are built from the synthetic fixture (SEC-style, not SEC text)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import asdict
from pathlib import Path

import docx
import pytest
from builders import build_docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from pending import DATES, Pending, add_pending

from redline.models import ReadReport
from redline.read import read_version
from redline.read.docx import read_docx_file

FIXTURE = Path(__file__).parent / "fixtures" / "sample-section.txt"
DIGESTS = json.loads((Path(__file__).parent / "data" / "docx_read_digests.json").read_text(encoding="utf-8"))
ALICE, BOB = sorted(DATES)
PENDING = [Pending("insert", ALICE, "to oversee and co-ordinate", "co-ordinate the activities"),
           Pending("delete", BOB, "make determinations", "decisions", "rulings and "),
           Pending("strike", ALICE, "identification of each party", "each party"),
           Pending("format", BOB, "to establish a process", "timely manner"),
           Pending("comment", ALICE, "Without prejudice", "other duties", "Synthetic comment.")]


def _revision(tag: str, rid: int) -> str:
    return f'<w:{tag} {nsdecls("w")} w:id="{rid}" w:author="{BOB}" w:date="{DATES[BOB]}"/>'


def _more_revisions(path: Path) -> Path:
    """A paragraph deleted whole (mark and words), words moved away, a definitions row deleted."""
    document = docx.Document(str(path))
    body = document.element.body
    paragraphs = list(body.iter(qn("w:p")))
    whole = next(p for p in paragraphs if "the date 28 days after" in "".join(p.itertext()))
    whole.get_or_add_pPr().append(parse_xml(f'<w:rPr {nsdecls("w")}>{_revision("del", 950)}</w:rPr>'))
    for n, run in enumerate(whole.findall(qn("w:r"))):
        deletion = parse_xml(_revision("del", 951 + n))
        run.addprevious(deletion)
        deletion.append(run)
        for t in run.iter(qn("w:t")):
            t.tag = qn("w:delText")
    moved = next(p for p in paragraphs if "the Code Administrator" in "".join(p.itertext()))
    run = moved.findall(qn("w:r"))[-1]
    away = parse_xml(_revision("moveFrom", 960))
    run.addprevious(away)
    away.append(run)
    for t in run.iter(qn("w:t")):
        t.tag = qn("w:delText")
    row = next(tr for tr in body.iter(qn("w:tr")) if "Draft Proposal" in "".join(tr.itertext()))
    row.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}>{_revision("del", 970)}</w:trPr>'))
    document.save(str(path))
    return path


def _text_left_in_deletions(path: Path) -> Path:
    """Runs wrapped in a deletion and a move-away with their ``w:t`` kept (not ``w:delText``),
    as some tools write them: not valid OOXML, still not in the accepted text."""
    document = docx.Document(str(path))
    paragraphs = list(document.element.body.iter(qn("w:p")))
    for rid, (tag, words) in enumerate((("del", "the timetables applicable"), ("moveFrom", "the Code Administrator")),
                                       980):
        run = next(p for p in paragraphs if words in "".join(p.itertext())).findall(qn("w:r"))[-1]
        wrapper = parse_xml(_revision(tag, rid))
        run.addprevious(wrapper)
        wrapper.append(run)
    document.save(str(path))
    return path


def _layout(name: str, tmp_path: Path) -> Path:
    version = read_version([FIXTURE])
    path = tmp_path / f"{name}.docx"
    if name == "text left in deletions":
        return _text_left_in_deletions(build_docx(version, tmp_path / f"{name}.broken.docx"))
    if name == "typed":
        return build_docx(version, path)
    if name == "auto-numbered":
        return build_docx(version, path, auto_numbering=True)
    if name == "published":
        return build_docx(version, path, auto_numbering=True, published=True)
    if name == "definitions-as-paragraphs":
        return build_docx(version, path, definitions_table=False)
    return _more_revisions(add_pending(build_docx(version, path), PENDING))  # "pending revisions"


def _digest(path: Path) -> str:
    """A digest of everything reading ``path`` gives: blocks, tree and report (the file's own
    path written as its name, so the digest does not depend on where it was built)."""
    report = ReadReport()
    blocks = [asdict(b) for b in read_docx_file(path, report)]
    version = read_version([path])
    tree = [(u.id, u.kind.value, u.label, u.heading, u.text, u.tail, asdict(u.position) if u.position else None)
            for u in version.units()]
    record = {"blocks": blocks, "block_report": asdict(report), "tree": tree, "report": asdict(version.report)}
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, default=str).replace(str(path), path.name)
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize("name", sorted(DIGESTS))
def test_the_reader_gives_what_it_gave(name: str, tmp_path: Path) -> None:
    digest = _digest(_layout(name, tmp_path))
    assert digest == DIGESTS[name], f"{name}: the reader's result changed (digest {digest})"


def test_the_pending_layout_carries_every_kind_of_revision(tmp_path: Path) -> None:
    with zipfile.ZipFile(_layout("pending revisions", tmp_path)) as archive:
        xml = archive.read("word/document.xml").decode()
        names = archive.namelist()
    for mark in ("<w:ins ", "<w:del ", "<w:moveFrom ", "<w:rPrChange ", "<w:trPr><w:del ", "<w:rPr><w:del "):
        assert mark in xml, mark
    assert "word/comments.xml" in names
