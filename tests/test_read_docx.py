"""The .docx reader: typed and Word-numbered documents read back to the text reader's tree;
untrusted archives are refused with one line."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from builders import build_docx
from conftest import BASE_DIR, expect_read_error, signature
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from redline.emit.package import TEMPLATE
from redline.models import ReadReport
from redline.read import read_version, safezip
from redline.read.docx import Numbering, format_value, paragraph_text, read_docx_file

FIXTURE = Path(__file__).parent / "fixtures" / "sample-section.txt"
SOURCES = [FIXTURE, *sorted(BASE_DIR.glob("*.txt"))] + ([BASE_DIR] if BASE_DIR.is_dir() else [])


def _id(path: Path) -> str:
    return path.name


@pytest.mark.parametrize("auto", [False, True], ids=["typed", "auto-numbered"])
@pytest.mark.parametrize("source", SOURCES, ids=_id)
def test_docx_reads_back_to_the_text_tree(source: Path, auto: bool, tmp_path: Path) -> None:
    version = read_version([source])
    path = build_docx(version, tmp_path / "v.docx", auto_numbering=auto)
    back = read_version([path])
    assert signature(back) == signature(version)
    assert not [f for f in back.report.findings if f.kind == "unplaced-text"]


def test_auto_numbered_docx_has_no_typed_numbers(tmp_path: Path) -> None:
    path = build_docx(read_version([FIXTURE]), tmp_path / "v.docx", auto_numbering=True)
    with zipfile.ZipFile(path) as archive:
        body = archive.read("word/document.xml").decode()
        numbering = archive.read("word/numbering.xml").decode()
    assert body.count("<w:numPr>") >= 15
    assert "(a)\t" not in body and "C2.3\t" not in body
    assert 'w:val="C%1.%2"' in numbering and "w:startOverride" in numbering


def test_headers_and_footers_are_dropped(tmp_path: Path) -> None:
    path = build_docx(read_version([FIXTURE]), tmp_path / "v.docx")
    report = ReadReport()
    texts = [b.text for b in read_docx_file(path, report)]
    dropped = [text for _, text in report.dropped]
    assert "Page 1 of 1" in dropped
    assert not any("Page 1 of 1" in t or "Smart Energy Code" in t for t in texts)


def test_definitions_table_rows_carry_terms(tmp_path: Path) -> None:
    path = build_docx(read_version([FIXTURE]), tmp_path / "v.docx")
    blocks = list(read_docx_file(path, ReadReport()))
    rows = [b for b in blocks if b.role == "definition"]
    assert [b.term for b in rows][:2] == ["Authority Determined Modification", "Draft Proposal"]
    assert [b.position.line for b in blocks] == sorted(b.position.line for b in blocks)


# --- Word numbering ---------------------------------------------------------------------------

_LEVELS = [("lowerLetter", "(%1)"), ("lowerRoman", "(%2)"), ("upperRoman", "%3."), ("upperLetter", "(%4)")]


def _numbering_xml(overrides: str = "") -> str:
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                     f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(_LEVELS))
    return (f'<w:numbering {nsdecls("w")}><w:abstractNum w:abstractNumId="1">{levels}</w:abstractNum>'
            f'<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
            f'<w:num w:numId="2"><w:abstractNumId w:val="1"/>{overrides}</w:num></w:numbering>')


def test_numbering_counts_per_level_and_resets_deeper_levels() -> None:
    numbering = Numbering(parse_xml(_numbering_xml()))
    shown = [numbering.next_number("1", ilvl) for ilvl in (0, 1, 1, 2, 0, 1, 3)]
    assert shown == ["(a)", "(i)", "(ii)", "I.", "(b)", "(i)", "(A)"]


def test_numbering_start_override_and_unknown_num() -> None:
    override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride>'
    numbering = Numbering(parse_xml(_numbering_xml(override)))
    assert [numbering.next_number("2", 0), numbering.next_number("2", 0)] == ["(d)", "(e)"]
    assert numbering.next_number("1", 0) == "(a)"  # counters are kept per numId
    assert numbering.next_number("9", 0) is None


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (3, "decimal", "3"), (27, "lowerLetter", "aa"), (4, "upperLetter", "D"),
    (9, "lowerRoman", "ix"), (14, "upperRoman", "XIV"),
])
def test_format_value(value: int, fmt: str, shown: str) -> None:
    assert format_value(value, fmt) == shown


def test_numbering_inherited_from_the_paragraph_style(tmp_path: Path) -> None:
    document = docx.Document(str(TEMPLATE))
    numbering = document.part.numbering_part.element
    for child in parse_xml(_numbering_xml()):
        numbering.append(child)
    style = document.styles.add_style("SEC List", 1)
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
    document.add_paragraph("SECTION C: GOVERNANCE", style="Heading 1")
    document.add_paragraph("Duties", style="Heading 3")
    document.add_paragraph("C2.3 The Panel shall:")
    document.add_paragraph("do one thing; and", style="SEC List")
    document.add_paragraph("do another thing.", style="SEC List")
    path = tmp_path / "styled.broken.docx"  # hand-assembled numbering, ids clashing with the template's
    document.save(str(path))
    version = read_version([path])
    assert [u.id for u in version.units()] == ["C", "C2", "C2.3", "C2.3(a)", "C2.3(b)"]
    assert version.get("C2.3").heading == "Duties"
    assert version.get("C2.3(b)").text == "do another thing."


def test_tracked_deletions_are_left_out_and_insertions_kept(tmp_path: Path) -> None:
    document = docx.Document(str(TEMPLATE))
    document.add_paragraph("SECTION C: GOVERNANCE")
    p = document.add_paragraph("C2.3 The Panel shall ")
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:delText>never </w:delText>'
                          f'</w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="x"><w:r><w:t>always act.</w:t></w:r>'
                          f'</w:ins>'))
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    assert read_version([path]).get("C2.3").text == "The Panel shall always act."


def test_text_boxes_read_in_document_order_and_deletions_left_out() -> None:
    p = parse_xml(f'<w:p {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml">'
                  '<w:r><w:t xml:space="preserve">Before </w:t><w:pict><v:shape>'
                  '<v:textbox><w:txbxContent><w:p><w:r><w:t xml:space="preserve">boxed </w:t></w:r>'
                  '<w:del w:id="1" w:author="x"><w:r><w:t>gone </w:t></w:r></w:del></w:p>'
                  '</w:txbxContent></v:textbox></v:shape></w:pict><w:t>after</w:t><w:tab/></w:r>'
                  '<w:moveFrom w:id="2" w:author="x"><w:r><w:t>moved</w:t></w:r></w:moveFrom></w:p>')
    assert paragraph_text(p) == "Before boxed after\t"
    plain = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
                      '<w:r><w:t>one</w:t><w:tab/><w:br/><w:noBreakHyphen/></w:r>'
                      '<w:hyperlink><w:r><w:t>two</w:t></w:r></w:hyperlink></w:p>')
    assert paragraph_text(plain) == paragraph_text(plain, deletions=False) == "one\t -two"


# --- untrusted archives -----------------------------------------------------------------------

def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.broken.docx"
    path.write_text("this is plain text, not a Word document")
    expect_read_error(path, "not a .docx (not a zip archive)")


def test_truncated_zip(tmp_path: Path) -> None:
    whole = build_docx(read_version([FIXTURE]), tmp_path / "whole.docx").read_bytes()
    path = tmp_path / "x.broken.docx"
    path.write_bytes(whole[: len(whole) // 2])
    expect_read_error(path, "truncated or damaged zip archive")


def test_zip_without_a_document(tmp_path: Path) -> None:
    path = tmp_path / "x.broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    expect_read_error(path, "not a .docx")


def test_zip_bomb_entry_is_refused_not_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "x.broken.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (20 * 2**20))
    assert path.stat().st_size < 100_000
    expect_read_error(path, "(zip bomb?)")


def test_total_uncompressed_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safezip, "MAX_TOTAL_BYTES", 2**20)
    path = tmp_path / "x.broken.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.bin", bytes(range(256)) * 5000)
    expect_read_error(path, "refused: uncompressed size exceeds 1 MB (zip bomb?)")


def test_entry_count_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safezip, "MAX_ENTRIES", 5)
    path = tmp_path / "x.broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(6):
            archive.writestr(f"f{n}.xml", "<a/>")
    expect_read_error(path, "more than 5 entries")


def test_path_climbing_entries_are_ignored(tmp_path: Path) -> None:
    version = read_version([FIXTURE])
    path = build_docx(version, tmp_path / "v.broken.docx")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("../../evil.txt", "escape")
        archive.writestr("/etc/evil.txt", "escape")
    back = read_version([path])
    assert signature(back) == signature(version)
    ignored = [f.message for f in back.report.findings if f.kind == "unsafe-zip-entry"]
    assert len(ignored) == 2 and "../../evil.txt" in ignored[0]


@pytest.mark.parametrize(("name", "climbs"), [
    ("word/document.xml", False), ("../x", True), ("/abs", True), ("a/../../x", True),
    ("C:/x", True), ("a\\..\\..\\x", True),
])
def test_climbs_out(name: str, climbs: bool) -> None:
    assert safezip.climbs_out(name) is climbs


# UTF-16 with a byte-order mark and without (the reader must not skip its check for "<" first), UTF-7
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-7"])
def test_a_doctype_in_a_utf16_or_utf7_part_is_refused(tmp_path: Path, codec: str) -> None:
    good = build_docx(read_version([FIXTURE]), tmp_path / "good.docx")
    bad = tmp_path / "utf16.broken.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/settings.xml":  # a part the reader never parses
                body = data.decode("utf-8").partition("?>")[2]
                declared = codec.upper()[:6]  # "UTF-16", "UTF-7"
                data = (f'<?xml version="1.0" encoding="{declared}"?><!DOCTYPE w:settings []>' + body).encode(codec)
            dst.writestr(info, data)
    expect_read_error(bad, "refused: part word/settings.xml " + ("is in an encoding" if codec == "utf-7" else
                                                                 "declares a DOCTYPE"))


def test_safe_archive_is_a_checked_copy(tmp_path: Path) -> None:
    path = build_docx(read_version([FIXTURE]), tmp_path / "v.broken.docx")
    with zipfile.ZipFile(path, "a") as original:
        original.writestr("../../evil.txt", "escape")
    archive = safezip.read_archive(path)
    with zipfile.ZipFile(path) as original:
        kept = {name: original.read(name) for name in original.namelist() if name != "../../evil.txt"}
    assert archive.entries == kept and archive.ignored == ["../../evil.txt"]


# --- the styles part, read style by style -------------------------------------------------------

_STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {nsdecls("w")}>'
           "<w:style w:type='paragraph' w:styleId='Base'><w:name w:val='SEC Base'/>"
           '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="4"/></w:numPr></w:pPr></w:style>'
           '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
           '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="Heading 1"/>'
           '<w:basedOn w:val="Base"/></w:style>'
           '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Heading1"/>'
           '</w:style><w:style w:type="character" w:styleId="Empty"/>'
           '<w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style></w:styles>')


def _chains(styles: object, ids: list[str]) -> list[tuple]:
    return [(c.names, c.contents, c.heading, [etree.tostring(n) for n in c.num_prs])
            for c in map(styles.chain, ids)]


@pytest.mark.parametrize("source", ["crafted", "template", "python-docx"])
def test_styles_read_style_by_style_give_what_the_whole_part_gives(source: str) -> None:
    """The styles part is no longer parsed whole; each style is parsed when a chain reaches it.
    A part with a comment is parsed whole: both give the same chains, for every style id."""
    from redline.read.docx.document import _DEFAULT_STYLES
    from redline.read.docx.styles import Styles

    if source == "crafted":
        data = _STYLES.encode()
    elif source == "template":
        with zipfile.ZipFile(TEMPLATE) as archive:
            data = archive.read("word/styles.xml")
    else:
        data = _DEFAULT_STYLES.read_bytes()
    ids = [i.decode() for i in re.findall(rb'w:styleId=["\']([^"\']*)', data)] + ["Missing", None]
    scanned = Styles(data)
    start = re.search(rb"<w:styles[^>]*>", data).end()
    whole = Styles(data[:start] + b"<!-- parsed whole -->" + data[start:])
    assert scanned._spans and not whole._spans  # the scan was used, and declined
    assert _chains(scanned, ids) == _chains(whole, ids)
    if source == "crafted":
        chain = scanned.chain("TOC1")
        assert (chain.names, chain.contents, chain.heading) == (("toc 1", "Heading 1", "SEC Base"), True, False)


@pytest.mark.parametrize("change", [
    (b'styleId="Loop"', b'styleId="L&#111;op"'), (b'styleId="Loop"', b'styleId="Lo\top"'),
    (b'encoding="UTF-8"', b'encoding="ISO-8859-1"'), (b"<w:style ", b"<?pi x?><w:style "),
    (b"<w:styles ", b'<w:styles xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '),
], ids=["reference", "tab", "encoding", "instruction", "prefix"])
def test_a_styles_part_the_scan_cannot_read_exactly_is_parsed_whole(change: tuple[bytes, bytes]) -> None:
    from redline.read.docx.styles import Styles

    styles = Styles(_STYLES.encode().replace(*change, 1))
    assert not styles._spans and styles.chain("TOC1").names[:2] == ("toc 1", "Heading 1")


def test_a_broken_style_is_a_one_line_error_when_a_paragraph_uses_it(tmp_path: Path) -> None:
    document = docx.Document(str(TEMPLATE))
    document.add_paragraph("SECTION C: GOVERNANCE", style="Heading 1")
    document.add_paragraph("C1.1 The Panel shall meet.")
    good = tmp_path / "good.docx"
    document.save(str(good))
    bad = tmp_path / "style.broken.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/styles.xml":
                data = re.sub(rb'(<w:style [^>]*w:styleId="Heading1"[^>]*>)', rb"\1<w:name>", data)
            dst.writestr(info, data)
    expect_read_error(bad, "not a .docx (the styles part, style 'Heading1': ")
