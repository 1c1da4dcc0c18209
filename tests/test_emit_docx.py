"""redline.docx and legal-text.docx: structure, and the LibreOffice accept-all / reject-all round trip."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from emit_samples import (
    AMENDED,
    AUTHOR,
    BASE,
    DATE,
    W,
    assert_well_formed_unique_ids,
    assert_word_boundaries,
    lines,
    parts,
    revision_marks,
    sample_pair,
    split_summary,
)
from libreoffice import round_trip, same_date

from redline.emit import emit_all
from redline.emit.meta import EmitMeta
from redline.emit.ooxml import RevisionIds, Revisions, make_run
from redline.emit.pairs import direct_changes, pair_versions
from redline.models import Unit, UnitKind, Version

META = EmitMeta(author=AUTHOR, date=DATE, modification="SECMP9999", title="Test <b>&</b>")
#: Paragraphs of the sample the redline leaves out: unchanged definitions and clauses.
UNSHOWN = {"Working Day", "means any day other than a Saturday or a Sunday.",
           "C3.1 The Panel shall comprise the members appointed under this Section C3."}


@pytest.fixture()
def outputs(tmp_path: Path) -> Path:
    base, amended = sample_pair(tmp_path)
    emit_all(base, amended, direct_changes(pair_versions(base, amended)), META, tmp_path / "out")
    return tmp_path / "out"


@pytest.mark.parametrize("name", ["redline.docx", "legal-text.docx"])
def test_well_formed_unique_ids_and_opens(outputs: Path, name: str) -> None:
    path = outputs / name
    assert_well_formed_unique_ids(path)
    assert_word_boundaries(path)
    docx.Document(str(path))
    assert b"w:trackRevisions" in parts(path)["word/settings.xml"]
    marks = revision_marks(path)
    assert marks and all(m.get(f"{{{W}}}author") == AUTHOR and m.get(f"{{{W}}}date") == DATE for m in marks)


def test_redline_layout(outputs: Path) -> None:
    document = docx.Document(str(outputs / "redline.docx"))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2"} <= styles
    clause = next(p for p in document.paragraphs if p.text.startswith("C2.3\t"))
    assert clause.paragraph_format.first_line_indent < 0 < clause.paragraph_format.left_indent
    assert len(document.tables) == 1 and len(document.tables[0].columns) == 2
    body = parts(outputs / "redline.docx")["word/document.xml"].decode()
    assert "&lt;script&gt;" in body and "<script>" not in body


def test_whole_paragraph_revisions_mark_the_paragraph(outputs: Path) -> None:
    root = docx.Document(str(outputs / "redline.docx")).element.body
    marked = [p for p in root.iter(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:ins')}") is not None]
    assert any("meet monthly" in "".join(t.text for t in p.iter(qn("w:t"))) for p in marked)
    paragraphs = list(root.iter(qn("w:p")))
    deleted = [p for p in paragraphs if p.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:del')}") is not None]
    [resign] = [p for p in paragraphs if "may resign" in "".join(t.text for t in p.iter(qn("w:delText")))]
    # its mark deleted, or, ending the body, the mark before it (the final mark is never deleted)
    assert resign in deleted or resign is paragraphs[-1] and paragraphs[-2] in deleted
    rows = [tr for tr in root.iter(qn("w:tr")) if tr.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None]
    assert len(rows) == 1


def test_renumbering_shows_old_number_deleted_new_inserted(outputs: Path) -> None:
    xml = parts(outputs / "redline.docx")["word/document.xml"].decode()
    assert ">C2.4</w:delText>" in xml and ">C2.5</w:t></w:r></w:ins>" in xml


def test_control_characters_and_markup_are_safe(tmp_path: Path) -> None:
    def version(text: str) -> Version:
        root = Unit("", UnitKind.VERSION, "v")
        section = root.add(Unit("C", UnitKind.SECTION, "C", heading="GOVERNANCE"))
        section.add(Unit("C1.1", UnitKind.CLAUSE, "C1.1", text=text))
        return Version("v", root)

    base, amended = version("Plain & <b>bold</b>"), version("Plain\x01 & <script>x</script>\x0b")
    emit_all(base, amended, [], META, tmp_path)
    assert_well_formed_unique_ids(tmp_path / "redline.docx")
    last = docx.Document(str(tmp_path / "redline.docx")).paragraphs[-1]._p
    assert "".join(t.text for t in last.iter(qn("w:t"))) == "C1.1Plain & <script>x</script>"


def test_word_boundary_checker_catches_a_split_word(tmp_path: Path) -> None:
    document = docx.Document()
    revisions = Revisions(AUTHOR, DATE, RevisionIds(document.element))
    paragraph = document.add_paragraph()._p
    paragraph.append(make_run("submit a Modificat"))
    paragraph.append(revisions.wrap("delete", [make_run("ion")]))
    document.save(str(tmp_path / "bad.broken.docx"))
    with pytest.raises(AssertionError, match="splits a word"):
        assert_word_boundaries(tmp_path / "bad.broken.docx")


def _assert_revisions_by(tracked) -> None:  # noqa: ANN001
    assert tracked.revisions
    assert all(author == AUTHOR and same_date(date, DATE) for author, date in tracked.authors_dates())


@pytest.mark.libreoffice
def test_redline_round_trip(outputs: Path, tmp_path: Path) -> None:
    tracked = round_trip(outputs / "redline.docx", tmp_path / "lo")
    summary, accepted = split_summary(tracked.accepted())
    assert summary[-1].startswith("Not applied: not known") and summary == split_summary(tracked.rejected())[0]
    assert accepted == [p for p in lines(AMENDED) if p not in UNSHOWN]
    assert split_summary(tracked.rejected())[1] == [p for p in lines(BASE) if p not in UNSHOWN]
    _assert_revisions_by(tracked)


LEGAL_ACCEPTED = [
    "Draft Proposal", "has the meaning given to that expression in Section D1.2 (Modifications).",
    "Alternative Solution", "has the meaning given to that expression in Section D6.16 (Alternative Solutions).",
    "Modification Proposal", "is the term applied to a Draft Proposal once the Panel has agreed it should progress.",
    "Duties and Powers", "C2.3 Without prejudice to its other duties, the Panel shall:",
    "(b) oversee and co-ordinate the process for assessing Draft Proposals and Modification Proposals;",
    "(c) establish a process by which the following matters are dealt with:",
    "(i) identification of each Draft Proposal that may affect the Code; and",
    "and the Code Administrator shall comply with that process.",
    "C2.4 The Panel shall meet monthly.",
    "C2.5 The Panel shall not delegate the functions set out in Section C2.3.",
    'C2.6 The Panel may consult <script>alert("x")</script> & others.',
    "C2.7 The Panel shall publish its decisions.",
]
LEGAL_REJECTED = [
    "Alternative Solution", "has the meaning given to that expression in Section D6.13 (Alternative Solutions).",
    "Modification Proposal", "has the meaning given to that expression in Section D1.2 (Modifications).",
    "Old Term", "means a term that this modification removes.",
    "Duties and Powers", "C2.3 Without prejudice to its other duties, the Panel shall:",
    "(b) oversee and co-ordinate the process for assessing Modification Proposals;",
    "(c) establish a process by which the following matters are dealt with:",
    "(i) identification of each Modification Proposal that may affect the Code; and",
    "and the Code Administrator shall comply with such process.",
    "C2.4 The Panel shall not delegate the functions set out in Section C2.3.",
    'C2.5 The Panel may consult <script>alert("x")</script> & others.',
    "C2.6 The Panel shall publish its decisions.",
    "C3.2 A member may resign.",
]
INSTRUCTIONS = [
    "Add the following new definitions into Section A1.1 in alphabetical order:",
    "Amend the following definitions in Section A1.1 as follows:",
    "Delete the following definitions from Section A1.1:",
    "Amend Section C2.3 as follows:",
    "Insert new Section C2.4 as follows:",
    "Amend Sections C2.4 to C2.6 (renumbered as Sections C2.5 to C2.7) as follows:",
    "Delete Section C3.2",
]


@pytest.mark.libreoffice
def test_legal_text_round_trip(outputs: Path, tmp_path: Path) -> None:
    tracked = round_trip(outputs / "legal-text.docx", tmp_path / "lo")
    (summary, accepted), (_, rejected) = split_summary(tracked.accepted(), 1), split_summary(tracked.rejected(), 1)
    assert summary[1] == "Modification: SECMP9999 ‘Test <b>&</b>’"
    title = "Draft legal text: SECMP9999 ‘Test <b>&</b>’"
    assert accepted[0] == rejected[0] == title
    assert [p for p in accepted if p in INSTRUCTIONS] == INSTRUCTIONS
    assert [p for p in rejected if p in INSTRUCTIONS] == INSTRUCTIONS
    assert accepted.count("[...]") == rejected.count("[...]") == 3

    def content(paragraphs: list[str]) -> list[str]:
        return [p for p in paragraphs[1:] if p not in INSTRUCTIONS and p != "[...]"]

    assert content(accepted) == LEGAL_ACCEPTED
    assert content(rejected) == LEGAL_REJECTED
    _assert_revisions_by(tracked)


@pytest.mark.libreoffice
def test_a_heading_added_or_removed_is_a_whole_paragraph_revision(tmp_path: Path) -> None:
    """A heading given to a clause that had none, or taken from one, had its words tracked but not
    its paragraph mark: LibreOffice left an empty paragraph in the middle of the body after
    rejecting (or accepting) every change (SYNTHETIC clauses in the SEC's style)."""
    from libreoffice import lo_views

    out = _applied_to_section_c(
        tmp_path, "C1 THE PANEL\nEstablishment\nC1.1 The Panel is established.\nC1.2 The Panel shall meet.\n"
        "C1.3 The Panel shall report.\n", 'kind = "amend"\nunit = "C1.1"\nheading = ""\n\n[[instruction]]\n'
        'kind = "amend"\nunit = "C1.2"\nheading = "Meetings"\n')
    body = docx.Document(str(out / "redline.docx")).element.body
    marks = {"".join(t.text for t in p.iter(qn("w:t"), qn("w:delText"))): [
        c.tag for c in p.findall(f"{qn('w:pPr')}/{qn('w:rPr')}/*")] for p in body.iter(qn("w:p"))}
    assert marks["Establishment"] == [qn("w:del")] and marks["Meetings"] == [qn("w:ins")]
    accepted, rejected = (view for view, _ in lo_views(out / "redline.docx", [{"Probe": "accept"},
                                                                              {"Probe": "reject"}]))
    for view, heading in ((accepted, "Meetings"), (rejected, "Establishment")):
        texts = [text for _, text in view]
        first = texts.index("C1 THE PANEL")
        assert "" not in texts[first:], texts
        assert heading in texts


def test_the_legal_text_amends_a_renumbered_unit_by_its_old_number(tmp_path: Path) -> None:
    """"Amend Section C1.3A as follows:" named a unit the version amended does not have (its new
    number is shown in its text, [-C1.3][+C1.3A]); likewise a renumbered Part's heading."""
    out = _applied_to_section_c(
        tmp_path, "C1 THE PANEL\nC1.1 The Panel is established.\nC1.3 The Panel shall meet.\nC2 THE SECRETARIAT\n"
        "C2.1 The Secretariat shall act.\n", 'kind = "renumber"\nunit = "C1.3"\nto = "C1.3A"\n\n'
        '[[instruction]]\nkind = "renumber"\nunit = "C2"\nto = "C3"\n')
    lines = [p.text for p in docx.Document(str(out / "legal-text.docx")).paragraphs if p.text.startswith("Amend")]
    assert "Amend Section C1.3 (renumbered as Section C1.3A) as follows:" in lines
    assert "Amend the heading of Section C2 as follows:" in lines


def _applied_to_section_c(tmp_path: Path, lines: str, instructions: str) -> Path:
    """``apply`` of a synthetic rules file (its first ``[[instruction]]`` table's body given) to a
    Section C of ``lines``, by author Probe; the output folder."""
    from click.testing import CliRunner

    from redline.cli import main

    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "section-C.txt").write_text(f"SECTION C: GOVERNANCE\n{lines}", encoding="utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text('[modification]\nid = "SECMP9201"\ntitle = "t"\nbaseline = "test"\nauthor = "Probe"\n'
                     f'date = "2024-01-01T00:00:00Z"\n\n[[instruction]]\n{instructions}', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(rules), "--base", str(tmp_path / "base"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.libreoffice
def test_a_redline_ending_with_an_inserted_clause_leaves_no_empty_paragraph(tmp_path: Path) -> None:
    """The body's last paragraph, inserted, had its own mark marked new: LibreOffice cannot remove a
    body's final mark, so rejecting everything left an empty paragraph at the end. As Word writes
    it, the mark of the paragraph before is the inserted one (SYNTHETIC clauses)."""
    from libreoffice import lo_views

    out = _applied_to_section_c(tmp_path, "C1 THE PANEL\nC1.1 The Panel is established.\nC1.2 The Panel shall meet.\n",
                                'kind = "insert"\nunit = "C1.3"\nafter = "C1.2"\ntext = "The Panel shall report."\n')
    accepted, rejected = (view for view, _ in lo_views(out / "redline.docx", [{"Probe": "accept"},
                                                                              {"Probe": "reject"}]))
    for view, last in ((accepted, "C1.3 The Panel shall report."), (rejected, "C1 THE PANEL")):
        texts = [" ".join(text.split()) for _, text in view]
        assert texts[-1] == last, texts
        assert "" not in texts[texts.index("SECTION C: GOVERNANCE"):], texts


_MOVE_LAST = ('kind = "move"\nunit = "C1.4"\nto = "C1.2"\nbefore = "C1.3"\n\n[[instruction]]\n'
              'kind = "amend"\nunit = "C1.3"\nreplace = [{find = "meet", with = "meet monthly"}]\n')


@pytest.mark.libreoffice
@pytest.mark.parametrize("instruction", ['kind = "delete"\nunit = "C1.4"\n', _MOVE_LAST], ids=["deleted", "moved"])
def test_a_redline_ending_with_a_deleted_or_moved_clause_leaves_no_empty_paragraph(tmp_path: Path,
                                                                                   instruction: str) -> None:
    """The body's last paragraph, deleted (or moved away), had its own mark deleted: accepting
    everything left an empty paragraph at the end. As Word writes it, the mark of the paragraph
    before is the deleted one, and the final mark takes that paragraph's properties (SYNTHETIC)."""
    from libreoffice import lo_views

    out = _applied_to_section_c(tmp_path, "C1 THE PANEL\nC1.1 The Panel is established.\nC1.3 The Panel shall meet.\n"
                                "C1.4 The Panel shall report.\n", instruction)
    for name in ("redline.docx", "legal-text.docx"):
        accepted, rejected = (view for view, _ in lo_views(out / name, [{"Probe": "accept"}, {"Probe": "reject"}]))
        for view in (accepted, rejected):
            texts = [" ".join(text.split()) for _, text in view]
            assert texts[-1], (name, texts)
        assert [" ".join(t.split()) for _, t in rejected][-1].endswith("The Panel shall report."), name


@pytest.mark.libreoffice
@pytest.mark.parametrize(("new", "after"), [("C1.3A", "C1.3"), ("C1.5", "C1.4")], ids=["before", "after"])
def test_a_redline_ending_with_a_clause_inserted_beside_a_deleted_one_leaves_no_empty_paragraph(
        tmp_path: Path, new: str, after: str) -> None:
    """The body ends with a clause inserted and then the clause deleted after it (or the other way
    round): the final paragraph mark, which no revision can remove, had been the last clause's, so
    accepting (or rejecting) everything left an empty paragraph at the end (SYNTHETIC clauses)."""
    from libreoffice import lo_views

    out = _applied_to_section_c(tmp_path, "C1 THE PANEL\nC1.1 The Panel is established.\nC1.3 The Panel shall meet.\n"
                                "C1.4 The Panel shall report.\n",
                                f'kind = "insert"\nunit = "{new}"\nafter = "{after}"\ntext = "The Panel shall '
                                'publish."\n\n[[instruction]]\nkind = "delete"\nunit = "C1.4"\n')
    ends = {"redline.docx": (f"{new} The Panel shall publish.", "C1.4 The Panel shall report."),
            "legal-text.docx": ("Delete Section C1.4", "C1.4 The Panel shall report.")}  # in instruction order
    for name, lasts in ends.items():
        views = (view for view, _ in lo_views(out / name, [{"Probe": "accept"}, {"Probe": "reject"}]))
        for view, last in zip(views, lasts, strict=True):
            texts = [" ".join(text.split()) for _, text in view]
            body = texts[next(i for i, t in enumerate(texts) if t.startswith("Not applied")) + 1:]
            assert body[-1] == last and "" not in body, (name, body)
