"""The low-level WordprocessingML helpers."""

from __future__ import annotations

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from redline.emit.ooxml import RevisionIds, Revisions, clean, enable_track_revisions, make_run, split_run


def test_ids_start_above_those_already_in_the_document() -> None:
    root = parse_xml(f'<w:body {nsdecls("w")}><w:bookmarkStart w:id="41" w:name="x"/>'
                     '<w:ins w:id="7" w:author="a" w:date="2018-01-01T00:00:00Z"/></w:body>')
    ids = RevisionIds(root)
    assert [ids.take() for _ in range(3)] == ["42", "43", "44"]


def test_marks_carry_author_date_and_unique_ids() -> None:
    revisions = Revisions("A <b> & c", "2018-10-05T00:00:00Z", RevisionIds())
    first, second = revisions.mark("w:ins"), revisions.mark("w:del")
    assert first.get(qn("w:author")) == "A <b> & c"
    assert first.get(qn("w:date")) == "2018-10-05T00:00:00Z"
    assert first.get(qn("w:id")) != second.get(qn("w:id"))


def test_clean_strips_characters_xml_forbids() -> None:
    assert clean("a\x00b\x07c\x0bd\tf\ng") == "abcd\tf\ng"
    run = make_run("x\x01<script>&")
    assert run.find(qn("w:t")).text == "x<script>&"


def test_deleted_runs_hold_deltext() -> None:
    revisions = Revisions("a", "2018-10-05T00:00:00Z", RevisionIds())
    wrapper = revisions.wrap("delete", [make_run("gone\tword")])
    assert wrapper.tag == qn("w:del")
    assert [el.tag for el in wrapper.iter(qn("w:t"), qn("w:delText"))] == [qn("w:delText")] * 2


def test_split_run_keeps_formatting() -> None:
    rpr = parse_xml(f'<w:rPr {nsdecls("w")}><w:b/></w:rPr>')
    paragraph = parse_xml(f'<w:p {nsdecls("w")}/>')
    run = make_run("Modification Proposal", rpr)
    paragraph.append(run)
    tail = split_run(run, 12)
    assert run.getnext() is tail
    assert run.find(qn("w:t")).text == "Modification"
    assert tail.find(qn("w:t")).text == " Proposal"
    assert tail.find(qn("w:rPr")).find(qn("w:b")) is not None


def test_track_revisions_once_in_schema_order() -> None:
    settings = Document().settings.element
    enable_track_revisions(settings)
    enable_track_revisions(settings)
    tags = [child.tag for child in settings]
    assert tags.count(qn("w:trackRevisions")) == 1
    assert tags.index(qn("w:trackRevisions")) < tags.index(qn("w:defaultTabStop"))
    assert tags.index(qn("w:trackRevisions")) > tags.index(qn("w:zoom"))


def test_paragraph_mark_revision_goes_first_in_rpr() -> None:
    paragraph = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:jc w:val="left"/><w:sectPr/></w:pPr></w:p>')
    Revisions("a", "2018-10-05T00:00:00Z", RevisionIds()).mark_paragraph(paragraph, "delete")
    ppr = paragraph.find(qn("w:pPr"))
    assert [c.tag for c in ppr] == [qn("w:jc"), qn("w:rPr"), qn("w:sectPr")]
    assert ppr.find(qn("w:rPr"))[0].tag == qn("w:del")
