"""Plain dataclasses for SEC documents: versions, units, definitions and reading reports.

Every unit carries a permanent identity (``uid``) that never changes, and a displayed
``label`` ("C2.3", "(a)", "3.2.4", or a defined term).  The canonical ``id`` ("C2.3(a)(ii)",
"AG:3.2.4", "A1.1:Draft Proposal") is derived from the labels on the path to the unit, so a
renumbering changes labels and ids while every link held by ``uid`` survives.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


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
                kind = child.kind
                if child.parent is not parent:  # a child hung without add(): ask it
                    child_id = child.id
                elif kind is UnitKind.DEFINITION:
                    child_id = f"{parent_id}:{child.label}"
                elif kind in LIST_KINDS:
                    child_id = parent_id + child.label
                else:
                    child_id = child.id  # a label, or "AG:3.2": no walk up
                yield child, child_id
                if child.children:
                    stack.append((iter(child.children), child, child_id))
                    break
            else:
                stack.pop()

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
class Version:
    """An SEC version: a tree of units under a root, with lookups by id and by uid."""

    name: str
    root: Unit
    report: ReadReport = field(default_factory=ReadReport)
    applied: list[str] = field(default_factory=list)  # modifications already applied, in order

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

    def ids(self) -> dict[str, str]:
        """Canonical ids by uid, computed in one walk (for passes that need many ids)."""
        return {unit.uid: unit_id for unit, unit_id in self.walk_ids()}

    def index(self) -> dict[str, Unit]:
        """Units by canonical id (the first unit wins when an id is repeated)."""
        found: dict[str, Unit] = {}
        for unit, unit_id in self.walk_ids():
            found.setdefault(unit_id, unit)
        return found

    def by_uid(self) -> dict[str, Unit]:
        """Units by permanent identity."""
        return {unit.uid: unit for unit in self.units()}

    def get(self, unit_id: str) -> Unit | None:
        """The unit with canonical id ``unit_id``, or None."""
        return self.index().get(unit_id)

    def definitions(self) -> list[Unit]:
        """Every Definition in the version, in document order."""
        return [u for u in self.units() if u.kind is UnitKind.DEFINITION]

    def clone(self) -> Version:
        """A copy whose units can be edited without touching this version (the report is shared)."""
        from redline.support.gc import paused_gc

        with paused_gc():  # 10^5 new objects, no cycles to find: no collection of the whole heap
            return Version(self.name, self.root.copy_tree(), self.report, list(self.applied))


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


@dataclass
class Modification:
    """A modification (SECMPnnnn): its metadata and ordered instructions, read from rules/."""

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
