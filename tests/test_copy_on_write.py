"""Copy on write: a version derived from the base shares its unedited units, and no edit may
reach the base through them.

Each test compares the derived version with the same instructions applied in place to a deep
copy (a version that owns every unit), and checks the base is left exactly as it was: every
unit object, its fields, its parent and its children.
"""

from __future__ import annotations

import pytest
from conftest import BASE_DIR
from hypothesis import HealthCheck, given, settings
from test_amend_properties import instructions, modification

from redline.amend.affected import affected_units
from redline.amend.engine import Engine, apply_modification
from redline.amend.rules import load_rules
from redline.emit.meta import EmitMeta
from redline.emit.pairs import changed_uids, moved_uids
from redline.emit.render import render_all
from redline.graph import ClauseGraph
from redline.models import Instruction, Lookups, Modification, Unit, Version
from redline.read import read_version
from redline.refs import find_references, resolve_references
from redline.write import version_files

BASE = read_version([BASE_DIR])


def fingerprint(version: Version) -> list[tuple]:
    """Every unit object of ``version`` with its fields, its parent and its children, by identity."""
    return [(id(u), u.uid, u.kind, u.label, u.heading, u.text, u.tail, u.appendix, id(u.parent),
             tuple(id(c) for c in u.children)) for u in version.root.walk()]


def shape(version: Version) -> list[tuple]:
    """Every unit as this version has it: uid, id, fields and its parent's uid, in document order."""
    return [(u.uid, unit_id, u.kind, u.label, u.heading, u.text, u.tail, u.appendix,
             u.parent.uid if u.parent else "") for u, unit_id in version.walk_ids()]


def in_place(base: Version, mod: Modification) -> tuple[Version, list]:
    """``mod`` applied by the engine to a deep copy of ``base``, edited in place."""
    version = base.clone()
    assert version.owned is None  # a deep copy owns every unit
    engine = Engine(version, mod)
    for instruction in mod.instructions:
        engine.run(instruction)
    return version, engine.changes


def check_against_in_place(base: Version, mod: Modification) -> Version:
    before = fingerprint(base)
    result = apply_modification(base, mod)
    assert fingerprint(base) == before, "an edit reached the base through a shared unit"
    version, changes = in_place(base, mod)
    assert shape(result.version) == shape(version)
    assert result.changes == changes
    derived, walked = result.version.lookups(), Lookups.walk(result.version)
    assert (derived.by_id, derived.by_uid, derived.ids) == (walked.by_id, walked.by_uid, walked.ids)
    own, dropped = result.version.differing(base)
    base_units = base.lookups().by_uid
    own_ids = {id(u) for u in own}
    for unit in result.version.units():  # whatever is not the version's own is the base's very unit
        assert id(unit) in own_ids or base_units.get(unit.uid) is unit
    assert {id(u) for u in dropped}.isdisjoint(id(u) for u in result.version.units())
    check_fast_paths(base, result.version, result.changes)
    return result.version


def check_fast_paths(base: Version, amended: Version, changes: list) -> None:
    """What reads a derived version's own units only gives what reading every unit of a plain
    copy gives: moves, changes, the affected list and the amended text."""
    plain = amended.clone()  # owns every unit, derived from nothing: every pass walks it all
    assert plain.origin is None
    assert moved_uids(base, amended) == moved_uids(base, plain)
    assert changed_uids(base, amended) == changed_uids(base, plain)
    assert affected_units(base, amended, changes, GRAPH) == affected_units(base, plain, changes, GRAPH)
    assert version_files(amended, "test") == version_files(plain, "test")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instructions())
def test_any_edit_list_gives_what_editing_a_deep_copy_gives_and_leaves_the_base(steps):
    check_against_in_place(BASE, modification(steps))


def test_each_bundled_modification_matches_the_in_place_engine():
    mods = [load_rules(path) for path in sorted((BASE_DIR.parents[1] / "rules").glob("*.toml"))]
    applied = 0
    for mod in mods:
        if mod.depends_on:
            continue
        amended = check_against_in_place(BASE, mod)
        result = apply_modification(BASE, mod, GRAPH)
        affected = affected_units(BASE, amended, result.changes, GRAPH)
        meta = EmitMeta(modification=mod.id, date="2018-10-05")
        assert render_all(BASE, result.version, affected, meta) == render_all(BASE, amended.clone(), affected, meta)
        applied += 1
    assert applied >= 1


def test_a_range_spanning_a_clause_inserted_among_shared_ones_includes_it():
    part = next(u for u in BASE.units() if u.kind.value == "part" and len(u.children) >= 3
                and not u.appendix and not u.id.startswith("A"))
    first, second, last = part.children[0], part.children[1], part.children[-1]
    new_id = f"{second.label}A"
    mod = Modification(id="SECMP9997", title="range", baseline="5.18", file="generated.toml", instructions=[
        Instruction(1, "insert", {"unit": new_id, "after": second.id, "text": "A clause inserted by a test."}),
        Instruction(2, "amend", {"unit": last.id,
                                 "text": f"As set out in Sections {first.id} to {last.id} of this Code."}),
    ])
    amended = check_against_in_place(BASE, mod)
    assert amended.get(new_id) is not None
    source = amended.get(last.id)
    refs = [r for r in find_references([source]) if r.text.startswith("Sections")]
    (resolution,) = resolve_references(amended, refs)
    assert new_id in resolution.target_ids
    assert resolution.target_ids[0] == first.id and resolution.target_ids[-1] == last.id


def _units(kind: str) -> list[Unit]:
    return [u for u in BASE.units() if u.kind.value == kind and not u.appendix]


GRAPH = ClauseGraph.build(BASE)
CITED = next(u for u in _units("clause") if GRAPH.referring_uids(u.uid))
PART = next(p for p in _units("part") if len(p.children) >= 3)
TERMS = [d.label for d in BASE.definitions()]
LISTED = next(u for u in _units("clause") if len(u.children) >= 2 and u.children[0].kind.value == "paragraph")

#: One instruction each, reaching units the way only some instructions do: through the whole
#: version (a rename everywhere), through the references to a unit (a renumbering rewrites its
#: citers), through a container (a Part renumbered, paragraphs re-lettered), by moving.
REACHES = {
    "rename everywhere": ("rename", {"from": "Modification Proposal", "to": "Change Proposal", "scope": "all"}),
    "renumber a cited clause": ("renumber", {"unit": CITED.id, "to": f"{CITED.id}0"}),
    "renumber a Part": ("renumber", {"unit": PART.id, "to": f"{PART.id}9"}),
    "move a clause": ("move", {"unit": PART.children[0].id, "to": f"{PART.id}.99", "after": PART.children[-1].id}),
    "delete and re-letter": ("delete", {"unit": LISTED.children[0].id, "reletter": True}),
    "insert and renumber what follows": ("insert", {"unit": PART.children[1].id, "reletter": True,
                                                    "text": "A clause inserted by a test."}),
    "rename a term by its definition": ("amend_definition", {"term": TERMS[0], "to": "Sponsor"}),
    "delete a definition": ("delete_definition", {"term": TERMS[1]}),
}


@pytest.mark.parametrize("reach", list(REACHES))
def test_instructions_that_reach_shared_units_indirectly_leave_the_base(reach):
    kind, params = REACHES[reach]
    check_against_in_place(BASE, Modification(id="SECMP9996", title=reach, baseline="5.18", file="generated.toml",
                                              instructions=[Instruction(1, kind, params)]))


def test_a_section_redrafted_from_a_file_leaves_the_base(tmp_path):
    section = PART.parent
    clause = next(u for u in section.walk() if u.kind.value == "clause" and u.text)
    redraft = tmp_path / f"section-{section.label}.txt"
    text = version_files(BASE, "A test's redraft of a corpus Section: synthetic.")[redraft.name]
    redraft.write_text(text.replace(clause.text, f"Redrafted: {clause.text}", 1), encoding="utf-8")
    check_against_in_place(BASE, Modification(id="SECMP9995", title="redraft", baseline="5.18", file="generated.toml",
                                              instructions=[Instruction(1, "replace_section", {
                                                  "section": section.id, "file": str(redraft)})]))
