"""The .docx outputs: the same bytes from the same input, core properties from the modification, redline's
own A4 template."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import RULES
from docx.shared import Cm

from redline.amend.rules import load_rules
from redline.cli import main
from redline.emit.package import TEMPLATE, fixed_zip

DOCX = ("redline.docx", "legal-text.docx")


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> tuple[Path, Path]:
    outs = []
    for name in ("one", "two"):
        out = tmp_path_factory.mktemp(name) / "out"
        result = CliRunner().invoke(main, ["apply", str(RULES / "SECMP0049.toml"), "--out", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(out)
    return outs[0], outs[1]


@pytest.mark.parametrize("name", DOCX)
def test_two_identical_runs_give_byte_identical_docx(two_runs, name: str) -> None:
    one, two = two_runs
    assert (one / name).read_bytes() == (two / name).read_bytes()


def test_every_output_is_byte_identical_between_two_runs(two_runs) -> None:
    one, two = two_runs
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert len(files) > 10
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert [f for f in files if (one / f).read_bytes() != (two / f).read_bytes()] == []


@pytest.mark.parametrize("name", DOCX)
def test_zip_members_are_dated_from_the_rules_in_a_fixed_order(two_runs, name: str) -> None:
    with zipfile.ZipFile(two_runs[0] / name) as package:
        infos = package.infolist()
    assert {i.date_time for i in infos} == {(2018, 10, 5, 0, 0, 0)}  # SECMP0049's date = "2018-10-05T00:00:00Z"
    names = [i.filename for i in infos]
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"] and names[2:] == sorted(names[2:])


def test_fixed_zip_depends_only_on_content(tmp_path: Path) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    for path, order in ((first, ["word/document.xml", "[Content_Types].xml"]),
                        (second, ["[Content_Types].xml", "word/document.xml"])):
        with zipfile.ZipFile(path, "w") as package:
            for member in order:
                package.writestr(member, f"<{member}/>")  # stamped with the clock, in two orders
    assert first.read_bytes() != second.read_bytes()
    assert fixed_zip(first.read_bytes(), "2018-10-05T00:00:00Z") == fixed_zip(second.read_bytes(),
                                                                              "2018-10-05T00:00:00Z")
    assert fixed_zip(first.read_bytes(), "2018-10-05T00:00:00Z") != fixed_zip(first.read_bytes(),
                                                                              "2018-10-06T00:00:00Z")


@pytest.mark.parametrize("name", DOCX)
def test_core_properties_come_from_the_modification(two_runs, name: str) -> None:
    core = docx.Document(str(two_runs[0] / name)).core_properties
    assert core.author == "redline" and core.last_modified_by == "redline"
    assert core.subject == "SECMP0049"
    assert core.title == load_rules(RULES / "SECMP0049.toml").title
    assert core.created.isoformat().startswith("2018-10-05") and core.modified == core.created


@pytest.mark.parametrize("path", [TEMPLATE, "redline.docx", "legal-text.docx"])
def test_a4_paper_uk_styles_and_no_python_docx_metadata(two_runs, path) -> None:
    path = two_runs[0] / path if isinstance(path, str) else path
    document = docx.Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert all(abs(getattr(section, m) - Cm(2.54)) < Cm(0.01)
               for m in ("left_margin", "right_margin", "top_margin", "bottom_margin"))
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        assert style.font.name == "Arial" and style.font.color.rgb in (None, docx.shared.RGBColor(0, 0, 0))
    with zipfile.ZipFile(path) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    assert b"python-docx" not in parts["docProps/core.xml"] and b"2013" not in parts["docProps/core.xml"]
    assert b"Macintosh" not in parts["docProps/app.xml"] and "docProps/thumbnail.jpeg" not in parts
    assert b'w:lang w:val="en-GB"' in parts["word/styles.xml"] and b"Cambria" not in parts["word/styles.xml"]
    assert b'<w:zoom w:percent="100"/>' in parts["word/settings.xml"]


def test_the_template_is_package_data() -> None:
    pyproject = (RULES.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"redline.emit" = ["sec-template.docx"]' in pyproject and TEMPLATE.is_file()


PDF_TAIL = (b"/CreationDate(D:20261201105309Z')>>\nendobj\nxref\ntrailer\n<</Size 56/Root 54 0 R\n/Info 55 0 R\n"
            b"/ID [ <7BC754FDD38F5CC2A5226AAAA2423505>\n<7BC754FDD38F5CC2A5226AAAA2423505> ]\n"
            b"/DocChecksum /72DB254B7E4BA7804C2AE28D8B9B625E\n>>\nstartxref\n")


def test_fixed_pdf_replaces_the_clock_and_keeps_every_length() -> None:
    from redline.emit.pdf import fixed_pdf

    fixed = fixed_pdf(b"%PDF-1.6 synthetic\n" + PDF_TAIL, "2018-10-05T09:30:00Z", b"the printed docx")
    assert len(fixed) == len(PDF_TAIL) + len(b"%PDF-1.6 synthetic\n")
    assert b"/CreationDate(D:20181005093000Z')" in fixed and b"2026" not in fixed
    assert b"7BC754FD" not in fixed and b"72DB254B" not in fixed
    assert fixed == fixed_pdf(fixed, "2018-10-05T09:30:00Z", b"the printed docx")
    assert fixed != fixed_pdf(fixed, "2018-10-05T09:30:00Z", b"another docx")


@pytest.mark.libreoffice
def test_two_identical_pdf_runs_give_byte_identical_pdf(tmp_path: Path) -> None:
    from libreoffice import require_soffice

    require_soffice()
    pdfs = []
    for name in ("one", "two"):
        out = tmp_path / name
        result = CliRunner().invoke(main, ["--quiet", "apply", str(RULES / "SECMP0049.toml"), "--pdf", "--out",
                                           str(out)])
        assert result.exit_code == 0, result.output
        pdfs.append((out / "redline.pdf").read_bytes())
    assert pdfs[0] == pdfs[1] and b"/CreationDate(D:20181005000000Z')" in pdfs[0]
