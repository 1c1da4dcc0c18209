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

import copy
import re
from dataclasses import dataclass, field

from diff_match_patch import diff_match_patch

from redline.amend.engine import ApplyError, Engine
from redline.graph import ClauseGraph
from redline.models import ChangeKind, Instruction, Modification, Unit, Version

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

    def record(self) -> dict[str, object]:
        """The JSON shape."""
        return {"modification": self.modification, "instruction": self.instruction, "kind": self.kind,
                "target": self.target, "status": self.status, "detail": self.detail, "evidence": self.evidence,
                "retargeted_to": self.retargeted_to, "texts": self.texts}


class Classifier:
    """Runs a modification's instructions one by one on ``version`` (mutated in place)."""

    def __init__(self, version: Version, mod: Modification, drafted: Version | None,
                 earlier: dict[str, str], graph: ClauseGraph | None = None,
                 previous: Engine | None = None) -> None:
        self.version = version
        self.mod = mod
        self.drafted = drafted
        self.earlier = earlier  # uid → the earlier modification that changed it
        self.engine = previous.successor(mod) if previous is not None else Engine(version, mod, graph)
        self.drafted_index = drafted.index() if drafted is not None else {}
        self.dmp = diff_match_patch()

    def run(self) -> list[Verdict]:
        """Classify (and, where possible, apply) every instruction."""
        verdicts = [self.classify(i) for i in self.mod.instructions]
        self.version.applied = [*self.version.applied, self.mod.id]
        self.version.name = f"{self.version.name}+{self.mod.id}"  # as apply names it, so version.json is true
        return verdicts

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
            return self.verdict(instruction, "obsolete", "the base already contains this change")
        stale = self.stale_full_text(instruction)
        if stale is not None:
            return stale
        before = len(self.engine.changes)
        try:
            self.engine.run(instruction)
        except ApplyError as exc:
            return self.after_failure(instruction, str(exc).split(": ", 2)[-1])
        touched = {c.unit_uid for c in self.engine.changes[before:] if c.kind is not ChangeKind.NOT_APPLIED}
        shared = sorted({self.earlier[u] for u in touched if u in self.earlier})
        detail = "applies exactly" + (f"; the unit was also changed by {', '.join(shared)}" if shared else "")
        return self.verdict(instruction, "clean", detail)

    # --- diagnosis ------------------------------------------------------------------------

    def unit_texts(self, unit_id: str) -> tuple[Unit | None, Unit | None]:
        return self.drafted_index.get(unit_id), self.engine.lookup(unit_id)

    def obsolete(self, instruction: Instruction) -> bool:
        params, kind = instruction.params, instruction.kind
        drafted, current = self.unit_texts(_unit_id(instruction))
        if kind in ("amend", "amend_definition") and current is not None:
            pairs = params.get("replace", [])
            own = " ".join((current.text, current.tail, current.heading))
            if pairs and all(p["find"] not in own and p["with"] in own for p in pairs):
                return True
            return "text" in params and _norm(current.full_text()) == _norm(str(params["text"]))
        if kind == "add_definition":
            return current is not None and _norm(current.full_text()) == _norm(str(params["text"]))
        if kind in ("delete", "delete_definition"):
            return current is None and (self.drafted is None or drafted is not None)
        if kind in ("renumber", "move"):  # the base already numbers (and places) it so
            return current is None and self.engine.lookup(str(params["to"])) is not None
        if kind == "insert":
            return current is not None and _norm(current.full_text()) == _norm(str(params["text"]))
        return False

    def stale_full_text(self, instruction: Instruction) -> Verdict | None:
        """A complete new text drafted against words the new base has changed: a conflict."""
        if "text" not in instruction.params or instruction.kind not in ("amend", "amend_definition"):
            return None
        drafted, current = self.unit_texts(_unit_id(instruction))
        if drafted is None or current is None or _norm(drafted.full_text()) == _norm(current.full_text()):
            return None
        return self.conflict(instruction, "the unit's text changed since the version it was drafted against",
                             drafted, current)

    def after_failure(self, instruction: Instruction, problem: str) -> Verdict:
        if instruction.kind == "rename":
            return self.rescope(instruction, problem)
        unit_id = _unit_id(instruction)
        drafted, current = self.unit_texts(unit_id)
        if current is not None and current.uid in self.earlier:
            return self.conflict(instruction, f"{unit_id} was changed by {self.earlier[current.uid]}: {problem}",
                                 drafted, current)
        moved = self.locate(instruction, drafted, current)
        if moved is not None:
            new_id, evidence = moved
            retargeted = copy.deepcopy(instruction)
            key = "term" if instruction.kind.endswith("definition") else "unit"
            retargeted.params[key] = new_id.split(":", 1)[1] if key == "term" else new_id
            try:
                self.engine.run(retargeted)
            except ApplyError as exc:
                return self.conflict(instruction, f"moved to {new_id} but still fails: {exc}", drafted, current)
            return self.verdict(instruction, "moved", f"retargeted from {unit_id} to {new_id}", evidence=evidence,
                                retargeted_to=new_id)
        return self.conflict(instruction, problem, drafted, current)

    def rescope(self, instruction: Instruction, problem: str) -> Verdict:
        """A rename whose scope names units that have moved: follow each to where its text now is."""
        scope = instruction.params.get("scope")
        if not isinstance(scope, list):
            return self.conflict(instruction, problem, None, None)
        mapping: dict[str, str] = {}
        evidence = []
        for unit_id in scope:
            drafted, current = self.unit_texts(str(unit_id))
            if current is not None:
                continue
            moved = self.locate(instruction, drafted, None) if drafted is not None else None
            if moved is None:
                return self.conflict(instruction, problem, drafted, None)
            mapping[str(unit_id)] = moved[0]
            evidence.append(moved[1])
        retargeted = copy.deepcopy(instruction)
        retargeted.params["scope"] = [mapping.get(str(u), u) for u in scope]
        try:
            self.engine.run(retargeted)
        except ApplyError as exc:
            return self.conflict(instruction, str(exc), None, None)
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
        if drafted is None:
            if finds and len(candidates) == 1:
                return candidates[0].id, f"anchor {finds[0]!r} found once, in {candidates[0].id}"
            return None
        section = drafted.section.label if drafted.section else ""
        best, score = None, 0.0
        for unit in candidates:
            if unit.kind is drafted.kind and (unit.section is None or unit.section.label == section):
                similarity = self.alike(drafted, unit)
                if similarity > score:
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
