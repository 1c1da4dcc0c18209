"""Property tests of the engine: edits invert exactly; renumbering leaves no stale reference."""

from __future__ import annotations

import re

import pytest
from conftest import BASE_DIR, signature
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline.amend.engine import ApplyError, apply_modification
from redline.amend.invert import invert
from redline.models import Instruction, Modification, UnitKind
from redline.read import read_version

BASE = read_version([BASE_DIR])
TEXT_UNITS = [u for u in BASE.units() if len(set(u.text.split())) > 3 and u.kind is not UnitKind.DEFINITION]
CLAUSES = [u for u in BASE.units() if u.kind is UnitKind.CLAUSE and not u.appendix]
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


def unique_words(text: str) -> list[str]:
    words = re.findall(r"\b[a-z]{3,}\b", text)
    return [w for w in words if len(re.findall(rf"\b{w}\b", text)) == 1 and text.count(w) == 1]


@st.composite
def instructions(draw) -> list[Instruction]:
    # One unit per clause, so no instruction names a unit an earlier one deleted or renumbered.
    chosen = draw(st.lists(st.sampled_from(TEXT_UNITS), min_size=1, max_size=6,
                           unique_by=lambda u: u.id.split("(")[0]))
    found = []
    for unit in chosen:
        action = draw(st.sampled_from(["amend", "text", "delete", "renumber"]))
        index = len(found) + 1
        own = " | ".join((unit.text, unit.tail, unit.heading))
        if action == "amend" and unique_words(own):
            word = draw(st.sampled_from(unique_words(own)))
            found.append(Instruction(index, "amend", {"unit": unit.id, "replace": [
                {"find": word, "with": draw(WORDS)}]}))
        elif action == "text":
            words = draw(st.lists(WORDS, min_size=1))
            found.append(Instruction(index, "amend", {"unit": unit.id, "text": " ".join(words)}))
        elif action == "delete" and unit.kind is not UnitKind.CLAUSE:
            found.append(Instruction(index, "delete", {"unit": unit.id}))
        elif action == "renumber" and unit.kind is UnitKind.CLAUSE and not unit.appendix:
            found.append(Instruction(index, "renumber", {"unit": unit.id, "to": f"{unit.id}{'ABCDEF'[index - 1]}"}))
    # Ids name units as they stand when the instruction runs: renumber last, as drafters do (each
    # to a number in order where the clause stands: G7.18 → G7.18A).
    found.sort(key=lambda i: i.kind == "renumber")
    return [Instruction(n, i.kind, i.params) for n, i in enumerate(found, start=1)]


def modification(steps: list[Instruction]) -> Modification:
    return Modification(id="SECMP9998", title="property", baseline="5.18", file="generated.toml",
                        instructions=steps)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instructions())
def test_applying_then_inverting_any_edit_list_returns_the_base(steps):
    result = apply_modification(BASE, modification(steps))
    restored = invert(result.version, result.changes)
    assert signature(restored) == signature(BASE)
    assert [u.uid for u in restored.units()] == [u.uid for u in BASE.units()]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(CLAUSES), st.sampled_from("ABCDEFGH"))
def test_renumbering_never_leaves_a_reference_to_the_old_number(clause, suffix):
    new_id = f"{clause.id}{suffix}"  # in number order where it stands: F1.4 → F1.4B, before F1.5
    result = apply_modification(BASE, modification([Instruction(1, "renumber", {"unit": clause.id, "to": new_id})]))
    old = re.escape(clause.id)
    stale = [u.id for u in result.version.units()
             for text in (u.text, u.tail) if re.search(rf"Sections? {old}(?![\dA-Z.])", text)]
    assert stale == []
    assert result.version.get(new_id) is not None and result.version.get(clause.id) is None


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(CLAUSES), st.integers(min_value=60, max_value=99))
def test_a_renumbering_out_of_number_order_is_refused(clause, number):
    """F1.4 → F1.60 with F1.5 after it: the amended version read back put F1.5 into F1.60's words
    (or failed on a duplicate id); refused, unless the clause is its Part's last."""
    new_id = f"{clause.id.split('.')[0]}.{number}"
    same = [u for u in clause.parent.children if u.kind is clause.kind]
    rules = modification([Instruction(1, "renumber", {"unit": clause.id, "to": new_id})])
    if same[-1] is clause:
        assert apply_modification(BASE, rules).version.get(new_id) is not None
    else:
        with pytest.raises(ApplyError, match="out of number order"):
            apply_modification(BASE, rules)
