"""The reference finder on literal strings from seed 000 (SECMP0049's draft legal text)."""

from __future__ import annotations

import pytest

from redline.models import Unit, UnitKind
from redline.refs import RefKind, find_references


def found(text: str, field: str = "text") -> list[tuple[str, str, list[str], str | None]]:
    unit = Unit(uid="u1", kind=UnitKind.CLAUSE, label="C1.1", **{field: text})
    return [(r.text, r.kind.value, [t.first if t.last is None else f"{t.first}..{t.last}" for t in r.targets],
             r.quoted_heading) for r in find_references([unit])]


@pytest.mark.parametrize(("text", "expected"), [
    ("Notwithstanding Section D1.3 (Persons Entitled to Submit Draft Proposals):",
     [("Section D1.3", "section", ["D1.3"], "Persons Entitled to Submit Draft Proposals")]),
    ("as set out in Section D (Modification Process);",
     [("Section D", "section", ["D"], "Modification Process")]),
    ("without prejudice to the generality of Section C7.2(i), provide support",
     [("Section C7.2(i)", "section", ["C7.2(i)"], None)]),
    ("The rights referred to in Section M8.4(e) are:", [("Section M8.4(e)", "section", ["M8.4(e)"], None)]),
    ("notwithstanding Section X2.3(a), (b) and (c), be subject",
     [("Section X2.3(a), (b) and (c)", "section", ["X2.3(a)", "X2.3(b)", "X2.3(c)"], None)]),
    ("Amend Sections G7.18 to G7.22 as follows:", [("Sections G7.18 to G7.22", "section", ["G7.18..G7.22"], None)]),
    ("subject to the provisions of Sections D6.5 and D6.6, the Security Sub-Committee",
     [("Sections D6.5 and D6.6", "section", ["D6.5", "D6.6"], None)]),
    ("pursuant to Section D2A (The Change Sub-Committee).",
     [("Section D2A", "section", ["D2A"], "The Change Sub-Committee")]),
    ("a direction under Section D9A.2 (Authority Power to Develop a Proposed Variation)),",
     [("Section D9A.2", "section", ["D9A.2"], "Authority Power to Develop a Proposed Variation")]),
    ("in accordance with Sections L9;", [("Sections L9", "section", ["L9"], None)]),
    ("in accordance with Section L9.1; and", [("Section L9.1", "section", ["L9.1"], None)]),
    ("in accordance with Section\nL13.42.", [("Section\nL13.42", "section", ["L13.42"], None)]),
    ("in accordance with Section L13 (DCC Key Infrastructure);",
     [("Section L13", "section", ["L13"], "DCC Key Infrastructure")]),
    ("review that document in accordance with paragraph (c) above:",
     [("paragraph (c) above", "paragraph", ["(c)"], None)]),
    ("as referred to in paragraphs (a) and (b) above;",
     [("paragraphs (a) and (b) above", "paragraph", ["(a)", "(b)"], None)]),
    ("is likely to affect this Section Z;", [("this Section Z", "this_section", ["Z"], None)]),
    ("its functions under this Section Z.", [("this Section Z", "this_section", ["Z"], None)]),
    ("for the purposes of this Section L10.24:", [("this Section L10.24", "this_section", ["L10.24"], None)]),
    ("elsewhere in this Code.", [("this Code", "this_code", [], None)]),
    ("as set out in Appendix AG.", [("Appendix AG", "appendix", ["Appendix AG"], None)]),
    ("its modification in accordance with section 88 of the Energy Act 2008, to review",
     [("section 88 of the Energy Act 2008", "external", [], None)]),
    ("under Condition 22 of the DCC Licence;", [("Condition 22 of the DCC Licence", "external", [], None)]),
    ("the governance and operation of other Energy Codes, in order",
     [("other Energy Codes", "external", [], None)]),
])
def test_seed_forms(text: str, expected: list) -> None:
    assert found(text) == expected


def test_title_bracket_is_heading_but_second_bracket_is_not() -> None:
    text = "its obligations under Section G (Security) (such notification to include any recommendation)"
    assert found(text) == [("Section G", "section", ["G"], "Security")]


def test_ordinary_parenthesis_is_no_heading() -> None:
    assert found("under Section D1.3 (including where it applies)")[0][3] is None


def test_appendix_local_numbers_and_this_appendix() -> None:
    text = "as set out in section 3.2 and Section 3.2.4, paragraph 1.3 and this Appendix"
    assert [r[:3] for r in found(text)] == [
        ("section 3.2", "section", ["3.2"]), ("Section 3.2.4", "section", ["3.2.4"]),
        ("paragraph 1.3", "paragraph", ["1.3"]), ("this Appendix", "this_appendix", []),
    ]


def test_bare_this_section_and_prose_sections() -> None:
    assert found("under this Section.") == [("this Section", "this_section", [], None)]
    assert found("such sections of the report, and this section, are") == []


def test_offsets_point_into_the_field_and_tail_is_recorded() -> None:
    text = "and (where appropriate) submit proposals (which shall, notwithstanding Section X2.3(a), be subject"
    unit = Unit(uid="u1", kind=UnitKind.PARAGRAPH, label="(d)", tail=text)
    (ref,) = find_references([unit])
    assert ref.field == "tail" and text[ref.start:ref.end] == "Section X2.3(a)" == ref.text
    assert ref.kind is RefKind.SECTION and ref.source_uid == "u1"


def test_many_units_one_pass_keeps_units_apart() -> None:
    units = [Unit(uid=f"u{n}", kind=UnitKind.CLAUSE, label=f"C1.{n}", text=f"see Section D{n}.1 and")
             for n in range(1, 400)]
    units[5].text = "ends with Section"  # nothing may be read from the next unit's window
    refs = find_references(units)
    assert len(refs) == 398
    assert all(r.targets[0].first == f"D{r.source_uid[1:]}.1" for r in refs)


@pytest.mark.parametrize(("text", "expected"), [
    ("under paragraph (b) of this Section C4.2 (Panel Duties).",
     ("paragraph (b) of this Section C4.2", "paragraph", ["C4.2(b)"], "Panel Duties", "C4.2", None)),
    ("see paragraphs 4.1 to 4.3 of Appendix L;",
     ("paragraphs 4.1 to 4.3 of Appendix L", "paragraph", ["L:4.1..L:4.3"], None, "Appendix L", None)),
    ("as defined in section 1 of the Banking and Financial Dealings Act 1971.",
     ("section 1 of the Banking and Financial Dealings Act 1971", "external", [], None, None,
      "Banking and Financial Dealings Act 1971")),
    ("Nothing in the Energy Act 2008 applies.",
     ("Energy Act 2008", "external", [], None, None, "Energy Act 2008")),
])
def test_issue_13_forms_at_the_finder(text: str, expected: tuple) -> None:
    unit = Unit(uid="u1", kind=UnitKind.CLAUSE, label="C1.1", text=text)
    [ref] = find_references([unit])
    targets = [t.first if t.last is None else f"{t.first}..{t.last}" for t in ref.targets]
    assert (ref.text, ref.kind.value, targets, ref.quoted_heading, ref.heading_of, ref.document) == expected
