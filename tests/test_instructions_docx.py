"""`redline instructions` on .docx with tracked changes: a hand-built document and the round trip
through the ``legal-text.docx`` that `redline apply` writes (redline.emit.legal_text)."""

from __future__ import annotations

import itertools

import docx
from conftest import DELIBERATELY_BROKEN, RULES, norm, signature
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from redline.amend.engine import apply_modification
from redline.amend.rules import load_rules
from redline.emit import legal_text
from redline.emit.meta import EmitMeta
from redline.emit.package import TEMPLATE
from redline.emit.pairs import direct_changes, pair_versions
from redline.instructions import read_instructions
from redline.instructions.to_rules import to_toml
from redline.models import Version

_REV = 'w:author="Drafter" w:date="2018-10-05T00:00:00Z"'


def _run(text: str, deleted: bool = False) -> str:
    tag = "w:delText" if deleted else "w:t"
    return f'<w:r><{tag} xml:space="preserve">{text}</{tag}></w:r>'


def _paragraph(document: docx.document.Document, *pieces: str) -> None:
    """A paragraph of raw runs and revisions, added in body order (before the section properties)."""
    p = document.add_paragraph()._p
    for child in parse_xml(f"<w:p {nsdecls('w')}>{''.join(pieces)}</w:p>"):
        p.append(child)


def _tracked_document(path) -> None:
    """Three instructions, their revisions in raw w:ins / w:del XML."""
    document = docx.Document(str(TEMPLATE))
    _paragraph(document, _run("Amend Section C2.3 as follows:"))
    _paragraph(document, _run("C2.3\tWithout prejudice to any other tasks, duties or obligations imposed on the "
                              "Panel in this Code, the Panel shall, subject to and in accordance with the other "
                              "provisions of this Code:"))
    _paragraph(document, _run("[...]"))
    _paragraph(document, _run("(d)\toversee and co-ordinate the process for assessing "),
               f'<w:ins w:id="1" {_REV}>{_run("Draft Proposals and ")}</w:ins>',
               _run("Modification Proposals, and implement successful "),
               f'<w:del w:id="2" {_REV}>{_run("Modification", deleted=True)}</w:del>',
               f'<w:ins w:id="3" {_REV}>{_run("Approved")}</w:ins>',
               _run(" Proposals, each as set out in Section D (Modification Process);"))
    _paragraph(document, _run("[...]"))
    _paragraph(document, _run("Add the following new definitions into Section A1.1 in alphabetical order:"))
    table = document.add_table(rows=1, cols=2)
    row = table.rows[0]._tr
    row.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:ins w:id="4" {_REV}/></w:trPr>'))
    for number, cell, text in zip((5, 6), table.rows[0].cells, ("Draft Proposal", "has the meaning given to that "
                                  "expression in Section D1.2 (Modifications)."), strict=True):
        p = cell.paragraphs[0]._p
        p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="{number}" {_REV}>{_run(text)}</w:ins>'))
    _paragraph(document, _run("Delete Section L1.12(c)"))
    document.save(path)


def test_a_hand_built_tracked_docx_gives_exactly_its_edits(tmp_path, base):
    path = tmp_path / "legal.docx"
    _tracked_document(path)
    draft = read_instructions(path, base)
    assert draft.meta["author"] == "Drafter" and draft.meta["date"] == "2018-10-05T00:00:00Z"
    assert [i.severity for i in draft.issues if i.severity == "unresolved"] == []
    amend = next(i for i in draft.instructions if i["kind"] == "amend")
    assert amend["unit"] == "C2.3(d)" and amend["source"].startswith("para 4")
    assert [i["kind"] for i in draft.instructions] == ["amend", "add_definition", "delete"]
    draft.meta["baseline"] = "5.18"
    rules = tmp_path / "rules.toml"
    rules.write_text(to_toml(draft, "hand-built"), encoding="utf-8")
    amended = apply_modification(base, load_rules(rules)).version
    assert norm(amended.get("C2.3(d)").text) == (
        "oversee and co-ordinate the process for assessing Draft Proposals and Modification Proposals, and "
        "implement successful Approved Proposals, each as set out in Section D (Modification Process);")
    assert amended.get("A1.1:Draft Proposal").text.endswith("Section D1.2 (Modifications).")
    assert amended.get("L1.12(c)") is None
    before = {row[0]: row for row in signature(base)}
    after = {row[0]: row for row in signature(amended)}
    assert {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)} == {
        "C2.3(d)", "A1.1:Draft Proposal", "L1.12(c)"}


def _legal_text(base: Version, amended: Version) -> bytes:
    """legal-text.docx as `redline apply` writes it."""
    meta = EmitMeta(author="SECAS", date="2018-10-05T00:00:00Z", modification="SECMP0049", title="Draft legal text")
    return legal_text.render(base, amended, direct_changes(pair_versions(base, amended)), meta)


def test_the_legal_text_docx_round_trips_to_the_same_amended_version(tmp_path, base):
    want = apply_modification(base, load_rules(RULES / "SECMP0049.toml")).version
    path = tmp_path / "legal-text.docx"
    path.write_bytes(_legal_text(base, want))
    draft = read_instructions(path, base)
    assert [i for i in draft.issues if i.severity == "unresolved"] == []
    draft.meta["baseline"] = "5.18"
    rules = tmp_path / "round-trip.toml"
    rules.write_text(to_toml(draft, "round trip"), encoding="utf-8")
    got = apply_modification(base, load_rules(rules)).version
    assert signature(got) == signature(want)


def test_a_wholly_inserted_paragraph_becomes_an_insert_in_letter_order(tmp_path, base):
    document = docx.Document(str(TEMPLATE))
    _paragraph(document, _run("Amend Section C2.3 as follows:"))
    _paragraph(document, _run("[...]"))
    new = "(e)\tkeep a register of every Draft Proposal;"
    _paragraph(document, f'<w:pPr><w:rPr><w:ins w:id="7" {_REV}/></w:rPr></w:pPr>',
               f'<w:ins w:id="8" {_REV}>{_run(new)}</w:ins>')
    _paragraph(document, _run("[...]"))
    path = tmp_path / "insert.docx"
    document.save(path)
    draft = read_instructions(path, base)
    assert [i for i in draft.issues if i.severity == "unresolved"] == []
    [insert] = [i for i in draft.instructions if i["kind"] == "insert"]
    assert (insert["unit"], insert["text"]) == ("C2.3(e)", "keep a register of every Draft Proposal;")
    draft.meta["baseline"] = "5.18"
    rules = tmp_path / "insert.toml"
    rules.write_text(to_toml(draft, "inserted paragraph"), encoding="utf-8")
    amended = apply_modification(base, load_rules(rules)).version
    assert [c.label for c in amended.get("C2.3").children] == ["(d)", "(e)", "(f)"]
    assert amended.get("C2.3(e)").text == "keep a register of every Draft Proposal;"


def test_a_tracked_insertion_of_a_label_or_a_number_keeps_it(tmp_path, base) -> None:
    """Inserted "paragraph (b)" and "5": words of the insertion, never OCR garbage (a .docx has none)."""
    document = docx.Document(str(TEMPLATE))
    _paragraph(document, _run("Amend Section C7.2 as follows:"))
    _paragraph(document, _run("(j)\twithout prejudice to the generality of Section C7.2(i), provide support and "
                              "assistance to the Proposer of a Modification Proposal, including assistance in "
                              "understanding this Code so as to properly frame any subsequent Modification "
                              "Proposal"),
               f'<w:ins w:id="1" {_REV}>{_run(" within 5 days, as paragraph (b) of Section C4.2 requires")}</w:ins>',
               _run(","))
    path = tmp_path / "tracked.docx"
    document.save(path)
    draft = read_instructions(path, base)
    (instruction,) = draft.instructions
    assert instruction["unit"] == "C7.2(j)"
    assert "Proposal within 5 days, as paragraph (b) of Section C4.2 requires," in str(instruction)


def _g721(tmp_path, base, *middle: str, name: str = "legal.docx"):
    """"Amend Section G7.21" with G7.21 quoted, ``middle`` (raw XML) put before "the Security"."""
    text = base.get("G7.21").text
    cut = text.index("the Security")
    document = docx.Document(str(TEMPLATE))
    _paragraph(document, _run("Amend Section G7.21 as follows:"))
    _paragraph(document, _run(f"G7.21\t{text[:cut]}"), *middle, _run(text[cut:]))
    path = tmp_path / name
    document.save(str(path))
    return read_instructions(path, base)


#: Revision ids of the hand-built documents below: each used once (Word refuses a repeated one).
_IDS = itertools.count(100)


def _ins(inner: str) -> str:
    return f'<w:ins w:id="{next(_IDS)}" {_REV}>{inner}</w:ins>'


def _del(inner: str) -> str:
    return f'<w:del w:id="{next(_IDS)}" {_REV}>{inner}</w:del>'


def test_text_inserted_then_deleted_is_in_neither_text(tmp_path, base):
    """A deletion of one author's insertion (either nesting) read as deleted base words."""
    for nested in (_del(_ins(_run("the Panel and ", deleted=True))),
                   _ins(_del(_run("the Panel and ", deleted=True)))):
        draft = _g721(tmp_path, base, nested, _ins(_run("each of ")))
        assert [i.get("replace") for i in draft.instructions] == [[{"find": "D6.6,", "with": "D6.6, each of"}]]
        assert not [i for i in draft.issues if i.severity == "unresolved"]


def test_a_non_breaking_hyphen_is_a_hyphen(tmp_path, base):
    draft = _g721(tmp_path, base, _ins('<w:r><w:t xml:space="preserve">the Sub</w:t><w:noBreakHyphen/>'
                                       '<w:t xml:space="preserve">Committee Chair and </w:t></w:r>'))
    assert draft.instructions[0]["replace"] == [{"find": "the Security",
                                                 "with": "the Sub-Committee Chair and the Security"}]


def test_a_paragraph_in_a_content_control_is_read(tmp_path, base):
    """A quoted paragraph inside a w:sdt at body level was dropped unread."""
    b = base.get("G7.20(b)").text
    body = (f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent><w:p>{_run("(b)	any ")}'
            f'{_del(_run("Security Sub-Committee ", deleted=True))}'
            f'{_ins(_run("Panel "))}{_run(b[len("any Security Sub-Committee "):])}</w:p></w:sdtContent></w:sdt>')
    document = docx.Document(str(TEMPLATE))
    _paragraph(document, _run("Amend Section G7.20 as follows:"))
    _paragraph(document, _run("[...]"))
    document.element.body.insert(len(document.element.body) - 1, parse_xml(body))
    path = tmp_path / "legal.docx"
    document.save(str(path))
    draft = read_instructions(path, base)
    assert [(i["unit"], i["replace"]) for i in draft.instructions] == [
        ("G7.20(b)", [{"find": "any Security Sub-Committee", "with": "any Panel"}])]


def test_a_text_box_is_read_apart_and_a_footnote_is_reported(tmp_path, base):
    """A text box's words were folded into the paragraph holding it (twice: its drawing and
    the VML fallback), and a footnote's text was lost without trace."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    box_p = '<w:p><w:r><w:t>Drafting box: see the minutes.</w:t></w:r></w:p>'
    box = (f'<w:r {w}><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
           f'<mc:Choice Requires="wps"><w:drawing><w:txbxContent>{box_p}</w:txbxContent></w:drawing></mc:Choice>'
           f'<mc:Fallback><w:pict><w:txbxContent>{box_p}</w:txbxContent></w:pict></mc:Fallback>'
           '</mc:AlternateContent></w:r>')
    # a bare text box and a footnote with no footnotes part: no document Word writes, kept from the validator
    draft = _g721(tmp_path, base, box, _ins(_run("the Panel and ")), '<w:r><w:footnoteReference w:id="1"/></w:r>',
                  name=f"legal{DELIBERATELY_BROKEN}")
    assert [i["replace"] for i in draft.instructions] == [[{"find": "the Security",
                                                            "with": "the Panel and the Security"}]]
    messages = [i.message for i in draft.issues if i.severity == "unresolved"]
    assert any("footnote 1 is referred to here" in m for m in messages)
    assert sum("Drafting box" in m for m in messages) == 1  # its own line, once


def test_a_new_definition_row_struck_out_whole_is_not_added(tmp_path, base):
    """A row added and then withdrawn (row and words deleted) became an empty add_definition,
    on which apply failed with a traceback."""
    def row(term: str, text: str, deleted: bool = False) -> str:
        mark = f'<w:trPr><w:del w:id="{next(_IDS)}" {_REV}/></w:trPr>' if deleted else ""
        cell = (lambda words: f'<w:tc><w:p>{_del(_run(words, deleted=True))}</w:p></w:tc>') \
            if deleted else (lambda words: f'<w:tc><w:p>{_ins(_run(words))}</w:p></w:tc>')
        return f"<w:tr>{mark}{cell(term)}{cell(text)}</w:tr>"
    document = docx.Document(str(TEMPLATE))
    _paragraph(document, _run("Add the following new definitions into Section A1.1 in alphabetical order:"))
    table = (f'<w:tbl {nsdecls("w")}><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>'
             f'{row("Draft Proposal", "has the meaning given to that expression in Section D1.2.")}'
             f'{row("Withdrawn Term", "means a term no longer proposed.", deleted=True)}</w:tbl>')
    document.element.body.insert(len(document.element.body) - 1, parse_xml(table))
    path = tmp_path / "legal.docx"
    document.save(str(path))
    draft = read_instructions(path, base)
    assert [(i["kind"], i["term"]) for i in draft.instructions] == [("add_definition", "Draft Proposal")]
    assert any("'Withdrawn Term' is struck out whole (withdrawn): not added" in i.message for i in draft.issues)


def _mark(kind: str) -> str:
    """A paragraph mark inserted or deleted (``w:pPr/w:rPr/w:ins|w:del``)."""
    return f'<w:pPr><w:rPr><w:{kind} w:id="{next(_IDS)}" {_REV}/></w:rPr></w:pPr>'


def test_paragraphs_inserted_or_deleted_whole(tmp_path, base):
    """A paragraph deleted whole (mark and words) became an amend emptying it, and the amended
    Section read back with the next heading in it; one inserted whole with no typed label (Word
    numbering) had its words put in the paragraph before."""
    h, i = base.get("G7.18(h)").text, base.get("G7.18(i)").text
    document = docx.Document(str(TEMPLATE))
    _paragraph(document, _run("Amend Section G7.18 as follows:"))
    _paragraph(document, _run("[...]"))
    _paragraph(document, _run(f"(h)\t{h}"))
    _paragraph(document, _mark("del"), _del(_run(f"(i)	{i}", deleted=True)))
    _paragraph(document, _mark("ins"), _ins(_run("keep a register of every Draft Proposal.")))
    path = tmp_path / "legal.docx"
    document.save(str(path))
    draft = read_instructions(path, base)
    assert [(i["kind"], i["unit"]) for i in draft.instructions] == [("delete", "G7.18(i)")]
    issue = next(i for i in draft.issues if i.severity == "unresolved")
    assert issue.message.startswith("a paragraph inserted whole, with no typed number or label")
    assert issue.text == "keep a register of every Draft Proposal."


def test_an_instruction_struck_out_whole_is_withdrawn(tmp_path, base):
    """"Amend Section G7.21 as follows:" and its quoted paragraph, struck out whole, were read as
    quoted text of the instruction above: its real change was lost."""
    j = base.get("C7.2(j)").text
    g = base.get("G7.21").text
    document = docx.Document(str(TEMPLATE))
    _paragraph(document, _run("Amend Section C7.2 as follows:"))
    _paragraph(document, _run("[...]"))
    _paragraph(document, _run(f"(j)\t{j.rstrip(',')}"), _ins(_run(" within 5 days")), _run(","))
    for words in ("Amend Section G7.21 as follows:", f"G7.21\t{g}"):
        _paragraph(document, _mark("del"), _del(_run(words, deleted=True)))
    path = tmp_path / "legal.docx"
    document.save(str(path))
    draft = read_instructions(path, base)
    assert [(i["unit"], i["replace"][0]["with"][-14:]) for i in draft.instructions] == [("C7.2(j)", "within 5 days,")]
    assert any(i.message.startswith("instruction struck out whole (withdrawn)") for i in draft.issues)
    assert not [i for i in draft.issues if i.severity == "unresolved"]


def test_a_word_deleted_outright_takes_a_space_with_it(tmp_path, base):
    """A struck word (its spaces unstruck, as a PDF or Word gives it) left two spaces: "any  Modification"."""
    j = base.get("C7.2(j)").text
    before, after = j.split("subsequent ", 1)
    document = docx.Document(str(TEMPLATE))
    _paragraph(document, _run("Amend Section C7.2(j) as follows:"))
    _paragraph(document, _run(f"(j)\t{before}"), _del(_run("subsequent", deleted=True)),
               _run(f" {after}"))
    path = tmp_path / "legal.docx"
    document.save(str(path))
    draft = read_instructions(path, base)
    draft.meta["baseline"] = "5.18"
    rules = tmp_path / "rules.toml"
    rules.write_text(to_toml(draft, "test"), encoding="utf-8")
    amended = apply_modification(base, load_rules(rules)).version.get("C7.2(j)").text
    assert amended == j.replace("subsequent ", "") and "  " not in amended


def test_a_label_changed_or_paragraphs_joined_is_unresolved(tmp_path, base):
    """"(j)" struck and "(k)" inserted, or a paragraph mark struck (two paragraphs joined): no word
    edit carries them, and they were dropped without a word."""
    j = base.get("C7.2(j)").text
    document = docx.Document(str(TEMPLATE))
    _paragraph(document, _run("Amend Section C7.2 as follows:"))
    _paragraph(document, _run("[...]"))
    _paragraph(document, _del(_run("(j)", deleted=True)), _ins(_run("(k)")),
               _run(f"\t{j}"))
    path = tmp_path / "legal.docx"
    document.save(str(path))
    relabelled = read_instructions(path, base)
    assert [i.message for i in relabelled.issues if i.severity == "unresolved"] == [
        "the label (j) is changed to (k): a renumbering; write it into the rules by hand"]
    document = docx.Document(str(TEMPLATE))
    _paragraph(document, _run("Amend Section C7.2 as follows:"))
    _paragraph(document, _run("[...]"))
    _paragraph(document, _mark("del"), _run(f"(j)\t{j}"))
    document.save(str(path))
    joined = read_instructions(path, base)
    assert any(i.message.startswith("a paragraph mark is deleted") for i in joined.issues)


def test_a_tracked_change_of_dash_or_quote_style_is_read_as_a_change(tmp_path) -> None:
    """Legal text striking "” monthly –" for "’ fortnightly —" gave rules that changed the words
    and kept the en dash: the word diff took "–" and "—" for one word (as it must for untracked
    text, whose quotes and dashes often differ from the base's), dropping a tracked change."""
    from pathlib import Path

    from redline.models import Instruction, Modification
    from redline.read import read_version

    path = Path(tmp_path) / "section-C.txt"
    path.write_text("SECTION C: GOVERNANCE\nC1 THE PANEL\nC1.5 The Panel shall meet “at least” monthly – and more "
                    "often where the Panel decides.\n", encoding="utf-8")
    base = read_version([path])
    mod = Modification("SECMP9203", "synthetic", "test", "t.toml", instructions=[Instruction(1, "amend", {
        "unit": "C1.5", "replace": [{"find": "“at least” monthly – and", "with": "‘at least’ fortnightly — and"}]})])
    document = tmp_path / "legal.docx"
    document.write_bytes(legal_text.render(base, apply_modification(base, mod).version, [], EmitMeta()))
    [instruction] = [i for i in read_instructions(document, base).instructions if i["kind"] == "amend"]
    [pair] = instruction["replace"]
    assert "—" in pair["with"] and "–" in pair["find"], pair
