"""Classify each instruction of a modification against a newly designated base version.

clean     — applies exactly;
moved     — its anchor (or its unit's text) is found in another unit (the new base renumbered or
            moved it): retargeted, with evidence;
conflict  — the text it changes was changed by the new version or by an earlier modification;
obsolete  — the new base already contains the change;
blocked   — it depends on a modification that is not applied;
external  — a redraft supplied as a separate attachment, applied by hand.
"""

from __future__ import annotations

import contextlib
import copy
import re
from dataclasses import dataclass, field

from diff_match_patch import diff_match_patch

from redline.amend.engine import ApplyError, Engine
from redline.graph import ClauseGraph
from redline.models import ChangeKind, Instruction, Lookups, Modification, Unit, Version

CLASSES = ("clean", "moved", "conflict", "obsolete", "blocked", "external")
#: How alike a unit's text must be to the drafted one to count as the same unit, moved.
SIMILARITY = 0.8


@dataclass
class Verdict:
    """The outcome for one instruction."""

    modification: str
    instruction: int
    kind: str
    target: str
    status: str
    detail: str
    evidence: str = ""
    retargeted_to: str = ""
    texts: dict[str, str] = field(default_factory=dict)  # drafted / base / wanted
    undecided: list[str] = field(default_factory=list)  # occurrences no context rule decides: left unchanged

    def record(self) -> dict[str, object]:
        """The JSON shape."""
        return {"modification": self.modification, "instruction": self.instruction, "kind": self.kind,
                "target": self.target, "status": self.status, "detail": self.detail, "evidence": self.evidence,
                "retargeted_to": self.retargeted_to, "texts": self.texts, "undecided": self.undecided}


class Classifier:
    """Runs a modification's instructions one by one on a version derived from ``start`` (which
    is frozen, and never changed): :attr:`version` once :meth:`run` is done.

    An instruction that fails leaves nothing behind: the engine may have changed units before it
    found the problem (an insert out of number order, the second of two replacements), so the
    version is derived afresh and the instructions that applied are run again.  ``previous`` is
    the engine of the modification before this one on ``start`` (a cumulative run): its indexes
    and what it wrote carry over."""

    def __init__(self, start: Version, mod: Modification, drafted: Version | None,
                 earlier: dict[str, str], graph: ClauseGraph | None = None,
                 previous: Engine | None = None, deleted: dict[str, str] | None = None) -> None:
        self.start = start
        self.deleted = deleted or {}  # unit id → the earlier modification that deleted it
        self.mod = mod
        self.drafted = drafted
        self.earlier = earlier  # uid → the earlier modification that changed it
        self.graph = graph
        self.written = dict(previous.written) if previous is not None else {}
        self.version = start.derive()
        self.engine = (previous.successor(mod, self.version) if previous is not None
                       else Engine(self.version, mod, graph))
        self.applied: list[Instruction] = []  # as run (retargeted where moved), to run again after a failure
        self.drafted_index = drafted.index() if drafted is not None else {}
        self.dmp = diff_match_patch()

    def run(self) -> list[Verdict]:
        """Classify (and, where possible, apply) every instruction.  The modification counts as
        applied (a later one depending on it is not blocked) when any of its instructions is."""
        verdicts = [self.classify(i) for i in self.mod.instructions]
        if self.mod.id not in self.version.applied and any(v.status in ("clean", "moved") for v in verdicts):
            self.version.applied = [*self.version.applied, self.mod.id]
        self.version.name = f"{self.version.name}+{self.mod.id}"  # as apply names it, so version.json is true
        return verdicts

    def attempt(self, instruction: Instruction) -> str | None:
        """Run ``instruction``; None when it applied, else the problem, with every edit it made undone."""
        changes, undecided = len(self.engine.changes), len(self.engine.undecided)
        try:
            self.engine.run(instruction)
        except ApplyError as exc:
            if len(self.engine.changes) > changes or len(self.engine.undecided) > undecided or \
                    self.engine.unrecorded or instruction.kind == "replace_section":  # else nothing changed
                self.restore()
            return str(exc)
        self.applied.append(instruction)
        return None

    def restore(self) -> None:
        """The version as the instructions applied so far left it: derived afresh from the start,
        and those instructions run again on it (they applied on that state before)."""
        self.version = self.start.derive()
        self.engine = Engine(self.version, self.mod, self.graph)
        self.engine.written = dict(self.written)
        if self.start.origin is not None:  # a cumulative run's: its lookups walked, not derived down the chain
            found = Lookups.walk(self.version)
            self.engine.index, self.engine.uids = found.by_id, found.by_uid
        for instruction in self.applied:
            self.engine.run(instruction)

    def verdict(self, instruction: Instruction, status: str, detail: str, **extra: object) -> Verdict:
        return Verdict(self.mod.id, instruction.index, instruction.kind, instruction.target, status, detail,
                       **extra)  # type: ignore[arg-type]

    def classify(self, instruction: Instruction) -> Verdict:
        if self.mod.id in self.version.applied:
            return self.verdict(instruction, "obsolete", f"{self.mod.id} is already implemented in {self.version.name}")
        missing = [m for m in [*self.mod.depends_on, *instruction.requires] if m not in self.version.applied]
        if missing:
            return self.verdict(instruction, "blocked", f"depends on {', '.join(missing)}, not applied")
        if instruction.kind == "replace_section" and (instruction.params.get("external")
                                                      or not instruction.params.get("file")):
            return self.verdict(instruction, "external", str(instruction.params.get("note", "external redraft")))
        if self.obsolete(instruction):
            by = self.deleted.get(_unit_id(instruction)) if instruction.kind.startswith("delete") else None
            return self.verdict(instruction, "obsolete", f"{by}, applied before it, already deletes it" if by
                                else "the base already contains this change")
        stale = self.stale_full_text(instruction)
        if stale is not None:
            return stale
        if (other := self.another_unit(instruction)) is not None:
            return other
        before, undecided = len(self.engine.changes), len(self.engine.undecided)
        problem = self.attempt(instruction)
        if problem is not None:
            return self.after_failure(instruction, problem.split(": ", 2)[-1])
        touched = {c.unit_uid for c in self.engine.changes[before:] if c.kind is not ChangeKind.NOT_APPLIED}
        shared = sorted({self.earlier[u] for u in touched if u in self.earlier})
        detail = "applies exactly" + (f"; the unit was also changed by {', '.join(shared)}" if shared else "")
        verdict = self.verdict(instruction, "clean", detail)
        left = self.engine.undecided[undecided:]
        if left:  # applied where its rules decide; the rest is a drafter's
            verdict.detail = f"applies, but {len(left)} occurrence(s) no context rule decides are left unchanged"
            verdict.undecided = [f"{u.unit_id}: no context rule decides “…{u.context}…”; left unchanged" for u in left]
        return verdict

    # --- diagnosis ------------------------------------------------------------------------

    def unit_texts(self, unit_id: str) -> tuple[Unit | None, Unit | None]:
        return self.drafted_index.get(unit_id), self.engine.lookup(unit_id)

    def obsolete(self, instruction: Instruction) -> bool:
        params, kind = instruction.params, instruction.kind
        drafted, current = self.unit_texts(_unit_id(instruction))
        if kind in ("amend", "amend_definition") and current is not None:
            pairs = params.get("replace", [])
            own = " ".join((current.text, current.tail, current.heading))
            if pairs and all(p["with"] in own and p["find"] not in own.replace(p["with"], "\0") for p in pairs):
                return True  # every replacement's words there, and no find left outside them
            return "text" in params and _norm(current.full_text()) == _norm(str(params["text"]))
        if kind == "add_definition":
            return current is not None and _norm(current.full_text()) == _norm(str(params["text"]))
        if kind in ("delete", "delete_definition"):  # gone, and not merely under another number
            return current is None and (self.drafted is None or drafted is not None) and (
                drafted is None or kind == "delete_definition" or self.locate(instruction, drafted, None) is None)
        if kind == "rename" and self.drafted is not None:
            return self.made_already(instruction)
        if kind in ("renumber", "move"):  # the base already numbers (and places) it so
            return current is None and self.engine.lookup(str(params["to"])) is not None
        if kind == "insert":
            return current is not None and _norm(current.full_text()) == _norm(str(params["text"]))
        return False

    def made_already(self, instruction: Instruction) -> bool:
        """Whether every unit the instruction changes in the drafted version already reads, in the
        new base, as it would make it read (a rename whose new words keep the old ones, "Draft
        Proposals and Modification Proposals", cannot be told done by its words alone)."""
        assert self.drafted is not None
        trial = Engine(self.drafted.derive(), self.mod)  # after the instructions before it, as drafted
        for earlier in self.mod.instructions[: self.mod.instructions.index(instruction)]:
            with contextlib.suppress(ApplyError):
                trial.run(earlier)
        before = len(trial.changes)
        try:
            trial.run(instruction)
        except ApplyError:
            return False
        changed = {c.unit_uid for c in trial.changes[before:] if c.kind is not ChangeKind.NOT_APPLIED and c.unit_uid}
        made, now = trial.indexes()[1], self.engine.indexes()[0]
        return bool(changed) and all(
            (unit := made.get(uid)) is not None and (current := now.get(unit.id)) is not None
            and _norm(current.full_text()) == _norm(unit.full_text()) for uid in changed)

    def stale_full_text(self, instruction: Instruction) -> Verdict | None:
        """A complete new text or heading drafted against words the new base has changed: a
        conflict (it would discard them), unless a modification this one depends on changed them
        in this batch (it was drafted on top of that one)."""
        params = instruction.params
        if instruction.kind not in ("amend", "amend_definition") or not ({"text", "heading"} & set(params)):
            return None
        drafted, current = self.unit_texts(_unit_id(instruction))
        if drafted is None or current is None or self.earlier.get(current.uid) in self.mod.depends_on:
            return None
        if "text" in params and _norm(drafted.full_text()) != _norm(current.full_text()):
            return self.conflict(instruction, "the unit's text changed since the version it was drafted against",
                                 drafted, current)
        if "heading" in params and _norm(drafted.heading) != _norm(current.heading):
            return self.conflict(instruction, f"the unit's heading changed since the version it was drafted "
                                 f"against: {drafted.heading!r}, now {current.heading!r}", drafted, current)
        return None

    def another_unit(self, instruction: Instruction) -> Verdict | None:
        """The unit now at the drafted id is another one (the new base put a new clause at that
        number, or re-lettered a list): the instruction is for the drafted unit, wherever it now is,
        never for whatever holds its number (which the engine alone would happily change)."""
        if instruction.kind == "rename" and any(self.elsewhere(*self.unit_texts(str(u)))
                                                for u in self.scope(instruction)):
            return self.rescope(instruction, "a unit of its scope is not the one drafted against")
        if instruction.kind not in _BY_NUMBER:
            return None
        unit_id = _unit_id(instruction)
        drafted, current = self.unit_texts(unit_id)
        if drafted is None or current is None or (similarity := self.alike(drafted, current)) >= SIMILARITY:
            return None
        problem = (f"the unit now at {unit_id} is not the one drafted against (similarity {similarity:.2f}): "
                   "the new base renumbered or replaced it")
        return self.retarget(instruction, problem, drafted, current)

    def after_failure(self, instruction: Instruction, problem: str) -> Verdict:
        if instruction.kind == "rename":
            return self.rescope(instruction, problem)
        unit_id = _unit_id(instruction)
        drafted, current = self.unit_texts(unit_id)
        if current is None and unit_id in self.deleted:
            return self.conflict(instruction, f"{unit_id} was deleted by {self.deleted[unit_id]}: {problem}",
                                 drafted, current)
        if current is not None and current.uid in self.earlier:
            return self.conflict(instruction, f"{unit_id} was changed by {self.earlier[current.uid]}: {problem}",
                                 drafted, current)
        return self.retarget(instruction, problem, drafted, current)

    def retarget(self, instruction: Instruction, problem: str, drafted: Unit | None, current: Unit | None) -> Verdict:
        """Run the instruction on the unit the drafted one now is, when it can be found: moved."""
        unit_id = _unit_id(instruction)
        moved = self.locate(instruction, drafted, current)
        if moved is not None:
            new_id, evidence = moved
            retargeted = copy.deepcopy(instruction)
            key = "term" if instruction.kind.endswith("definition") else "unit"
            retargeted.params[key] = new_id.split(":", 1)[1] if key == "term" else new_id
            if (problem := self.attempt(retargeted)) is not None:
                return self.conflict(instruction, f"moved to {new_id} but still fails: {problem}", drafted, current)
            return self.verdict(instruction, "moved", f"retargeted from {unit_id} to {new_id}", evidence=evidence,
                                retargeted_to=new_id)
        return self.conflict(instruction, problem, drafted, current)

    @staticmethod
    def scope(instruction: Instruction) -> list[object]:
        scope = instruction.params.get("scope")
        return scope if isinstance(scope, list) else []

    def elsewhere(self, drafted: Unit | None, current: Unit | None) -> bool:
        """Whether the drafted unit no longer holds its id (``current``, what does now): gone, or
        another unit there."""
        return current is None or (drafted is not None and self.alike(drafted, current) < SIMILARITY)

    def rescope(self, instruction: Instruction, problem: str) -> Verdict:
        """A rename whose scope names units that have moved: follow each to where its text now is."""
        scope = self.scope(instruction)
        if not scope:
            return self.conflict(instruction, problem, None, None)
        mapping: dict[str, str] = {}
        evidence = []
        for unit_id in scope:
            drafted, current = self.unit_texts(str(unit_id))
            if not self.elsewhere(drafted, current):
                continue
            moved = self.locate(instruction, drafted, current) if drafted is not None else None
            if moved is None:
                return self.conflict(instruction, problem, drafted, None)
            mapping[str(unit_id)] = moved[0]
            evidence.append(moved[1])
        retargeted = copy.deepcopy(instruction)
        retargeted.params["scope"] = [mapping.get(str(u), u) for u in scope]
        if (failure := self.attempt(retargeted)) is not None:
            return self.conflict(instruction, failure, None, None)
        moves = ", ".join(f"{a} → {b}" for a, b in mapping.items())
        return self.verdict(instruction, "moved", f"scope retargeted: {moves}", evidence="; ".join(evidence),
                            retargeted_to=", ".join(mapping.values()))

    def locate(self, instruction: Instruction, drafted: Unit | None,
               current: Unit | None) -> tuple[str, str] | None:
        """Where the drafted unit now stands, when its id no longer holds it (renumbered, re-lettered)."""
        if current is not None and (drafted is None or self.alike(drafted, current) >= SIMILARITY):
            return None  # the unit is still there: its words changed
        finds = [str(p["find"]) for p in instruction.params.get("replace", [])] if instruction.kind != "rename" else []
        candidates = [u for u in self.version.units() if u is not current and
                      all(" ".join((u.text, u.tail, u.heading)).count(f) == 1 for f in finds)]
        if drafted is None:  # an anchor found once, in the Section the instruction names
            if not finds:
                return None
            section = _section_of(_unit_id(instruction))
            candidates = [u for u in candidates if u.section is not None and u.section.id == section]
            if len(candidates) == 1:
                return candidates[0].id, f"anchor {finds[0]!r} found once in {section}, in {candidates[0].id}"
            return None
        section = drafted.section.label if drafted.section else ""
        best, score = None, 0.0
        for unit in candidates:
            if unit.kind is drafted.kind and (unit.section is None or unit.section.label == section):
                similarity = self.alike(drafted, unit)
                twin = self.drafted_index.get(unit.id)  # a unit the drafted version has too, as it is: itself
                if similarity > score and (twin is None or twin is drafted or self.alike(twin, unit) < similarity):
                    best, score = unit, similarity
        if best is None or score < SIMILARITY:
            return None
        return best.id, f"text of {drafted.id} found at {best.id} (similarity {score:.2f}, diff-match-patch)"

    def alike(self, a: Unit, b: Unit) -> float:
        """How alike two units' full texts are (0 to 1); very different lengths score 0."""
        x, y = _norm(a.full_text()), _norm(b.full_text())
        if abs(len(x) - len(y)) > 0.5 * max(len(x), len(y), 1):
            return 0.0
        return self.similarity(x, y)

    def similarity(self, a: str, b: str) -> float:
        """1 − Levenshtein distance over the longer length, from diff-match-patch."""
        diffs = self.dmp.diff_main(a, b, False)
        return 1 - self.dmp.diff_levenshtein(diffs) / max(len(a), len(b), 1)

    def conflict(self, instruction: Instruction, detail: str, drafted: Unit | None, current: Unit | None) -> Verdict:
        drafted_text = drafted.full_text() if drafted else ""
        return self.verdict(instruction, "conflict", detail, texts={
            "drafted": drafted_text or "(not in the version it was drafted against)",
            "base": current.full_text() if current else "(absent from the new base)",
            "wanted": _wanted(instruction, drafted_text)})


#: Kinds whose instruction names its unit by number (a definition is named by its term).
_BY_NUMBER = frozenset({"amend", "delete", "renumber", "move"})


def _section_of(unit_id: str) -> str:
    """The Section or Appendix id a unit id belongs to: "M8.5(b)" → "M", "AG:3.2" → "Appendix AG"."""
    code, colon, _ = unit_id.partition(":")
    return f"Appendix {code}" if colon and code.isalpha() else unit_id[:1]


def _unit_id(instruction: Instruction) -> str:
    params = instruction.params
    if instruction.kind.endswith("definition"):
        return f"A1.1:{params['term']}"
    return str(params.get("unit") or params.get("section") or params.get("from") or "")


def _wanted(instruction: Instruction, drafted: str) -> str:
    params = instruction.params
    if "text" in params:
        return str(params["text"])
    wanted = drafted
    for pair in params.get("replace", []):
        wanted = wanted.replace(str(pair["find"]), str(pair["with"]))
    return wanted or "(see the instruction)"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
