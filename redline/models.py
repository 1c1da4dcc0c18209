"""Plain dataclasses for SEC documents: versions, units, definitions and reading reports.

Every unit carries a permanent identity (``uid``) that never changes, and a displayed
``label`` ("C2.3", "(a)", "3.2.4", or a defined term).  The canonical ``id`` ("C2.3(a)(ii)",
"AG:3.2.4", "A1.1:Draft Proposal") is derived from the labels on the path to the unit, so a
renumbering changes labels and ids while every link held by ``uid`` survives.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, overload


class UnitKind(StrEnum):
    """The levels of the SEC's structure."""

    VERSION = "version"
    SECTION = "section"  # "C" Governance
    APPENDIX = "appendix"  # "Appendix AG" Incident Management Policy (never collides with a Section)
    PART = "part"  # "C2", "D9A"; in an appendix the numbered heading "3"
    CLAUSE = "clause"  # "C2.3"; in an appendix "3.2" or "3.2.4"
    PARAGRAPH = "paragraph"  # "(a)"
    SUBPARAGRAPH = "subparagraph"  # "(i)"
    ITEM = "item"  # "(A)", deeper levels
    DEFINITION = "definition"  # a row of the A1.1 definitions table


#: Kinds whose label is a bracketed list label and whose id extends the parent's id.
LIST_KINDS = (UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH, UnitKind.ITEM)
#: Kinds whose children are clause-level units (a clause, a definition, a Section's own paragraph).
CONTAINER_KINDS = (UnitKind.VERSION, UnitKind.SECTION, UnitKind.APPENDIX, UnitKind.PART)


@dataclass(frozen=True)
class Position:
    """Where a unit or a piece of text came from."""

    file: str
    line: int | None = None
    page: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.page is not None:
            where += f" p.{self.page}"
        if self.line is not None:
            where += f":{self.line}"
        return where


@dataclass
class Unit:
    """One unit of the SEC: a Section, Appendix, Part, Clause, paragraph or Definition.

    ``text`` is the unit's own words before its children; ``tail`` the words that continue
    after its children ("and the Code Administrator shall comply with such process.").
    For a Definition, ``label`` is the defined term and ``text`` its definition.
    """

    uid: str
    kind: UnitKind
    label: str
    heading: str = ""
    text: str = ""
    tail: str = ""
    position: Position | None = None
    children: list[Unit] = field(default_factory=list)
    parent: Unit | None = field(default=None, repr=False, compare=False)
    appendix: str = ""  # appendix code ("AG") for units inside an appendix

    @property
    def id(self) -> str:
        """Canonical id, written the SEC's way without spaces."""
        if self.kind is UnitKind.VERSION:
            return ""
        if self.kind is UnitKind.DEFINITION:
            return f"{self.parent.id if self.parent else 'A1.1'}:{self.label}"
        if self.kind in LIST_KINDS:
            return (self.parent.id if self.parent else "") + self.label
        if self.kind is UnitKind.APPENDIX:
            return f"Appendix {self.label}"
        if self.appendix:
            return f"{self.appendix}:{self.label}"
        return self.label

    def add(self, child: Unit) -> Unit:
        """Append ``child`` and set its parent."""
        child.parent = self
        self.children.append(child)
        return child

    def copy_tree(self, parent: Unit | None = None) -> Unit:
        """A copy of this unit and its descendants, hung under ``parent`` (not added to it)."""
        twin = object.__new__(Unit)  # field by field, without __init__: a version has 10^5 units
        twin.__dict__.update(self.__dict__)
        twin.parent = parent
        twin.children = [child.copy_tree(twin) for child in self.children]
        return twin

    def walk(self) -> Iterator[Unit]:
        """This unit and all its descendants, in document order."""
        # A stack of live child-list iterators rather than nested generators: a deep unit is
        # yielded once, not passed up through a generator per level.
        yield self
        stack = [iter(self.children)]
        while stack:
            for child in stack[-1]:
                yield child
                if child.children:
                    stack.append(iter(child.children))
                    break
            else:
                stack.pop()

    def walk_ids(self) -> Iterator[tuple[Unit, str]]:
        """This unit and all its descendants with their canonical ids, in document order.

        The ids come top-down in the one walk (each from its parent's), where :attr:`id` walks
        up the tree on every call; the rule is :attr:`id`'s, which it must stay in step with.
        """
        own = self.id
        yield self, own
        stack = [(iter(self.children), self, own)]
        while stack:
            children, parent, parent_id = stack[-1]
            for child in children:
                child_id = child.id_under(parent, parent_id)
                yield child, child_id
                if child.children:
                    stack.append((iter(child.children), child, child_id))
                    break
            else:
                stack.pop()

    def id_under(self, parent: Unit, parent_id: str) -> str:
        """This unit's id, knowing its parent's (``parent_id``): :attr:`id` without the walk up."""
        if self.parent is not parent:  # hung without add(), or shared with another version: ask it
            return self.id
        if self.kind is UnitKind.DEFINITION:
            return f"{parent_id}:{self.label}"
        if self.kind in LIST_KINDS:
            return parent_id + self.label
        return self.id  # a label, or "AG:3.2": no walk up

    def holds_clause_level(self) -> bool:
        """Whether this unit's children are clause-level units, each whole in itself: a Section,
        Appendix or Part, or the clause that holds the definitions (A1.1)."""
        return self.kind in CONTAINER_KINDS or any(c.kind is UnitKind.DEFINITION for c in self.children)

    def shallow_copy(self, parent: Unit) -> Unit:
        """A copy of this unit alone, hung under ``parent``: its children list is copied, its
        children are not (they still name this unit as their parent)."""
        twin = object.__new__(Unit)
        twin.__dict__.update(self.__dict__)
        twin.parent = parent
        twin.children = list(self.children)
        return twin

    def neighbours(self) -> tuple[Unit | None, Unit | None]:
        """The siblings of its own kind just before and just after it (None at either end)."""
        same = [s for s in self.parent.children if s.kind is self.kind] if self.parent is not None else [self]
        at = next(n for n, s in enumerate(same) if s is self)
        return (same[at - 1] if at else None), (same[at + 1] if at + 1 < len(same) else None)

    def ancestors(self) -> Iterator[Unit]:
        """Parents from the nearest outwards (the version root excluded)."""
        unit = self.parent
        while unit is not None and unit.kind is not UnitKind.VERSION:
            yield unit
            unit = unit.parent

    def full_text(self) -> str:
        """Own text, the full text of every child, then the tail, joined by spaces."""
        parts = [self.text]
        parts.extend(child.full_text() for child in self.children)
        parts.append(self.tail)
        return " ".join(p for p in parts if p)

    @property
    def section(self) -> Unit | None:
        """The Section or Appendix this unit belongs to."""
        for unit in (self, *self.ancestors()):
            if unit.kind in (UnitKind.SECTION, UnitKind.APPENDIX):
                return unit
        return None


@dataclass(frozen=True)
class Repair:
    """An OCR slip or layout defect that a reader corrected, reported, never silent.

    ``changes_words`` is False for a repair that only moves words (a term wrapped into the
    next line, footer text cut into ``dropped``), True when ``original`` became ``repaired``."""

    position: Position
    original: str
    repaired: str
    reason: str
    changes_words: bool = True


@dataclass(frozen=True)
class Comment:
    """Text kept apart from clause text: a margin balloon ("Deleted: Modificat")."""

    position: Position
    text: str


@dataclass(frozen=True)
class Finding:
    """A warning from reading: a duplicate id, text that fits no clause, an unreadable label."""

    position: Position
    kind: str
    message: str


@dataclass
class ReadReport:
    """What a reader did besides building the tree.

    With the tree it accounts for every word read: each lands in a unit (label, heading, text
    or tail; a Section's, Part's or Appendix's ``text`` is its preamble) or here: page furniture
    and metadata comments in ``dropped``, balloons in ``comments``, text that fits no unit in
    ``unplaced``, and header words that only name a unit's kind ("SECTION", "SEC APPENDIX")
    in ``structure``."""

    repairs: list[Repair] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    dropped: list[tuple[Position, str]] = field(default_factory=list)  # page furniture, metadata
    unplaced: list[tuple[Position, str]] = field(default_factory=list)  # text fitting no unit
    structure: list[tuple[Position, str]] = field(default_factory=list)  # words naming a unit's kind

    def extend(self, other: ReadReport) -> None:
        """Merge another report into this one."""
        self.repairs.extend(other.repairs)
        self.comments.extend(other.comments)
        self.findings.extend(other.findings)
        self.dropped.extend(other.dropped)
        self.unplaced.extend(other.unplaced)
        self.structure.extend(other.structure)


#: The file in a version directory that records its name and the modifications it already
#: carries (read by ``redline.read``, written by ``redline.write``).
VERSION_META = "version.json"


@dataclass
class Lookups:
    """A version's units by canonical id (the first in document order wins) and by uid, and
    their ids by uid."""

    by_id: dict[str, Unit]
    by_uid: dict[str, Unit]
    ids: dict[str, str]
    own: list[Unit] | None = None  # a derived version's own units, in document order
    dropped: list[Unit] | None = None  # its origin's units it no longer shares, in document order

    @classmethod
    def walk(cls, version: Version) -> Lookups:
        """Every unit of ``version``, in one walk."""
        by_id: dict[str, Unit] = {}
        by_uid: dict[str, Unit] = {}
        ids: dict[str, str] = {}
        for unit, unit_id in version.walk_ids():
            by_id.setdefault(unit_id, unit)
            by_uid[unit.uid] = unit
            ids[unit.uid] = unit_id
        return cls(by_id, by_uid, ids)

    @classmethod
    def derived(cls, version: Version) -> Lookups | None:
        """A derived version's lookups from its origin's, walking only its own units and the
        origin's it no longer shares; None when an id would be ambiguous (walk them all)."""
        assert version.origin is not None and version.owned is not None
        owned = version.owned
        own: list[tuple[Unit, str]] = []
        kept: set[int] = set()  # the shared units hanging from own units: their subtrees are the origin's
        stack = [(iter(version.root.children), version.root, "")]
        while stack:  # a walk in document order, as Unit.walk_ids, that skips shared subtrees
            children, parent, parent_id = stack[-1]
            for child in children:
                if id(child) not in owned:
                    kept.add(id(child))
                    continue
                child_id = child.id_under(parent, parent_id)
                own.append((child, child_id))
                if child.children:
                    stack.append((iter(child.children), child, child_id))
                    break
            else:
                stack.pop()
        base = version.origin.lookups()
        if len(base.by_id) != len(base.by_uid):
            return None  # the origin repeats an id: which unit is first may change
        by_id, by_uid, ids = dict(base.by_id), dict(base.by_uid), dict(base.ids)
        dropped: list[Unit] = []
        origin = [iter(version.origin.root.children)]
        while origin:  # the origin's units in document order, skipping the subtrees still shared
            for unit in origin[-1]:
                if id(unit) in kept:
                    continue
                dropped.append(unit)
                if by_uid.get(unit.uid) is unit:
                    del by_uid[unit.uid]
                    unit_id = ids.pop(unit.uid)
                    if by_id.get(unit_id) is unit:
                        del by_id[unit_id]
                if unit.children:
                    origin.append(iter(unit.children))
                    break
            else:
                origin.pop()
        for unit, unit_id in own:
            if by_id.setdefault(unit_id, unit) is not unit:
                return None  # two units with one id: only a walk in document order says which is first
            by_uid[unit.uid] = unit
            ids[unit.uid] = unit_id
        return cls(by_id, by_uid, ids, [unit for unit, _ in own], dropped)


@dataclass
class Version:
    """An SEC version: a tree of units under a root, with lookups by id and by uid.

    A version derived from another (:meth:`derive`) shares every unit with it until an edit asks for
    its own copy (:meth:`own`); the origin is frozen meanwhile, and a frozen version computes its
    lookups once."""

    name: str
    root: Unit
    report: ReadReport = field(default_factory=ReadReport)
    applied: list[str] = field(default_factory=list)  # modifications already applied, in order
    frozen: bool = field(default=False, compare=False, repr=False)
    origin: Version | None = field(default=None, compare=False, repr=False)  # whose units it shares
    owned: set[int] | None = field(default=None, compare=False, repr=False)  # id()s of its own units; None: all
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # a frozen version's lookups

    def units(self) -> Iterator[Unit]:
        """Every unit below the root in document order."""
        walk = self.root.walk()
        next(walk)  # the root itself
        yield from walk

    def walk_ids(self) -> Iterator[tuple[Unit, str]]:
        """Every unit below the root with its canonical id, in document order, in one walk."""
        walk = self.root.walk_ids()
        next(walk)
        yield from walk

    def lookups(self) -> Lookups:
        """Units by id and by uid, and ids by uid: kept once the version is frozen, worked out
        from the origin's for a derived version."""
        found = self.memo.get("lookups")
        if found is None:
            if self.origin is not None and self.owned is not None:
                found = Lookups.derived(self)
            found = found or Lookups.walk(self)
            if self.frozen:
                self.memo["lookups"] = found
        return found

    def ids(self) -> dict[str, str]:
        """Canonical ids by uid."""
        return dict(self.lookups().ids)

    def index(self) -> dict[str, Unit]:
        """Units by canonical id (the first unit wins when an id is repeated)."""
        return dict(self.lookups().by_id)

    def by_uid(self) -> dict[str, Unit]:
        """Units by permanent identity."""
        return dict(self.lookups().by_uid)

    def get(self, unit_id: str) -> Unit | None:
        """The unit with canonical id ``unit_id``, or None."""
        return self.lookups().by_id.get(unit_id)

    def text_index(self) -> tuple[str, list[int], list[str]]:
        """Every unit's heading, text and tail joined in document order, with where each unit's
        words start and its uid: what :meth:`holding` searches, kept once the version is frozen."""
        joined = self.memo.get("text_index")
        if joined is None:
            parts, starts, uids, size = [], [], [], 0
            for unit in self.units():
                starts.append(size)
                uids.append(unit.uid)
                part = f"{unit.heading}\n{unit.text}\n{unit.tail}\n\x00"
                parts.append(part)
                size += len(part)
            joined = ("".join(parts), starts, uids)
            if self.frozen:
                self.memo["text_index"] = joined
        return joined

    def holding(self, words: str) -> list[str]:
        """The uids of the units whose heading, text or tail hold ``words`` (a plain substring),
        in document order: one search of :meth:`text_index`."""
        text, starts, uids = self.text_index()
        found: list[str] = []
        at = text.find(words)
        while at >= 0:
            n = bisect_right(starts, at) - 1
            found.append(uids[n])
            at = text.find(words, starts[n + 1]) if n + 1 < len(starts) else -1  # the next unit's words on
        return found

    def definitions(self) -> list[Unit]:
        """Every Definition in the version, in document order."""
        return [u for u in self.units() if u.kind is UnitKind.DEFINITION]

    def differing(self, other: Version) -> tuple[list[Unit], list[Unit]]:
        """The units of this version and of ``other`` that may differ, each in document order:
        all of both, unless this version was derived from ``other``: then only its own units
        and those of ``other`` it no longer shares (a shared unit is the same object in both,
        never edited, and so is its subtree)."""
        if self.origin is other and self.owned is not None:
            found = self.lookups()
            if found.own is not None and found.dropped is not None:
                return found.own, found.dropped
        return list(self.units()), list(other.units())

    def freeze(self) -> Version:
        """Mark this version as final: its lookups are worked out once from now on."""
        self.frozen = True
        return self

    def clone(self) -> Version:
        """A copy whose units can be edited without touching this version (the report is shared)."""
        from redline.support.gc import paused_gc

        with paused_gc():  # 10^5 new objects, no cycles to find: no collection of the whole heap
            return Version(self.name, self.root.copy_tree(), self.report, list(self.applied))

    def derive(self) -> Version:
        """A version sharing every unit with this one, which is frozen: an editor asks
        :meth:`own` for its own copy of a unit before changing it (copy on write)."""
        self.freeze()
        root = self.root.shallow_copy(self.root)
        root.parent = None
        return Version(self.name, root, self.report, list(self.applied), origin=self, owned={id(root)})

    def own(self, unit: Unit) -> tuple[Unit, list[Unit]]:
        """This version's own copy of ``unit`` (``unit`` itself when already its own), and the
        units copied to make it: the containers above it alone, the clause-level unit holding
        it whole (a clause, a definition), so only a unit that :meth:`Unit.holds_clause_level`
        may have shared children."""
        owned = self.owned
        if owned is None or id(unit) in owned:
            return unit, []
        chain = []
        node = unit
        while node.parent is not None:  # up to the root of whichever version made it
            chain.append(node)
            node = node.parent
        chain.reverse()
        holder, made = self.root, []
        for depth, node in enumerate(chain):
            at = next((i for i, c in enumerate(holder.children) if c.uid == node.uid), None)
            if at is None:
                raise ValueError(f"{unit.id} is not in {self.name}")
            current = holder.children[at]
            if id(current) not in owned:
                whole = not current.holds_clause_level()
                current = current.copy_tree(holder) if whole else current.shallow_copy(holder)
                copied = list(current.walk()) if whole else [current]
                owned.update(map(id, copied))
                made.extend(copied)
                holder.children[at] = current
                if whole:  # the rest of the chain is inside the copy
                    for below in chain[depth + 1:]:
                        current = next(c for c in current.children if c.uid == below.uid)
                    return current, made
            holder = current
        return holder, made

    def claim(self, unit: Unit) -> None:
        """Count a new unit (and its descendants) among this version's own."""
        if self.owned is not None:
            self.owned.update(id(member) for member in unit.walk())


class RedlineError(Exception):
    """Bad input: a one-line message naming the file, line, clause or instruction."""


class ChangeKind(StrEnum):
    """What an edit did to a unit."""

    AMEND = "amend"  # words of text, tail or heading changed
    INSERT = "insert"  # a new unit
    DELETE = "delete"  # a unit removed
    RENUMBER = "renumber"  # label changed (and so the id)
    MOVE = "move"  # a unit moved with its children to another place (its label change, if any, a RENUMBER)
    ADD_DEFINITION = "add_definition"
    AMEND_DEFINITION = "amend_definition"
    DELETE_DEFINITION = "delete_definition"
    RENAME = "rename"  # a defined term renamed, or one use of it rewritten
    REFERENCE = "reference"  # a cross-reference rewritten because its target moved
    NOT_APPLIED = "not_applied"  # recorded but not applied (an external redraft, a blocked step)


@dataclass(frozen=True)
class Change:
    """One entry of the change log: what changed in which unit, why, and by which instruction.

    ``field`` is "text", "tail", "heading", "label" (renumbering, renaming a term) or "unit"
    (insertion, deletion).  ``unit_id`` is the id after the change (before, for deletions).
    """

    unit_uid: str
    unit_id: str
    kind: ChangeKind
    field: str
    before: str
    after: str
    reason: str
    instruction: str
    consequential: bool = False
    subtree: Unit | None = field(default=None, compare=False, repr=False)  # a deleted unit, for undo
    parent_uid: str = ""  # where a deleted unit stood: its parent and index
    index: int = -1


@dataclass
class Affected:
    """A unit touched by a modification, with every reason ("edited directly", "refers to D1.3")."""

    unit_id: str
    reasons: list[str] = field(default_factory=list)
    direct: bool = False
    uid: str = ""  # the unit's identity, where known: a deleted unit and the one re-lettered into its number differ


@dataclass(frozen=True)
class Impact(Sequence[Affected]):
    """What a change to a clause or a defined term reaches, direct units first, then in document
    order: held as three columns (unit ids, each one's reasons, whether it is direct), as a common
    term reaches thousands of units and making an object for each would cost more than finding
    them.  Reading it by index or iterating gives one :class:`Affected` per unit."""

    unit_ids: tuple[str, ...]
    reasons: tuple[tuple[str, ...], ...]
    direct: tuple[bool, ...]

    def __len__(self) -> int:
        return len(self.unit_ids)

    @overload
    def __getitem__(self, index: int) -> Affected: ...

    @overload
    def __getitem__(self, index: slice) -> list[Affected]: ...

    def __getitem__(self, index: int | slice) -> Affected | list[Affected]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return Affected(self.unit_ids[index], list(self.reasons[index]), self.direct[index])


def reason_group(reason: str) -> str:
    """What a reason says without its particulars, to group units by: "edited directly: …" →
    "edited directly"; "uses term X (definition changed by this modification)" → "uses term X"."""
    head = reason.split(": ", 1)[0]
    if head.endswith(")") and " (" in head:
        head = head[:head.rindex(" (")]
    return head


@dataclass
class Instruction:
    """One amendment instruction of a modification, in rules-file order.

    ``kind`` is one of amend, rename, add_definition, amend_definition, delete_definition,
    insert, delete, renumber, move, replace_section; ``params`` holds the kind's own fields as read
    from the rules file; ``source`` cites where in the legal text it came from.
    """

    index: int
    kind: str
    params: dict[str, Any]
    source: str = ""
    requires: list[str] = field(default_factory=list)

    @property
    def target(self) -> str:
        """The unit (or term, or Section) the instruction names."""
        for key in ("unit", "term", "section", "from"):
            if self.params.get(key):
                return str(self.params[key])
        return ""

    def describe(self) -> str:
        """'instruction 3 (amend C2.3(d))'."""
        return f"instruction {self.index} ({self.kind} {self.target})".replace(" )", ")")


@dataclass(frozen=True)
class Unresolved:
    """Something a rules file records as not written as an instruction (an ``[[unresolved]]``
    table, as ``redline instructions`` leaves one): left to a drafter, and never applied."""

    source: str  # where in the legal text it stands ("l.12", "legal.docx:40")
    problem: str
    unit: str = ""  # the unit it concerns, when known
    text: str = ""  # the drafted words it leaves, when the rules file quotes them

    def described(self) -> str:
        """The problem, with the drafted words it leaves when quoted (so no output loses them)."""
        words = " ".join(self.text.split())
        return f"{self.problem}; the drafted words: “{words}”" if words else self.problem


@dataclass
class Modification:
    """A modification (SECMPnnnn): its metadata and ordered instructions, read from rules/;
    ``unresolved``, what its rules file records as left to a drafter."""

    id: str
    title: str
    baseline: str
    file: str
    path: int | None = None
    self_governance: bool = False
    status: str = ""
    approved: str = ""
    implementation_date: str = ""
    author: str = ""
    date: str = ""
    depends_on: list[str] = field(default_factory=list)
    instructions: list[Instruction] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
