"""The amendment engine: base version + a modification's instructions → amended version + change log.

Works on a version derived from the base (copy on write: a unit is copied the first time an
instruction reaches it, see :meth:`Version.own`); the base is never touched. Each instruction either applies
exactly or raises :class:`ApplyError` naming the rules file, the instruction and the unit, so a
caller that writes outputs only after ``apply`` returns never writes half a result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from redline import wording
from redline.amend.context import ContextMatcher, ContextRule
from redline.amend.fragment import list_depth, list_kind, parse_fragment
from redline.amend.retarget import ReferenceEdit, SharedLabelError, reference_edits
from redline.graph import ClauseGraph
from redline.models import (
    LIST_KINDS,
    Change,
    ChangeKind,
    Instruction,
    Modification,
    RedlineError,
    Unit,
    UnitKind,
    Version,
)
from redline.read import labels as lab
from redline.refs.resolve import Resolver
from redline.support.gc import paused_gc

_FIELDS = ("text", "tail", "heading")


def _splits_word(text: str, start: int, end: int) -> str:
    """The word (or number) that ``text[start:end]`` cuts into at either end, or "": a find
    "Section G7.22" in "Section G7.22A" would edit half a reference."""
    for edge in (start, end):
        if 0 < edge < len(text) and start < end and text[edge - 1].isalnum() and text[edge].isalnum():
            left, right = edge, edge
            while left > 0 and (text[left - 1].isalnum() or text[left - 1] in ".-" and left > 1
                                and text[left - 2].isalnum()):
                left -= 1
            while right < len(text) and text[right].isalnum():
                right += 1
            return text[left:right]
    return ""


class ApplyError(RedlineError):
    """An instruction that cannot be applied exactly (``target``: the unit, term or Section it names)."""

    def __init__(self, message: str, target: str = "") -> None:
        super().__init__(message)
        self.target = target


@dataclass(frozen=True)
class Undecided:
    """An occurrence of a reworded phrase that no context rule decides: for a human."""

    unit_id: str
    context: str
    instruction: str


@dataclass
class ApplyResult:
    """What applying one modification produced."""

    version: Version
    changes: list[Change] = field(default_factory=list)
    undecided: list[Undecided] = field(default_factory=list)

    @property
    def not_applied(self) -> list[Change]:
        """Instructions recorded but not applied (external redrafts, blocked steps)."""
        return [c for c in self.changes if c.kind is ChangeKind.NOT_APPLIED]


def apply_modification(base: Version, modification: Modification, graph: ClauseGraph | None = None,
                       earlier: Sequence[Change] = ()) -> ApplyResult:
    """Apply every instruction of ``modification`` to a copy of ``base``.

    ``graph``, the base's clause graph when the caller has it, tells a renumbering which units
    cite the renumbered ones, so it need not scan the whole version for references.  ``earlier``
    are the changes of the modifications applied before it in the same run: a complete new text
    for a field one of them edited would discard that edit, and is refused as their conflict.
    """
    if modification.id in base.applied:
        raise ApplyError(f"{modification.file}: {modification.id} was already applied to {base.name}")
    version = base.derive()
    engine = Engine(version, modification, graph)
    for change in earlier:
        if change.kind is not ChangeKind.NOT_APPLIED:
            engine.written.setdefault((change.unit_uid, change.field), change.instruction)
    with paused_gc():  # edits allocate, the version is large: no whole-heap collections meanwhile
        for instruction in modification.instructions:
            engine.run(instruction)
    version.applied = [*base.applied, modification.id]
    version.name = f"{base.name}+{modification.id}"
    return ApplyResult(version.freeze(), engine.changes, engine.undecided)


class Engine:
    """Applies instructions one by one, recording each edit.

    Every unit it changes is the version's own (:meth:`own`): the units :meth:`lookup` finds
    are, and so is every unit below a clause-level one; the children of a unit holding
    clause-level ones (a Part, A1.1) are owned one by one as they are changed.
    """

    def __init__(self, version: Version, modification: Modification, graph: ClauseGraph | None = None) -> None:
        if version.frozen:
            raise ValueError(f"{version.name} is frozen (other versions share its units): edit a derived one")
        self.version = version
        self.graph = graph
        self.mod = modification
        self.changes: list[Change] = []
        self.undecided: list[Undecided] = []
        self.edited: dict[tuple[str, str], list[tuple[int, int, int]]] = {}  # spans this mod wrote
        self.written: dict[tuple[str, str], str] = {}  # (uid, field) → the first instruction that edited it
        self.instruction: Instruction | None = None
        self.unrecorded = False  # the instruction run changed the version before a check refused it, unrecorded
        self.serial = 0
        self.index: dict[str, Unit] | None = None
        self.uids: dict[str, Unit] | None = None

    # --- plumbing ---------------------------------------------------------------------

    def fail(self, problem: str) -> ApplyError:
        assert self.instruction is not None
        return ApplyError(f"{self.mod.file}: {self.instruction.describe()}: {problem}", self.instruction.target)

    def tag(self) -> str:
        assert self.instruction is not None
        return f"{self.mod.id}#{self.instruction.index}"

    def reason(self, default: str) -> str:
        assert self.instruction is not None
        return str(self.instruction.params.get("reason") or default)

    def record(self, unit: Unit, kind: ChangeKind, field_name: str, before: str, after: str,
               reason: str, consequential: bool = False, subtree: Unit | None = None) -> None:
        if kind in (ChangeKind.INSERT, ChangeKind.ADD_DEFINITION):
            self.version.claim(unit)
            self.reindex(unit, add=True)
            if self.uids is not None:
                self.uids.update((u.uid, u) for u in unit.walk())
        elif kind in (ChangeKind.DELETE, ChangeKind.DELETE_DEFINITION):
            self.reindex(unit, add=False)
        self.written.setdefault((unit.uid, field_name), self.tag())
        parent = unit.parent
        index = parent.children.index(unit) if subtree is not None and parent is not None else -1
        self.changes.append(Change(unit.uid, unit.id, kind, field_name, before, after, reason,
                                   self.tag(), consequential, subtree,
                                   parent.uid if parent is not None else "", index))

    def reindex(self, unit: Unit, add: bool) -> None:
        """Keep the id index in step as ``unit`` and its descendants come or go (or change ids)."""
        if self.index is None:
            return
        for member, member_id in unit.walk_ids():
            if add:
                self.index.setdefault(member_id, member)
            elif self.index.get(member_id) is member:
                del self.index[member_id]

    def citing(self, renamed: dict[str, tuple[str, str]]) -> tuple[set[str] | None, Resolver]:
        """Units that may cite the renamed ones (None: any), and a resolver on the live id index
        (its uid index is the version's: a reference's source may be any unit)."""
        known = None
        if self.graph is not None:  # the base's citations, plus whatever this run has rewritten
            known = {c.unit_uid for c in self.changes}
            for uid in renamed:
                known.update(self.graph.referring_uids(uid))
        return known, Resolver(self.version, *self.indexes())

    def successor(self, modification: Modification, version: Version | None = None) -> Engine:
        """An engine for the next modification on the same version, or on ``version`` derived from
        it, keeping the indexes built (a derived version's own copies replace entries as made)."""
        follower = Engine(version or self.version, modification, self.graph)
        follower.index, follower.uids = self.index, self.uids
        follower.written = dict(self.written)  # what this one edited: the next may conflict with it
        return follower

    def indexes(self) -> tuple[dict[str, Unit], dict[str, Unit]]:
        """Units by id and by uid, made once (the lookups of a version not frozen are its
        caller's to keep) and kept in step with every edit: uids never change, and a unit gone
        is never looked up."""
        if self.index is None or self.uids is None:
            found = self.version.lookups()
            self.index, self.uids = found.by_id, found.by_uid
        return self.index, self.uids

    def lookup(self, unit_id: str) -> Unit | None:
        """The unit with ``unit_id`` now (the version's own copy)."""
        found = self.indexes()[0].get(unit_id)
        return None if found is None else self.own(found)

    def own(self, unit: Unit) -> Unit:
        """The version's own copy of ``unit``, to change; the indexes name the copies made."""
        twin, made = self.version.own(unit)
        for member in made:
            if self.uids is not None:
                self.uids[member.uid] = member
            if self.index is not None:
                member_id = member.id
                held = self.index.get(member_id)
                if held is None or held.uid == member.uid:
                    self.index[member_id] = member
        return twin

    def own_below(self, container: Unit) -> None:
        """Own every unit below one that holds clause-level units (its children may be shared)."""
        for child in list(container.children):
            child = self.own(child)
            if child.holds_clause_level():
                self.own_below(child)

    def unit(self, unit_id: str) -> Unit:
        found = self.lookup(unit_id)
        if found is None:
            raise self.missing(unit_id, f"no unit {unit_id} in {self.version.name}")
        return found

    def missing(self, unit_id: str, problem: str) -> ApplyError:
        """"deleted by instruction N" when this modification deleted the unit (or its ancestor), else ``problem``."""
        for change in self.changes:
            gone = change.unit_id
            if change.kind in (ChangeKind.DELETE, ChangeKind.DELETE_DEFINITION) and \
                    (unit_id == gone or unit_id.startswith((f"{gone}(", f"{gone}:"))):
                return self.fail(f"{unit_id} was deleted by instruction {self.number(change.instruction)}")
        return self.fail(problem)

    def number(self, tag: str) -> str:
        """"SECMP0049#3" → "3"."""
        return tag.rsplit("#", 1)[1]

    def run(self, instruction: Instruction) -> None:
        self.instruction = instruction
        self.unrecorded = False
        missing = [m for m in [*self.mod.depends_on, *instruction.requires] if m not in self.version.applied]
        if missing:
            target = self.lookup(instruction.target)
            note = f"blocked: depends on {', '.join(missing)}, not applied to {self.version.name}"
            if target is None:
                note += f" ({instruction.target} does not exist without it)"
            self.changes.append(Change("", instruction.target, ChangeKind.NOT_APPLIED, "unit", "", "",
                                       note, self.tag()))
            return
        handler: Callable[[dict], None] = getattr(self, f"do_{instruction.kind}")
        handler(instruction.params)

    # --- text edits -------------------------------------------------------------------

    def set_field(self, unit: Unit, field_name: str, new: str, kind: ChangeKind, reason: str,
                  consequential: bool = False) -> None:
        """Set a whole field; refused when this modification already edited it (that edit would be lost)."""
        old = getattr(unit, field_name)
        if old == new:
            return
        if (earlier := self.written.get((unit.uid, field_name))) is not None:
            other = earlier.rsplit("#", 1)[0]
            if other == self.mod.id:
                by = "its own replace pairs" if earlier == self.tag() else f"instruction {self.number(earlier)}"
                raise self.fail(f"rewrites the whole {field_name} of {unit.id}, discarding the edit made by {by}; "
                                "give both edits in one instruction's new text")
            if other not in self.mod.depends_on:  # drafted without that edit
                raise self.fail(f"rewrites the whole {field_name} of {unit.id}, discarding the edit made by "
                                f"{other}'s instruction {self.number(earlier)}")
        setattr(unit, field_name, new)
        self.record(unit, kind, field_name, old, new, reason, consequential)

    def check_overlap(self, unit: Unit, field_name: str, start: int, end: int) -> None:
        """Refuse an edit of [start, end) that overlaps text this modification already wrote."""
        for s, e, index in self.edited.get((unit.uid, field_name), []):
            if start < e and s < end or (start == end and s < start < e):
                raise self.fail(f"edit at {unit.id} overlaps the edit made by instruction {index}")

    def replace_span(self, unit: Unit, field_name: str, start: int, end: int, new: str, check: bool = True) -> None:
        """Replace [start, end) of a field, refusing overlap with this modification's earlier edits
        (unless ``check`` is off: a reference following its target may stand in words just written)."""
        if check:
            self.check_overlap(unit, field_name, start, end)
        key = (unit.uid, field_name)
        spans = self.edited.setdefault(key, [])
        delta = len(new) - (end - start)
        shifted = [(s + delta if s >= end else s, e + delta if e >= end else e, i) for s, e, i in spans]
        assert self.instruction is not None
        self.edited[key] = [*shifted, (start, start + len(new), self.instruction.index)]
        text = getattr(unit, field_name)
        setattr(unit, field_name, text[:start] + new + text[end:])

    def find_replace(self, unit: Unit, pairs: list[dict], kind: ChangeKind, reason: str) -> None:
        """Locate every find in the unit as it stands, then replace them all, last first."""
        before = {f: getattr(unit, f) for f in _FIELDS}
        edits: list[tuple[str, int, int, str]] = []
        for pair in pairs:
            find, replacement = str(pair["find"]), str(pair["with"])
            expected = pair.get("count", 1)
            hits = [(f, m.start()) for f in _FIELDS for m in re.finditer(re.escape(find), before[f])]
            if not hits:
                raise self.fail(f"{find!r} not found in {unit.id}")
            for f, start in hits:
                if split := _splits_word(before[f], start, start + len(find)):
                    raise self.fail(f"{find!r} stands inside the word {split!r} in {unit.id}: it would edit part "
                                    "of a word (or of a number, such as a reference); give the whole word")
            if expected != "all" and len(hits) != int(expected):
                raise self.fail(f"{find!r} matches {len(hits)} times in {unit.id} (expected {expected}); "
                                "give more context")
            edits.extend((f, start, start + len(find), replacement) for f, start in hits)
        ordered = sorted(edits, key=lambda e: (e[0], -e[1]))
        for (f, start, _, _), (g, _, end2, _) in zip(ordered, ordered[1:], strict=False):
            if f == g and start < end2:
                raise self.fail(f"edit at {unit.id} overlaps the edit made by instruction "
                                f"{self.instruction.index if self.instruction else '?'}")
        for f, start, end, _ in ordered:
            self.check_overlap(unit, f, start, end)
        for f, start, end, replacement in ordered:
            self.replace_span(unit, f, start, end, replacement)
        for f in _FIELDS:
            if getattr(unit, f) != before[f]:
                self.record(unit, kind, f, before[f], getattr(unit, f), reason)

    def do_amend(self, params: dict) -> None:
        unit = self.unit(params["unit"])
        self.amend_unit(unit, params, ChangeKind.AMEND, f"amended by {self.mod.id}")

    def amend_unit(self, unit: Unit, params: dict, kind: ChangeKind, default_reason: str) -> None:
        reason = self.reason(default_reason)
        if "replace" in params:
            self.find_replace(unit, params["replace"], kind, reason)
        if "text" in params:
            self.set_full_text(unit, str(params["text"]), params.get("field", "text"), kind, reason)
        if "heading" in params:
            self.set_field(unit, "heading", str(params["heading"]), kind, reason)

    def set_full_text(self, unit: Unit, text: str, field_name: str, kind: ChangeKind, reason: str) -> None:
        """Complete new text: a single line (or none: every word deleted) replaces the field; lines
        "(a) …" also replace children."""
        lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
        if len(lines) <= 1 or field_name != "text":
            self.set_field(unit, field_name, " ".join(lines), kind, reason)
            return
        fresh = self.parse_fragment(unit, lines)
        self.set_field(unit, "text", fresh.text, kind, reason)
        self.set_field(unit, "tail", fresh.tail, kind, reason)
        self.merge_children(unit, fresh.children, kind, reason)

    def merge_children(self, unit: Unit, fresh: list[Unit], kind: ChangeKind, reason: str) -> None:
        """Bring ``unit``'s children in line with ``fresh``, matching by label."""
        old = {c.label: self.own(c) for c in list(unit.children)}
        new_children = []
        for child in fresh:
            if child.label in old:
                kept = old.pop(child.label)
                self.set_field(kept, "text", child.text, kind, reason)
                self.set_field(kept, "tail", child.tail, kind, reason)
                self.merge_children(kept, child.children, kind, reason)
                new_children.append(kept)
            else:
                self.adopt(unit, child)
                new_children.append(child)
                self.record(child, ChangeKind.INSERT, "unit", "", child.full_text(), reason)
        for gone in old.values():
            self.record(gone, ChangeKind.DELETE, "unit", gone.full_text(), "", reason, subtree=gone.copy_tree())
        unit.children = new_children

    # --- units --------------------------------------------------------------------------

    def new_uid(self) -> str:
        self.serial += 1
        self.unrecorded = True  # a serial spent: a failure after it must not change the next unit's uid
        assert self.instruction is not None
        return f"{self.mod.id}:{self.instruction.index}.{self.serial}"

    def adopt(self, parent: Unit, subtree: Unit) -> None:
        """Give ``subtree`` fresh permanent identities and hang it under ``parent``."""
        subtree.parent = parent
        for unit in subtree.walk():
            unit.uid = self.new_uid()
            unit.appendix = parent.appendix
            for child in unit.children:
                child.parent = unit

    def parse_fragment(self, context: Unit, lines: list[str]) -> Unit:
        """New text ("text\\n(a) …") read as the content of a unit like ``context``."""
        try:
            return parse_fragment(context, lines, self.mod.file)
        except RedlineError as exc:
            raise self.fail(str(exc)) from exc

    def parent_for(self, unit_id: str) -> tuple[Unit, str]:
        """The parent a new unit ``unit_id`` belongs under, and its label there."""
        m = re.match(r"^(?P<parent>.+?)(?P<label>\([^()]+\))$", unit_id)
        if m:
            return self.unit(m["parent"]), m["label"]
        if ":" in unit_id and not unit_id.startswith("A1.1:"):
            code, number = unit_id.split(":", 1)
            prefix = number.rsplit(".", 1)[0]
            parent = self.lookup(f"{code}:{prefix}") or self.lookup(f"{code}:{number.split('.')[0]}")
            if parent is None:
                raise self.fail(f"no place for {unit_id}: neither {code}:{prefix} nor its part exists")
            return parent, number
        part_id = unit_id.split(".")[0]
        part = self.lookup(part_id)
        if part is None:
            section = self.unit(part_id[0])
            part = Unit(uid=self.new_uid(), kind=UnitKind.PART, label=part_id)
            section.add(part)
            self.record(part, ChangeKind.INSERT, "unit", "", "", self.reason("new part"))
        return part, unit_id

    def do_insert(self, params: dict) -> None:
        unit_id = str(params["unit"])
        if self.lookup(unit_id) is not None and not params.get("reletter"):
            raise self.fail(f"{unit_id} already exists; use reletter = true to shift the units after it")
        parent, label = self.parent_for(unit_id)
        lines = [ln.strip() for ln in str(params["text"]).strip().splitlines() if ln.strip()]
        fresh = self.parse_fragment(parent.children[0] if parent.children else parent, lines)
        kind = UnitKind.CLAUSE if parent.kind is UnitKind.PART or parent.kind is UnitKind.CLAUSE and \
            not label.startswith("(") else list_kind(parent)
        unit = Unit(uid="", kind=kind, label=label, heading=str(params.get("heading", "")),
                    text=fresh.text, tail=fresh.tail, children=fresh.children)
        self.adopt(parent, unit)
        index = self.insert_index(parent, unit, params)
        if params.get("reletter"):
            self.shift_labels(parent.children[index:], +1)
        parent.children.insert(index, unit)
        self.check_order(unit)
        self.record(unit, ChangeKind.INSERT, "unit", "", unit.full_text(), self.reason(f"inserted by {self.mod.id}"))

    def insert_index(self, parent: Unit, unit: Unit, params: dict) -> int:
        for key, offset in (("after", 1), ("before", 0)):
            if params.get(key):
                anchor = self.unit(str(params[key]))
                if anchor.parent is not parent:
                    raise self.fail(f"{params[key]} is not a sibling of {unit.id}")
                return parent.children.index(anchor) + offset
        scheme = lab.SCHEME_BY_DEPTH[min(list_depth(unit) - 1, 2)] if unit.kind in LIST_KINDS else None
        for i, sibling in enumerate(parent.children):
            if lab.sibling_key(sibling.label, scheme) >= lab.sibling_key(unit.label, scheme):
                return i
        return len(parent.children)

    def do_delete(self, params: dict) -> None:
        unit = self.unit(str(params["unit"]))
        parent = unit.parent
        assert parent is not None
        index = parent.children.index(unit)
        self.record(unit, ChangeKind.DELETE, "unit", unit.full_text(), "",
                    self.reason(f"deleted by {self.mod.id}"), subtree=unit.copy_tree())
        del parent.children[index]
        if params.get("reletter"):
            self.shift_labels(parent.children[index:], -1)

    def shift_labels(self, siblings: list[Unit], step: int) -> None:
        """Re-letter list siblings (or renumber clauses) by ``step``; references follow."""
        moves = []
        for sibling in map(self.own, siblings):
            new_label = lab.shift_label(sibling.label, step)
            if new_label is None:
                raise self.fail(f"cannot re-letter {sibling.id}")
            moves.append((sibling, new_label))
        self.relabel(moves, f"re-lettered after an insertion or deletion by {self.mod.id}", consequential=True)

    def do_renumber(self, params: dict) -> None:
        """A new number (or letter) in the same place: the unit keeps its parent, and stays in
        number order among its siblings; a Part's clauses take its new number with it."""
        unit = self.unit(str(params["unit"]))
        to = str(params["to"])
        label = to.split(":", 1)[1] if ":" in to and unit.appendix else to
        m = re.match(r"^(?P<parent>.+?)(?P<label>\([^()]+\))$", to)
        if unit.kind in LIST_KINDS and m:
            parent = unit.parent
            assert parent is not None
            if m["parent"] != parent.id:
                raise self.fail(f"{to} is not under {parent.id}, where {unit.id} stands: a renumbering keeps "
                                "the unit's place (use move)")
            label = m["label"]
        if self.lookup(to) is not None:
            raise self.fail(f"{to} already exists")
        moves = [(unit, label)]
        if unit.kind is UnitKind.PART:
            if unit.appendix or not label[:1] == unit.label[:1]:
                raise self.fail(f"{unit.id} → {to}: a Part is renumbered within its Section, not in an Appendix")
            self.own_below(unit)  # its clauses are relabelled too: the version's own copies
            moves += [(clause, label + clause.label[len(unit.label):]) for clause in unit.children
                      if clause.kind is UnitKind.CLAUSE and clause.label.startswith(f"{unit.label}.")]
        elif unit.kind is UnitKind.CLAUSE and not unit.appendix and \
                label.split(".")[0] != unit.label.split(".")[0]:
            raise self.fail(f"{to} is not in Part {unit.label.split('.')[0]}, where {unit.id} stands: a "
                            "renumbering keeps the unit's place (use move)")
        self.relabel(moves, self.reason(f"renumbered by {self.mod.id}"))
        self.check_order(unit)

    def relabel(self, moves: list[tuple[Unit, str]], reason: str, consequential: bool = False) -> None:
        """Change units' labels and rewrite every reference to them and to their descendants."""
        for unit, _ in moves:
            if unit.holds_clause_level():
                self.own_below(unit)  # the ids below it change: no shared unit may be walked for them
        old_ids = {u.uid: u.id for unit, _ in moves for u in unit.walk()}
        old_labels = [unit.label for unit, _ in moves]
        for unit, label in moves:
            unit.label = label
        renamed = {u.uid: (old_ids[u.uid], u.id) for unit, _ in moves for u in unit.walk()}
        for (unit, _), old in zip(moves, old_labels, strict=True):
            unit.label = old  # resolve references while they still read the old numbers
        # a term is cited by its words, not by number: renaming it is the rename's work
        edits = [] if all(unit.kind is UnitKind.DEFINITION for unit, _ in moves) else self.reference_edits(renamed)
        for unit, _ in moves:
            self.reindex(unit, add=False)  # under the old ids, which the resolver needed until now
        for (unit, label), old in zip(moves, old_labels, strict=True):
            unit.label = label
            self.reindex(unit, add=True)
            self.record(unit, ChangeKind.RENUMBER, "label", old, label, reason, consequential)
        self.rewrite_references(edits)

    def reference_edits(self, renamed: dict[str, tuple[str, str]]) -> list[ReferenceEdit]:
        """The edits that make the references to renamed units follow them; an error when one
        cannot (:class:`SharedLabelError`)."""
        try:
            return reference_edits(self.version, renamed, *self.citing(renamed))
        except SharedLabelError as error:
            raise self.fail(str(error)) from None

    def rewrite_references(self, edits: list[ReferenceEdit]) -> None:
        """Apply reference edits (last first within a field), each a consequential change."""
        units = self.indexes()[1]
        for edit in edits:
            source = self.own(units[edit.source_uid])
            text = getattr(source, edit.field)
            if text[edit.start:edit.end] != edit.old:
                raise self.fail(f"reference {edit.old!r} in {source.id} moved while being rewritten")
            self.replace_span(source, edit.field, edit.start, edit.end, edit.new, check=False)  # later edits see it
            self.record(source, ChangeKind.REFERENCE, edit.field, text, getattr(source, edit.field),
                        f"reference {edit.old!r} follows its target: now {edit.new!r}", consequential=True)

    def check_order(self, unit: Unit) -> None:
        """Refuse an edit that leaves ``unit`` out of number order among its siblings of its kind
        (G7.25 between G7.19 and G7.21, or two G7.21s): the amended version would not read back."""
        if unit.parent is None or unit.kind is UnitKind.DEFINITION:
            return
        scheme = lab.SCHEME_BY_DEPTH[min(list_depth(unit) - 1, 2)] if unit.kind in LIST_KINDS else None
        key = lab.sibling_key(unit.label, scheme)
        before, after = unit.neighbours()
        if before is not None and lab.sibling_key(before.label, scheme) >= key or \
                after is not None and lab.sibling_key(after.label, scheme) <= key:
            self.unrecorded = True  # the unit stands there already (an insert records it after this check)
            around = " and ".join(u.id for u in (before, after) if u is not None)
            raise self.fail(f"{unit.id} would stand next to {around}, out of number order (the amended "
                            "version would not read back): give it a number in sequence, or move it")

    def do_move(self, params: dict) -> None:
        """Move a unit with its children to ``to``, after or before a sibling there; every
        reference to it or to its children follows (a consequential edit each)."""
        unit = self.unit(str(params["unit"]))
        to = str(params["to"])
        if unit.kind not in (UnitKind.CLAUSE, *LIST_KINDS):
            raise self.fail(f"{unit.id} is a {unit.kind.value}: only clauses and paragraphs move")
        if (there := self.lookup(to)) is not None and there is not unit:
            raise self.fail(f"{to} already exists")
        parent, label = self.parent_for(to)
        key = "after" if params.get("after") else "before"
        anchor = self.unit(str(params[key]))
        if anchor is unit or unit in anchor.ancestors() or parent is unit or unit in parent.ancestors():
            raise self.fail(f"{unit.id} cannot move beside or into itself")
        if anchor.parent is not parent:
            raise self.fail(f"{params[key]} is not where {to} belongs (under {parent.id or 'the version'})")
        kind = UnitKind.CLAUSE if not label.startswith("(") else list_kind(parent)
        if kind is not unit.kind:
            raise self.fail(f"{unit.id} is a {unit.kind.value}; {to} would be a {kind.value}: "
                            "moving between levels is not supported")
        old_parent, old_label = unit.parent, unit.label
        assert old_parent is not None
        old_ids = {u.uid: u.id for u in unit.walk()}
        unit.parent, unit.label = parent, label  # the ids it will have, for the references
        renamed = {u.uid: (old_ids[u.uid], u.id) for u in unit.walk() if u.id != old_ids[u.uid]}
        unit.parent, unit.label = old_parent, old_label
        edits = self.reference_edits(renamed) if renamed else []
        self.reindex(unit, add=False)
        index = old_parent.children.index(unit)
        self.changes.append(Change(unit.uid, to, ChangeKind.MOVE, "unit", unit.id, to,
                                   self.reason(f"moved by {self.mod.id} {key} {params[key]}"), self.tag(),
                                   parent_uid=old_parent.uid, index=index))
        del old_parent.children[index]
        parent.children.insert(parent.children.index(anchor) + (key == "after"), unit)
        unit.parent = parent
        for member in unit.walk():
            member.appendix = parent.appendix
        if label != old_label:
            unit.label = label
            self.record(unit, ChangeKind.RENUMBER, "label", old_label, label,
                        self.reason(f"renumbered by {self.mod.id} as it moves"))
        self.reindex(unit, add=True)
        self.check_order(unit)
        self.rewrite_references(edits)

    # --- definitions ----------------------------------------------------------------

    def definitions_clause(self) -> Unit:
        clause = self.lookup("A1.1")
        if clause is None:
            raise self.fail(f"{self.version.name} has no Section A1.1")
        return clause

    def do_add_definition(self, params: dict) -> None:
        term = str(params["term"]).strip()
        clause = self.definitions_clause()
        if any(d.label == term for d in clause.children):
            raise self.fail(f"{term!r} is already defined in A1.1")
        lines = [ln.strip() for ln in str(params["text"]).strip().splitlines() if ln.strip()]
        stand_in = Unit(uid="", kind=UnitKind.DEFINITION, label=term, parent=clause)
        fresh = self.parse_fragment(stand_in, lines)
        definition = Unit(uid="", kind=UnitKind.DEFINITION, label=term, text=fresh.text, tail=fresh.tail,
                          children=fresh.children)
        self.adopt(clause, definition)
        key = wording.collation_key(term)
        index = next((i for i, d in enumerate(clause.children)
                      if d.kind is UnitKind.DEFINITION and wording.collation_key(d.label) > key),
                     len(clause.children))
        clause.children.insert(index, definition)
        self.record(definition, ChangeKind.ADD_DEFINITION, "unit", "", definition.full_text(),
                    self.reason(f"new definition added by {self.mod.id}"))

    def definition(self, term: str) -> Unit:
        found = self.lookup(f"A1.1:{term}")
        if found is None:
            raise self.missing(f"A1.1:{term}", f"{term!r} is not defined in A1.1 of {self.version.name}")
        return found

    def do_amend_definition(self, params: dict) -> None:
        definition = self.definition(str(params["term"]))
        self.amend_unit(definition, params, ChangeKind.AMEND_DEFINITION, f"definition amended by {self.mod.id}")
        if params.get("to"):
            self.rename_definition(definition, str(params["to"]))

    def rename_definition(self, definition: Unit, term: str) -> None:
        """Give a definition its new term and move it where the term stands in alphabetical order."""
        self.relabel([(definition, term)], self.reason(f"term renamed by {self.mod.id}"))
        clause = definition.parent
        assert clause is not None
        old_index = clause.children.index(definition)
        rest = [d for d in clause.children if d is not definition]
        key = wording.collation_key(term)
        index = next((i for i, d in enumerate(rest)
                      if d.kind is UnitKind.DEFINITION and wording.collation_key(d.label) > key), len(rest))
        if index == old_index:
            return
        anchor = rest[index - 1] if index else rest[0]
        where = f"after {anchor.label!r}" if index else f"before {anchor.label!r}"
        self.changes.append(Change(definition.uid, definition.id, ChangeKind.MOVE, "unit", definition.id,
                                   definition.id, self.reason(f"moved by {self.mod.id} into alphabetical order, "
                                                               f"{where}"), self.tag(),
                                   parent_uid=clause.uid, index=old_index))
        clause.children[:] = rest[:index] + [definition] + rest[index:]

    def do_delete_definition(self, params: dict) -> None:
        definition = self.definition(str(params["term"]))
        parent = definition.parent
        assert parent is not None
        self.record(definition, ChangeKind.DELETE_DEFINITION, "unit", definition.full_text(), "",
                    self.reason(f"definition deleted by {self.mod.id}"), subtree=definition.copy_tree())
        parent.children.remove(definition)

    # --- rename with context rules ----------------------------------------------------

    def scope_units(self, scope: object) -> list[Unit]:
        if scope in (None, "all", "everywhere"):
            return list(self.version.units())
        ids = [scope] if isinstance(scope, str) else list(scope) if isinstance(scope, list) else []
        seen: dict[str, Unit] = {}
        for unit_id in ids:
            for unit in self.unit(str(unit_id)).walk():
                seen.setdefault(unit.uid, unit)
        return list(seen.values())

    def do_rename(self, params: dict) -> None:
        old, new = str(params["from"]), str(params["to"])
        where = f"{self.mod.file}: instruction {self.instruction.index if self.instruction else '?'}"
        rules = [ContextRule.from_toml(r, where) for r in params.get("rules", [])]
        matcher = ContextMatcher(old, rules) if rules else None
        default = ContextRule(name="rename", to=new, to_plural=params.get("to_plural"), keep=False)
        found = [self.rename_in(unit, field_name, old, default, matcher)
                 for unit in self.scope_units(params.get("scope")) for field_name in _FIELDS]
        if params.get("definition", True) and self.lookup(f"A1.1:{old}") is not None and not rules:
            self.rename_definition(self.definition(old), new)
        elif not any(found):
            where = "the units of its scope" if params.get("scope") else self.version.name
            raise self.fail(f"{old!r} occurs nowhere in {where}: the rename changes nothing")

    def rename_in(self, unit: Unit, field_name: str, old: str, default: ContextRule,
                  matcher: ContextMatcher | None) -> bool:
        """Reword ``old`` in one field of ``unit``; whether it occurs there at all."""
        text = getattr(unit, field_name)
        found = wording.occurrences(text, old)
        if not found:
            return False
        unit = self.own(unit)
        before = text
        for occ in reversed(found):
            rule = matcher.decide(text, occ.start, occ.end) if matcher else default
            if rule is None:
                lo, hi = max(0, occ.start - 60), min(len(text), occ.end + 60)
                self.undecided.append(Undecided(unit.id, text[lo:hi], self.tag()))
                continue
            if rule.keep or rule.to is None:
                continue
            replacement = wording.inflect(rule.to, occ, rule.to_plural)
            start = occ.start
            fixed, changed = wording.fix_article(text[:start], replacement)
            if changed:
                art = re.search(r"[Aa]n?\s+$", text[:start])
                assert art is not None
                self.replace_span(unit, field_name, art.start(), start, fixed[art.start():])
                start = len(fixed)
                text = getattr(unit, field_name)
            self.replace_span(unit, field_name, start, start + (occ.end - occ.start), replacement)
            text = getattr(unit, field_name)
        if text != before:
            self.record(unit, ChangeKind.RENAME, field_name, before, text,
                        self.reason(f"{old!r} reworded by {self.mod.id}"))
        return True

    # --- sections -----------------------------------------------------------------------

    def do_replace_section(self, params: dict) -> None:
        code = str(params["section"])
        section = self.unit(code)
        if params.get("external") or not params.get("file"):
            note = str(params.get("note") or f"Section {code} redraft supplied as a separate attachment")
            self.changes.append(Change(section.uid, section.id, ChangeKind.NOT_APPLIED, "unit", "", "",
                                       f"external redraft, not applied: {note}", self.tag()))
            return
        from redline.read import read_version

        path = Path(str(params["file"]))
        if not path.is_absolute():
            path = Path(self.mod.file).parent / path
        redraft = read_version([path])
        replacement = redraft.get(code)
        if replacement is None:
            raise self.fail(f"{path} holds no Section {code}")
        self.merge_children(section, replacement.children, ChangeKind.AMEND,
                            self.reason(f"Section {code} redrafted by {self.mod.id}"))
