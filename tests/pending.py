"""Other authors' pending revisions, added to a built Section .docx the way Word writes them.

A drafter's own Word file carries colleagues' revisions: insertions, deletions, formatting
changes and comments.  :func:`add_pending` takes existing words of a paragraph (so the file's
accepted text stays the SEC-style text it was built from) and marks them:

* ``Pending("insert", author, paragraph, words)``: ``words`` become the author's insertion;
* ``Pending("delete", author, paragraph, words, extra)``: ``extra`` is put before ``words`` as
  the author's pending deletion (its text is in no accepted state);
* ``Pending("strike", author, paragraph, words)``: ``words`` become the author's pending deletion
  (the file's accepted text no longer holds them);
* ``Pending("format", author, paragraph, words)``: ``words`` are made bold as the author's
  tracked formatting change (``w:rPrChange``, previously not bold);
* ``Pending("comment", author, paragraph, words, extra)``: a comment ``extra`` on ``words``.

``paragraph`` is a fragment of the paragraph's text that picks it.  Synthetic test data.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run
from lxml import etree

DATES = {"Alice Reviewer": "2018-09-01T10:00:00Z", "Bob Counsel": "2018-09-02T11:30:00Z"}


@dataclass(frozen=True)
class Pending:
    """One revision another author left pending."""

    kind: str
    author: str
    paragraph: str
    words: str
    extra: str = ""


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" if t.tag == qn("w:t") else "\t" for t in p.iter(qn("w:t"), qn("w:tab")))


def _run(text: str, rpr: etree._Element | None, deleted: bool = False) -> etree._Element:
    run = OxmlElement("w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for i, piece in enumerate(text.split("\t")):
        if i:
            run.append(OxmlElement("w:tab"))
        if piece:
            t = OxmlElement("w:delText" if deleted else "w:t")
            t.text = piece
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(t)
    return run


def _mark(tag: str, author: str, rid: int) -> etree._Element:
    element = OxmlElement(tag)
    element.set(qn("w:id"), str(rid))
    element.set(qn("w:author"), author)
    element.set(qn("w:date"), DATES[author])
    return element


def _isolate(p: etree._Element, words: str) -> etree._Element:
    """Split the first plain run of ``p`` holding ``words`` into before / ``words`` / after;
    returns the run holding ``words``."""
    run = next(r for r in p.findall(qn("w:r")) if words in _text(r))
    text, rpr = _text(run), run.find(qn("w:rPr"))
    at = text.index(words)
    pieces = [_run(piece, rpr) for piece in (text[:at], words, text[at + len(words):])]
    for piece in pieces:
        run.addprevious(piece)
    p.remove(run)
    return pieces[1]


def add_pending(path: Path, pending: list[Pending]) -> Path:
    """Add the revisions to the .docx at ``path`` (rewritten in place)."""
    document = docx.Document(str(path))
    paragraphs = list(document.element.body.iter(qn("w:p")))
    for rid, item in enumerate(pending, 900):
        p = next(p for p in paragraphs if item.paragraph in _text(p))
        run = _isolate(p, item.words)
        if item.kind == "insert":
            ins = _mark("w:ins", item.author, rid)
            run.addprevious(ins)
            ins.append(run)
        elif item.kind == "delete":
            deletion = _mark("w:del", item.author, rid)
            deletion.append(_run(item.extra, run.find(qn("w:rPr")), deleted=True))
            run.addprevious(deletion)
        elif item.kind == "strike":
            deletion = _mark("w:del", item.author, rid)
            run.addprevious(deletion)
            deletion.append(run)
            for t in run.iter(qn("w:t")):
                t.tag = qn("w:delText")
        elif item.kind == "format":
            rpr = run.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                run.insert(0, rpr)
            previous = copy.deepcopy(rpr)
            rpr.append(OxmlElement("w:b"))
            change = _mark("w:rPrChange", item.author, rid)
            change.append(previous)
            rpr.append(change)
        elif item.kind == "comment":
            document.add_comment(Run(run, document._body), item.extra, author=item.author,
                                 initials="".join(w[0] for w in item.author.split()))
        else:
            raise ValueError(item.kind)
    document.save(str(path))
    return path



def without_comments(src: Path, dst: Path) -> Path:
    """A copy of ``src`` without its comments' anchors (ranges and reference runs), for
    LibreOffice's no-GUI build, which aborts on comments opened through UNO."""
    import zipfile

    with zipfile.ZipFile(src) as package, zipfile.ZipFile(dst, "w") as out:
        for info in package.infolist():
            data = package.read(info)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                for element in list(root.iter(qn("w:commentRangeStart"), qn("w:commentRangeEnd"))):
                    element.getparent().remove(element)
                for reference in list(root.iter(qn("w:commentReference"))):
                    run = reference.getparent()
                    run.getparent().remove(run)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            out.writestr(info, data)
    return dst
