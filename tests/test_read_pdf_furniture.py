"""The PDF reader's page furniture and page joins, on layouts LibreOffice prints.

Running headers and footers outside the 50pt band (a two-line Word footer; an ODF layout's header
and footer inside the margin) are furniture, never clause words; a classification footer is a line
of its own; a header at a page's foot keeps its own words; a list's tail on the next page stays
the clause's tail; footnotes stay out of the clauses.  A line repeated by chance is the Code's.

Every document here is synthetic: SEC-style wording written for these tests (not SEC text),
laid out as a .docx (python-docx, Word page setup) or a flat ODF text (.fodt), printed to PDF by
``soffice --convert-to pdf``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from builders import build_docx, paragraphs
from conftest import signature
from conservation import imbalance, pdf_words
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt
from libreoffice import to_pdf
from reportlab.pdfgen import canvas

from redline.models import Version
from redline.read import read_version

pytestmark = pytest.mark.libreoffice

_FIELDS = {"{P}": "PAGE", "{N}": "NUMPAGES"}
_SENTENCE = ("the Panel shall consider each report that the Code Administrator prepares under this Section "
             "and shall publish its decision, with the reasons for it, on the Website within the period "
             "that the Panel determines for that report")


def _synthetic_text() -> str:
    """A synthetic SEC-style Section (not SEC text): three Parts of long clauses, some with a list
    whose last item ends with a comma before the clause's tail, so that pages break inside
    paragraphs."""
    lines = ["# Provenance: synthetic SEC-style text for the PDF furniture tests (not SEC text).",
             "SECTION C: GOVERNANCE"]
    for part, title in ((1, "THE PANEL"), (2, "PANEL MEMBERS"), (3, "PANEL PROCEEDINGS")):
        lines.append(f"C{part} {title}")
        for clause in range(1, 7):
            if clause % 3 == 2:
                lines += [f"C{part}.{clause} Without prejudice to Section C{part}.1, the Panel shall:",
                          f"(a) establish a process by which {_SENTENCE};",
                          f"(b) review that process each year, where {_SENTENCE},",
                          "and the Code Administrator shall comply with such process."]
            else:
                lines.append(f"C{part}.{clause} Subject to Section C{part}.{clause - 1 or 1}, {_SENTENCE}, "
                             f"and {_SENTENCE}.")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def version(tmp_path_factory: pytest.TempPathFactory) -> Version:
    path = tmp_path_factory.mktemp("text") / "section-c.txt"
    path.write_text(_synthetic_text(), encoding="utf-8")
    return read_version([path])


# --- a Word layout: A4, 2.54 cm margins, header and footer 1.25 cm from the edge ---------------

def _word_lines(container: docx.section._Header, lines: tuple[str, ...]) -> None:
    """Header or footer lines in 9pt; "{P}" and "{N}" are PAGE and NUMPAGES fields."""
    for i, line in enumerate(lines):
        paragraph = container.paragraphs[0].clear() if i == 0 else container.add_paragraph()
        for token in re.split(r"(\{[PN]\})", line):
            if token in _FIELDS:
                for xml in ('<w:fldChar w:fldCharType="begin"/>',
                            f'<w:instrText xml:space="preserve"> {_FIELDS[token]} </w:instrText>',
                            '<w:fldChar w:fldCharType="separate"/>', "<w:t>1</w:t>",
                            '<w:fldChar w:fldCharType="end"/>'):
                    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}>{xml}</w:r>'))
            elif token:
                paragraph.add_run(token)
        for run in paragraph.runs:
            run.font.size = Pt(9)


def _word_pdf(version: Version, path: Path, header: tuple[str, ...], footer: tuple[str, ...]) -> Path:
    build_docx(version, path)
    document = docx.Document(str(path))
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for margin in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, margin, Cm(2.54))
    section.header_distance = section.footer_distance = Cm(1.25)
    _word_lines(section.header, header)
    _word_lines(section.footer, footer)
    document.save(str(path))
    return to_pdf(path, path.parent)


# --- an ODF layout: the header and footer stand inside the 2.54 cm margins ----------------------

_ODF_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'"/>
</office:font-face-decls>
<office:styles><style:default-style style:family="paragraph">
 <style:paragraph-properties fo:margin-bottom="0.2cm"/>
 <style:text-properties style:font-name="Liberation Sans" fo:font-size="11pt" fo:language="en" fo:country="GB"/>
</style:default-style></office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
  fo:margin-top="2.54cm" fo:margin-bottom="2.54cm" fo:margin-left="2.54cm" fo:margin-right="2.54cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.5cm"/>
  </style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.5cm"/>
  </style:footer-style>
 </style:page-layout>
 <style:style style:name="Small" style:family="paragraph"><style:text-properties fo:font-size="9pt"/></style:style>
{styles}
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">{furniture}
</style:master-page></office:master-styles>
<office:body><office:text>
"""
_NEW_PAGE = '<style:paragraph-properties fo:break-before="page"'
_ODF_FIELDS = {"{P}": '<text:page-number text:select-page="current">1</text:page-number>',
               "{N}": "<text:page-count>1</text:page-count>"}


def _odf_style(style: str, depth: int) -> str:
    """The paragraph and text properties of a paragraph of ``paragraphs(version)``."""
    bold = '<style:text-properties fo:font-weight="bold"{size}/>'
    if style in ("section", "part"):  # one font for both: only the header itself can end its paragraph
        return '<style:paragraph-properties fo:margin-top="0.3cm"/>' + bold.format(size=' fo:font-size="12pt"')
    if style == "heading":
        return '<style:paragraph-properties fo:margin-top="0.3cm"/>' + bold.format(size="")
    left, hang = {"clause": (1.5, 1.5), "list": (2.5 + depth, 1.0), "tail": (2.5 + depth, 0.0)}[style]
    return (f'<style:paragraph-properties fo:margin-left="{left}cm" fo:text-indent="-{hang}cm" fo:text-align="justify">'
            '<style:tab-stops><style:tab-stop style:position="0cm"/></style:tab-stops></style:paragraph-properties>')


def _odf_pdf(version: Version, path: Path, header: tuple[str, ...] = (), footer: tuple[str, ...] = (),
             break_before: tuple[str, ...] = (), break_inside: str = "",
             footnote: tuple[str, str] | None = None) -> Path:
    """``version`` as a flat ODF text printed to PDF: a page break before the first paragraph
    opening with each of ``break_before``, and inside the first holding ``break_inside``, before
    their last use in it (the rest goes on at the paragraph's indentation, as a paragraph broken by a page
    does); ``footnote`` (words, a note) marks their first use."""
    styles: dict[str, str] = {}
    body, pending = [], list(break_before)

    def paragraph(props: str, text: str, new_page: bool = False) -> None:
        if new_page:
            props = props.replace("<style:paragraph-properties", _NEW_PAGE, 1)
        name = styles.setdefault(props, f"P{len(styles) + 1}")
        body.append(f'<text:p text:style-name="{name}">{text.replace(chr(9), "<text:tab/>")}</text:p>')

    for para in paragraphs(version):
        props = _odf_style(para.style, para.depth)
        text = html.escape(f"{para.number}\t{para.text}" if para.number else para.text, quote=False)
        if footnote and footnote[0] in text:
            note = (f'<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body>'
                    f'<text:p text:style-name="Small">{html.escape(footnote[1], quote=False)}</text:p>'
                    "</text:note-body></text:note>")
            text, footnote = text.replace(footnote[0], footnote[0] + note, 1), None
        opening = [b for b in pending if para.text.startswith(b) or f"{para.number} {para.text}".startswith(b)]
        if opening:
            pending.remove(opening[0])
        if break_inside and break_inside in text:
            first, rest = text.rsplit(break_inside, 1)
            paragraph(props, first.rstrip(), bool(opening))
            paragraph(re.sub(r'fo:text-indent="[^"]*"', 'fo:text-indent="0cm"', props), break_inside + rest, True)
            break_inside = ""
        else:
            paragraph(props, text, bool(opening))

    def lines(tag: str, texts: tuple[str, ...]) -> str:
        paras = "".join(f'<text:p text:style-name="Small">'
                        f'{"".join(_ODF_FIELDS.get(t, html.escape(t, quote=False)) for t in re.split(r"({[PN]})", x))}'
                        "</text:p>" for x in texts)
        return f"<style:{tag}>{paras}</style:{tag}>" if texts else ""

    head = _ODF_HEAD.format(
        styles="\n".join(f' <style:style style:name="{n}" style:family="paragraph">{p}</style:style>'
                         for p, n in styles.items()),
        furniture=lines("header", header) + lines("footer", footer))
    path.write_text(head + "\n".join(body) + "\n</office:text></office:body></office:document>\n", encoding="utf-8")
    return to_pdf(path, path.parent)


def _read(path: Path) -> Version:
    """The PDF read back, every word of it accounted for."""
    back = read_version([path])
    assert imbalance(pdf_words(path), back) == ({}, {})
    return back


def _dropped(back: Version) -> list[str]:
    return [text for _, text in back.report.dropped]


def _pages(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


# --- 1. running headers and footers outside the band ---------------------------------------------

@pytest.mark.parametrize("layout", ["word two-line footer", "odf header and footer inside the margin"])
def test_running_header_and_footer_outside_the_band_are_furniture(layout: str, version: Version,
                                                                  tmp_path: Path) -> None:
    """Found by the PDF probe: the footer ran into the clauses ("… to include any SEC Section L Page
    1 of 4 recommendation …"), inventing references to Section L, and a Part lost its heading."""
    if layout.startswith("word"):
        path = _word_pdf(version, tmp_path / "v.docx", ("Smart Energy Code",), ("SEC Section C", "Page {P} of {N}"))
        running = ["Smart Energy Code", "SEC Section C"]
    else:
        path = _odf_pdf(version, tmp_path / "v.fodt", ("SEC Section C",), ("Page {P} of {N}",))
        running = ["SEC Section C"]
    back = _read(path)
    pages = _pages(path)
    assert pages >= 3
    assert signature(back) == signature(version)
    dropped = _dropped(back)
    assert all(dropped.count(text) == pages for text in running)
    assert [t for t in dropped if t.startswith("Page")] == [f"Page {n} of {pages}" for n in range(1, pages + 1)]
    assert not any("SEC Section" in u.full_text() or "Page" in u.full_text() for u in back.units())


def test_a_second_header_line_does_not_open_the_section(version: Version, tmp_path: Path) -> None:
    """A two-line Word header: its second line ("Section C – Governance", outside the band) had
    opened the Section, and the real "SECTION C: GOVERNANCE" was demoted with a warning."""
    path = _word_pdf(version, tmp_path / "v.docx", ("Smart Energy Code", "Section C – Governance of the Code"),
                     ("Page {P} of {N}",))
    back = _read(path)
    assert signature(back) == signature(version)
    assert back.get("C").heading == "GOVERNANCE"
    assert not [f for f in back.report.findings if f.kind == "repeated-header"]


def _chance_pdf(path: Path, pages: int, repeated: str, on: tuple[int, ...]) -> Path:
    """Pages of numbered clauses (synthetic) with a "Page N of M" footer; on the pages ``on`` the
    last body line, in the outer part of the page but outside the band, is ``repeated`` at the
    same height."""
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    for page in range(1, pages + 1):
        pdf.setFont("Helvetica", 10)
        y = 780
        if page == 1:
            pdf.drawString(72, y, "SECTION C: GOVERNANCE")
            y -= 24
        for n in range(1, 4):
            pdf.drawString(72, y, f"C1.{3 * page + n - 3} The Panel shall meet as often as it decides, and at least")
            pdf.drawString(72, y - 12, "once in each year:")
            y -= 36
        pdf.drawString(72, 90, repeated if page in on else "(z) the Code Administrator.")
        pdf.drawString(280, 20, f"Page {page} of {pages}")
        pdf.showPage()
    pdf.save()
    return path


@pytest.mark.parametrize(("repeated", "pages", "on"), [
    ("(a) the Panel;", 2, (1, 2)),  # on every page, but a list item
    ("the Panel and the Code Administrator.", 4, (1, 3)),  # on half the pages only
])
def test_a_line_repeated_by_chance_in_the_outer_part_is_the_codes(repeated: str, pages: int, on: tuple[int, ...],
                                                                  tmp_path: Path) -> None:
    back = _read(_chance_pdf(tmp_path / "chance.pdf", pages, repeated, on))
    assert not any(repeated in text for text in _dropped(back))
    words = repeated.removeprefix("(a) ")
    assert sum(words in u.text for u in back.units()) == len(on)
    assert _dropped(back) == [f"Page {n} of {pages}" for n in range(1, pages + 1)]


# --- 2. a classification footer is a line of its own ---------------------------------------------

def test_a_classification_footer_never_joins_the_next_pages_first_line(version: Version, tmp_path: Path) -> None:
    """The footer "This document is classified as White" had joined the next page's first line,
    and the whole paragraph was dropped as furniture: the Code's words were lost."""
    path = _word_pdf(version, tmp_path / "v.docx", ("Smart Energy Code",),
                     ("This document is classified as White", "Page {P} of {N}"))
    back = _read(path)
    assert signature(back) == signature(version)
    pages = _pages(path)
    assert _dropped(back).count("This document is classified as White") == pages
    assert len(_dropped(back)) == 3 * pages  # header, classification and page number: no Code words


# --- 3. a header at the foot of a page ---------------------------------------------------------

@pytest.mark.parametrize(("before", "kind"), [("C1 THE PANEL", "Part after the Section header"),
                                               ("Panel Duties", "heading after the Part header")])
def test_a_header_at_the_foot_of_a_page_keeps_its_words(before: str, kind: str, tmp_path: Path) -> None:
    """A page break after "SECTION C: GOVERNANCE" (the Part header on the next page in the same
    font) or after "C1 THE PANEL" (a clause heading in another size): the header had taken the next
    page's first line ("GOVERNANCE C1 THE PANEL"), and that Part or clause lost its heading."""
    text = tmp_path / "c.txt"
    text.write_text("# Provenance: synthetic SEC-style text (not SEC text).\nSECTION C: GOVERNANCE\nC1 THE PANEL\n"
                    "Panel Duties\nC1.1 The Panel shall meet as often as it decides.\n"
                    "C1.2 The Panel shall publish its minutes.\n", encoding="utf-8")
    version = read_version([text])
    back = _read(_odf_pdf(version, tmp_path / "v.fodt", break_before=(before,)))
    assert signature(back) == signature(version), kind
    assert back.get("C").heading == "GOVERNANCE" and back.get("C1").heading == "THE PANEL"
    assert back.get("C1.1").heading == "Panel Duties"


def test_a_header_wrapped_over_a_page_break_is_one_header(tmp_path: Path) -> None:
    """The other side of the rule: the rest of a header's title in capitals, in its font, on the
    next page ("… AND DCC KEY" + "INFRASTRUCTURE") finishes the header."""
    text = tmp_path / "c.txt"
    text.write_text("# Provenance: synthetic SEC-style text (not SEC text).\n"
                    "SECTION L: SMART METERING KEY INFRASTRUCTURE AND DCC KEY INFRASTRUCTURE\n"
                    "L1 SMKI POLICY MANAGEMENT AUTHORITY\nL1.1 The SMKI PMA shall meet as often as it decides.\n",
                    encoding="utf-8")
    version = read_version([text])
    path = _odf_pdf(version, tmp_path / "v.fodt", break_inside="INFRASTRUCTURE")
    back = _read(path)
    assert _pages(path) == 2
    assert back.get("L").heading == "SMART METERING KEY INFRASTRUCTURE AND DCC KEY INFRASTRUCTURE"
    assert signature(back) == signature(version)


# --- 4. a list's tail on the next page -----------------------------------------------------------

def test_a_lists_tail_on_the_next_page_stays_the_clauses_tail(version: Version, tmp_path: Path) -> None:
    """"(b) … for that report," at a page's foot and "and the Code Administrator shall comply with
    such process." opening the next: the tail had been joined to the item, and the clause had none."""
    back = _read(_odf_pdf(version, tmp_path / "v.fodt", break_before=("and the Code Administrator",)))
    assert signature(back) == signature(version)
    assert back.get("C1.2").tail == "and the Code Administrator shall comply with such process."
    assert back.get("C1.2(b)").text.endswith("for that report,")


def test_an_items_own_words_after_its_comma_on_the_next_page_stay_the_items(tmp_path: Path) -> None:
    """The other side: words at the item's indentation continue the item ("… shall be made," +
    "and may in particular determine that:"), they are no tail."""
    text = tmp_path / "c.txt"
    text.write_text("# Provenance: synthetic SEC-style text (not SEC text).\nSECTION C: GOVERNANCE\nC1 THE PANEL\n"
                    "C1.1 Where the Panel decides that payments are due:\n(a) the Panel shall publish them;\n"
                    "(b) the Panel shall determine the dates on which those payments shall be made, "
                    "and may in particular determine that any of them is made late.\n", encoding="utf-8")
    version = read_version([text])
    path = _odf_pdf(version, tmp_path / "v.fodt", break_inside="and may in particular")
    back = _read(path)
    assert back.get("C1.1(b)").text.endswith("shall be made, and may in particular determine that any of them "
                                             "is made late.")
    assert not back.get("C1.1").tail


# --- 5. footnotes ----------------------------------------------------------------------------

def test_a_footnote_stays_out_of_the_clauses_and_is_reported(version: Version, tmp_path: Path) -> None:
    """A footnote (synthetic) on "publish its minutes": its text had joined the page's last clause
    and its mark stood in the text ("… minutes 1 …")."""
    note = "See also the Panel guidance on the publication of minutes."
    back = _read(_odf_pdf(version, tmp_path / "v.fodt", footer=("Page {P} of {N}",),
                          footnote=("each year, where", note)))
    assert signature(back) == signature(version)
    assert not any("guidance" in u.full_text() for u in back.units())
    assert f"1{note}" in _dropped(back) or f"1 {note}" in _dropped(back)
    assert [f for f in back.report.findings if f.kind == "footnote"]
