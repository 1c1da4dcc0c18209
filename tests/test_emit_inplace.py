"""In-place mode: tracked changes written into the user's own styled, auto-numbered .docx."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from emit_samples import AUTHOR, DATE, W, assert_well_formed_unique_ids, assert_word_boundaries, parts
from libreoffice import round_trip, same_date
from lxml import etree

from redline.emit.docx_inplace import ParagraphEdit, revise_docx_in_place
from redline.emit.meta import EmitMeta
from redline.emit.package import TEMPLATE
from redline.read.docx import body_paragraphs

META = EmitMeta(author=AUTHOR, date=DATE)
DEFINITION = "has the meaning given in Section D1.3 (Persons Entitled to Submit {} Proposals)."
EDITS = [
    ("The Panel shall oversee Modification Proposals under this Code.",
     "The Panel shall oversee Draft Proposals and Modification Proposals under this Code."),
    ("(a) to make determinations;", "(a) to make all determinations;"),  # "(a)" is automatic numbering
    (DEFINITION.format("Modification"), DEFINITION.format("Draft")),
]
UNCHANGED = ["SECTION C: GOVERNANCE", "This paragraph stays as it is.", "Proposer"]


def _user_document(path: Path) -> None:
    document = docx.Document(str(TEMPLATE))
    document.sections[0].header.paragraphs[0].text = "Smart Energy Code: Section C"
    document.add_heading("SECTION C: GOVERNANCE", 1)
    clause = document.add_paragraph(style="List Number")
    for text, bold, italic in (("The ", False, False), ("Panel", True, False), (" shall oversee ", False, False),
                               ("Modification Proposals", False, True), (" under this Code.", False, False)):
        run = clause.add_run(text)
        run.bold, run.italic = bold or None, italic or None
    document.add_paragraph("to make determinations;", style="List Number 2")
    kept = document.add_paragraph("This paragraph stays as it is.")
    bookmark = OxmlElement("w:bookmarkStart")
    bookmark.set(qn("w:id"), "9")
    bookmark.set(qn("w:name"), "kept")
    kept._p.insert(1, bookmark)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Proposer"
    table.cell(0, 1).text = DEFINITION.format("Modification")
    document.save(str(path))


def _edits(src: Path, pairs: list[tuple[str, str]]) -> list[ParagraphEdit]:
    """Each (old, new) pair as an edit of the first paragraph whose text ends with ``old``
    (less a leading "(a) ", Word's automatic numbering here)."""
    paragraphs = [" ".join("".join(t.text or "" for t in p.iter(qn("w:t"))).split())
                  for p in body_paragraphs(docx.Document(str(src)).element.body)]
    edits = []
    for old, new in pairs:
        old, new = old.removeprefix("(a) "), new.removeprefix("(a) ")
        line = next((i for i, text in enumerate(paragraphs, 1) if text.endswith(old)), 1)
        edits.append(ParagraphEdit(line, old, new, "C2.3"))
    return edits


@pytest.fixture()
def revised(tmp_path: Path) -> tuple[Path, Path]:
    src, dst = tmp_path / "section-c.docx", tmp_path / "section-c-revised.docx"
    _user_document(src)
    assert revise_docx_in_place(src, dst, _edits(src, EDITS), META) == []
    return src, dst


def _paragraphs(path: Path) -> list[bytes]:
    root = etree.fromstring(parts(path)["word/document.xml"])
    return [etree.tostring(p) for p in root.iter(f"{{{W}}}p")]


def test_only_revised_paragraphs_change(revised: tuple[Path, Path]) -> None:
    src, dst = revised
    before, after = parts(src), parts(dst)
    assert before.keys() == after.keys()
    assert {name for name in before if before[name] != after[name]} == {"word/document.xml", "word/settings.xml"}
    old, new = _paragraphs(src), _paragraphs(dst)
    assert len(old) == len(new)
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    assert len(changed) == len(EDITS)
    assert b"w:trackRevisions" in after["word/settings.xml"]


def test_runs_keep_their_formatting(revised: tuple[Path, Path]) -> None:
    _, dst = revised
    body = docx.Document(str(dst)).element.body
    clause = next(p for p in body.iter(qn("w:p")) if "Panel" in "".join(t.text for t in p.iter(qn("w:t"))))
    bold = [r for r in clause.iter(qn("w:r")) if r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None]
    assert ["".join(t.text for t in r.iter(qn("w:t"))) for r in bold] == ["Panel"]
    inserted = clause.find(f".//{qn('w:ins')}/{qn('w:r')}")
    assert "".join(t.text for t in inserted.iter(qn("w:t"))) == "Draft Proposals and "
    previous = inserted.getparent().getprevious()
    assert etree.tostring(inserted.find(qn("w:rPr"))) == etree.tostring(previous.find(qn("w:rPr")))
    assert clause.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "ListNumber"


def test_ids_unique_above_existing_and_words_whole(revised: tuple[Path, Path]) -> None:
    _, dst = revised
    assert_well_formed_unique_ids(dst)
    assert_word_boundaries(dst)
    root = etree.fromstring(parts(dst)["word/document.xml"])
    ids = [int(el.get(f"{{{W}}}id")) for el in root.iter(f"{{{W}}}ins", f"{{{W}}}del")]
    assert ids and min(ids) > 9


def test_a_paragraph_not_reading_as_expected_is_reported_and_left_alone(tmp_path: Path) -> None:
    _user_document(tmp_path / "in.docx")
    missed = revise_docx_in_place(tmp_path / "in.docx", tmp_path / "out.docx",
                                  [ParagraphEdit(2, "Not in it.", "New.", "C2.3")], META)
    assert len(missed) == 1 and missed[0][0] == "C2.3" and "in.docx:2" in missed[0][1]
    assert _paragraphs(tmp_path / "in.docx") == _paragraphs(tmp_path / "out.docx")


@pytest.mark.libreoffice
def test_in_place_round_trip(revised: tuple[Path, Path], tmp_path: Path) -> None:
    _, dst = revised
    tracked = round_trip(dst, tmp_path / "lo")
    olds = [old.removeprefix("(a) ") for old, _ in EDITS]
    news = [new.removeprefix("(a) ") for _, new in EDITS]
    assert tracked.accepted() == [UNCHANGED[0], *news[:2], UNCHANGED[1], UNCHANGED[2], news[2]]
    assert tracked.rejected() == [UNCHANGED[0], *olds[:2], UNCHANGED[1], UNCHANGED[2], olds[2]]
    assert tracked.revisions
    assert all(author == AUTHOR and same_date(date, DATE) for author, date in tracked.authors_dates())


@pytest.mark.libreoffice
@pytest.mark.parametrize("auto_numbering", [False, True])
def test_apply_writes_secmp0049_into_the_users_own_section_g(tmp_path: Path, auto_numbering: bool) -> None:
    from builders import build_docx
    from click.testing import CliRunner
    from conftest import BASE_DIR, EXPECTED_DIR, RULES, norm

    from redline.cli import main
    from redline.read import read_version

    section_g = build_docx(read_version([BASE_DIR / "section-G.txt"]), tmp_path / "section-G.docx",
                           auto_numbering=auto_numbering)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(RULES / "SECMP0049.toml"), "--out", str(out),
                                       "--base-docx", str(section_g)])
    assert result.exit_code == 0, result.output
    tracked = round_trip(out / "section-G-SECMP0049.docx", tmp_path / "lo")
    expected = read_version([EXPECTED_DIR / "section-G.txt"])
    base = read_version([BASE_DIR / "section-G.txt"])
    accepted, rejected = " ".join(tracked.accepted()), " ".join(tracked.rejected())
    for unit in expected.units():
        if unit.text:
            assert norm(unit.text) in norm(accepted), unit.id
    for unit in base.units():
        if unit.text:
            assert norm(unit.text) in norm(rejected), unit.id
    assert all(author == "SECAS" and same_date(date, "2018-10-05T00:00:00Z")
               for author, date in tracked.authors_dates())


def _comments(docx_path: Path) -> list[tuple[str, str, list[str]]]:
    """(id, author, paragraphs) of each comment in the document's comments part."""
    package = parts(docx_path)
    root = etree.fromstring(package["word/comments.xml"])
    return [(c.get(qn("w:id")), c.get(qn("w:author")), ["".join(p.itertext()) for p in c.iter(qn("w:p"))])
            for c in root.iter(qn("w:comment"))]


@pytest.fixture(scope="module")
def secmp0049_in_g(tmp_path_factory) -> Path:
    """SECMP0049 applied with the user's own Section G: the run leaves Section D's redraft and
    the D3.13 renumbering unapplied, which the copy itself must say."""
    from builders import build_docx
    from click.testing import CliRunner
    from conftest import BASE_DIR, RULES

    from redline.cli import main
    from redline.read import read_version

    tmp = tmp_path_factory.mktemp("comment")
    section_g = build_docx(read_version([BASE_DIR / "section-G.txt"]), tmp / "section-G.docx")
    result = CliRunner().invoke(main, ["apply", str(RULES / "SECMP0049.toml"), "--out", str(tmp / "out"),
                                       "--base-docx", str(section_g)])
    assert result.exit_code == 0, result.output
    return tmp / "out" / "section-G-SECMP0049.docx"


def test_the_copy_in_place_says_what_the_run_does_not_apply(secmp0049_in_g: Path) -> None:
    ((comment_id, author, lines),) = _comments(secmp0049_in_g)
    assert author == "SECAS" and lines[0] == "Not applied by redline (2), as every output of this run lists it:"
    assert lines[1].startswith("– D: external redraft: Please see the full Section D redlining")
    assert lines[2].startswith("– D3.13: blocked: depends on SECMP0034")
    root = etree.fromstring(parts(secmp0049_in_g)["word/document.xml"])
    first = next(root.iter(qn("w:p")))
    anchors = [el.tag for el in first if el.get(qn("w:id")) == comment_id] + \
              [el.tag for el in first.iter(qn("w:commentReference")) if el.get(qn("w:id")) == comment_id]
    assert anchors == [qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference")]
    assert_well_formed_unique_ids(secmp0049_in_g)
    package = parts(secmp0049_in_g)
    assert b"/word/comments.xml" in package["[Content_Types].xml"]
    assert b'Target="comments.xml"' in package["word/_rels/document.xml.rels"]


def test_a_comment_joins_the_comments_already_in_the_file(tmp_path: Path) -> None:
    from pending import Pending, add_pending

    from redline.emit.docx_inplace import with_comment

    _user_document(tmp_path / "in.docx")
    add_pending(tmp_path / "in.docx", [Pending("comment", "Alice", "This paragraph stays", "This", "Her note")])
    theirs = _comments(tmp_path / "in.docx")
    (tmp_path / "out.docx").write_bytes(with_comment((tmp_path / "in.docx").read_bytes(), ["Ours"], META))
    ours = _comments(tmp_path / "out.docx")
    assert ours[:-1] == theirs and ours[-1][1:] == (AUTHOR, ["Ours"])
    assert ours[-1][0] not in {i for i, _, _ in theirs}
    assert_well_formed_unique_ids(tmp_path / "out.docx")
    assert parts(tmp_path / "out.docx")["word/_rels/document.xml.rels"].count(b"relationships/comments") == 1


@pytest.mark.libreoffice
def test_libreoffice_reads_the_comment_of_what_is_not_applied(secmp0049_in_g: Path, tmp_path: Path) -> None:
    from libreoffice import DC, OFFICE, TEXT, to_fodt

    fodt = etree.parse(str(to_fodt(secmp0049_in_g, tmp_path / "lo"))).getroot()
    notes = [("".join(a.findtext(f"{{{DC}}}creator") or ""),
              [("".join(p.itertext())) for p in a.iter(f"{{{TEXT}}}p")]) for a in fodt.iter(f"{{{OFFICE}}}annotation")]
    assert [(author, lines[0]) for author, lines in notes] == [
        ("SECAS", "Not applied by redline (2), as every output of this run lists it:")]


def test_a_copy_of_a_run_that_applies_everything_has_no_comment(tmp_path: Path) -> None:
    from builders import build_docx
    from click.testing import CliRunner

    from redline.cli import main
    from redline.read import read_version

    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "section-C.txt").write_text(  # synthetic SEC-style text
        "SECTION C: GOVERNANCE\nC2 THE PANEL\nC2.1 The Panel shall meet.\nC2.2 The Panel may consult.\n",
        encoding="utf-8")
    (tmp_path / "ask.toml").write_text(
        '[modification]\nid = "SECMP9006"\ntitle = "Synthetic"\nbaseline = "test"\n\n'
        '[[instruction]]\nkind = "amend"\nunit = "C2.2"\nreplace = [{find = "consult", with = "ask"}]\n',
        encoding="utf-8")
    section_c = build_docx(read_version([tmp_path / "base"]), tmp_path / "section-C.docx")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(tmp_path / "ask.toml"), "--base", str(tmp_path / "base"),
                                       "--out", str(out), "--base-docx", str(section_c), "--date", "2018-10-05"])
    assert result.exit_code == 0, result.output
    assert "word/comments.xml" not in parts(out / "section-C-SECMP9006.docx")
