"""In-place mode, first half: which paragraphs of the user's Word file change, and how.

Units read from the file carry ``Position.line``, their paragraph's index in
:func:`redline.read.docx.body_paragraphs` (the reader's own mapping), and correspond to the
amended version by uid.  The plan says, in units' terms, what :mod:`redline.emit.docx_inplace`
writes: words to edit (:class:`ParagraphEdit`), units to insert laid out like a sibling
(:class:`UnitInsert`), units to delete (:class:`UnitDelete`); and (unit, why) for each change
it cannot carry, which is reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from redline.emit.pairs import moved_uids
from redline.models import LIST_KINDS, Unit, UnitKind, Version

#: Units whose title line is laid out by the reader's header rules, not edited in place.
_TITLED = (UnitKind.SECTION, UnitKind.APPENDIX, UnitKind.PART)


def norm(text: str) -> str:
    """Whitespace runs as one space, trimmed: how paragraphs and units are compared."""
    return " ".join(text.split())


@dataclass(frozen=True)
class ParagraphEdit:
    """Words of one paragraph to change: ``old`` (whitespace normalised) ends the paragraph's
    text and becomes ``new``.  ``line`` is the paragraph's index in ``body_paragraphs`` (1-based);
    ``step`` -1 / +1 looks for the nearest paragraph with text before / after it instead.
    ``label`` (old, new): the unit's number or term changes too, where the file types it."""

    line: int
    old: str
    new: str
    unit: str  # the unit's id, for messages
    step: int = 0
    label: tuple[str, str] | None = None


@dataclass(frozen=True)
class NewText:
    """A paragraph to insert: ``words`` laid out like the paragraph ``like`` finds (its style,
    numbering and first run's formatting; a typed number or term before its words, with
    ``like_label`` replaced by ``label``)."""

    like: ParagraphEdit
    like_label: str
    label: str
    words: str


@dataclass(frozen=True)
class UnitInsert:
    """A unit (with its children) to insert as tracked paragraphs, or a definitions-table row
    when its first paragraph's pattern sits in one.  ``after`` is the paragraph it follows
    (``line``, then past a tail reading ``tail``), or ``after_new`` the uid of a unit inserted
    just before it; ``before`` a paragraph it goes in front of (past a heading reading
    ``heading``)."""

    unit: str
    uid: str
    paragraphs: list[NewText]
    after: tuple[int, str] | None = None
    after_new: str = ""
    before: tuple[int, str] | None = None
    move: str = ""  # the move's name when this is a moved unit where it now stands


@dataclass(frozen=True)
class UnitDelete:
    """A unit (with its children) to delete: each paragraph ``ParagraphEdit`` finds (``old``
    its words) goes whole, or the definitions-table row holding it."""

    unit: str
    paragraphs: list[ParagraphEdit]
    move: str = ""  # the move's name when this is a moved unit where it stood


@dataclass
class Plan:
    """What in-place mode writes, and what it leaves to ``redline.docx`` ((unit, why) each)."""

    edits: list[ParagraphEdit] = field(default_factory=list)
    inserts: list[UnitInsert] = field(default_factory=list)
    deletes: list[UnitDelete] = field(default_factory=list)
    elsewhere: list[tuple[str, str]] = field(default_factory=list)


def _line(unit: Unit) -> int | None:
    return unit.position.line if unit.position is not None else None


def _last_line(unit: Unit) -> int:
    return max(line for u in unit.walk() if (line := _line(u)) is not None)


def plan_edits(document: Version, amended: Version) -> Plan:
    """The plan that turns the units of ``document`` (read from the Word file) into their
    ``amended`` selves."""
    plan = Plan()
    amended_units = amended.by_uid()
    moved = {uid: f"move{i}" for i, uid in enumerate(sorted(moved_uids(document, amended)), 1)}
    for unit, unit_id in document.walk_ids():
        if unit.kind in _TITLED or _line(unit) is None or any(a.uid in moved for a in unit.ancestors()):
            continue
        new = amended_units.get(unit.uid)
        if new is None:
            if unit.parent is not None and unit.parent.uid in amended_units:
                plan.deletes.append(_deletion(unit, unit_id))
        elif unit.uid in moved:
            plan.deletes.append(_deletion(unit, unit_id, moved[unit.uid]))
        else:
            _unit_edits(unit, new, unit_id, plan)
    _insertions(document, amended, plan, moved)
    return plan


def _unit_edits(old: Unit, new: Unit, unit_id: str, plan: Plan) -> None:
    """The edits of one unit's heading, text (and number or term) and tail paragraphs."""
    line = _line(old)
    assert line is not None
    relabel = (old.label, new.label) if old.label != new.label else None
    for name, before, after, at, step in (("heading", old.heading, new.heading, line, -1),
                                          ("text", old.text, new.text, line, 0),
                                          ("tail", old.tail, new.tail, _last_line(old), 1)):
        label = relabel if name == "text" else None
        if before == after and label is None:
            continue
        if not before and (step or old.kind is UnitKind.DEFINITION):
            plan.elsewhere.append((unit_id, f"gains a {name}"))
        else:
            plan.edits.append(ParagraphEdit(at, norm(before), norm(after), unit_id, step, label))


def _deletion(unit: Unit, unit_id: str, move: str = "") -> UnitDelete:
    paragraphs = []
    for member, member_id in unit.walk_ids():
        line = _line(member)
        if line is None:
            continue
        if member.heading:
            paragraphs.append(ParagraphEdit(line, norm(member.heading), "", member_id, -1))
        paragraphs.append(ParagraphEdit(line, norm(member.text), "", member_id))
        if member.tail:
            paragraphs.append(ParagraphEdit(_last_line(member), norm(member.tail), "", member_id, 1))
    return UnitDelete(unit_id, paragraphs, move)


# --- insertions -----------------------------------------------------------------------------

def _depth(unit: Unit) -> tuple[UnitKind, int, bool]:
    """What a unit's paragraph looks like: its kind, list depth, and whether in a definition."""
    lists = sum(1 for a in unit.ancestors() if a.kind in LIST_KINDS)
    return unit.kind, lists, any(a.kind is UnitKind.DEFINITION for a in unit.ancestors())


def _insertions(document: Version, amended: Version, plan: Plan, moved: dict[str, str]) -> None:
    """New units, and moved ones where they now stand (laid out like themselves)."""
    ours = document.by_uid()
    sections = {u.section.uid for u in ours.values() if u.section is not None}
    patterns: dict[tuple[UnitKind, int, bool], Unit] = {}
    for unit in ours.values():
        if _line(unit) is not None:
            patterns.setdefault(_depth(unit), unit)
    inserted: set[str] = set()
    for unit, unit_id in amended.walk_ids():
        parent = unit.parent
        if unit.uid in ours and unit.uid not in moved or unit.kind in _TITLED or parent is None \
                or parent.uid not in ours or unit.section is None or unit.section.uid not in sections:
            continue
        siblings = [s for s in parent.children if s.uid in ours and s.uid not in moved or s.uid in inserted]
        placed = _place(unit, siblings, ours, inserted)
        paragraphs = _new_texts(unit, ours, patterns)
        if placed is None or paragraphs is None:
            plan.elsewhere.append((unit_id, "inserted, with no paragraph of the file to lay it out like"))
            continue
        inserted.add(unit.uid)
        plan.inserts.append(UnitInsert(unit_id, unit.uid, paragraphs, move=moved.get(unit.uid, ""), **placed))


def _place(unit: Unit, siblings: list[Unit], ours: dict[str, Unit], inserted: set[str]) -> dict | None:
    """Where an inserted unit goes: after its previous sibling, before its next, or after its
    parent's own paragraph."""
    index = unit.parent.children.index(unit)  # type: ignore[union-attr]
    before = [s for s in siblings if unit.parent.children.index(s) < index]  # type: ignore[union-attr]
    after = [s for s in siblings if unit.parent.children.index(s) > index]  # type: ignore[union-attr]
    if before:
        previous = before[-1]
        if previous.uid in inserted:
            return {"after_new": previous.uid}
        mine = ours[previous.uid]
        return {"after": (_last_line(mine), norm(mine.tail))}
    if after and after[0].uid not in inserted:
        following = ours[after[0].uid]
        return {"before": (_line(following), norm(following.heading))}
    parent = ours[unit.parent.uid]  # type: ignore[union-attr]
    line = _line(parent)
    return None if line is None else {"after": (line, "")}


def _new_texts(unit: Unit, ours: dict[str, Unit], patterns: dict) -> list[NewText] | None:
    """The paragraphs of an inserted unit and its children, each laid out like the file's own
    paragraph for that kind of unit (None when the file has none)."""
    texts = []
    for member in unit.walk():
        like = _like(member, ours, patterns)
        if like is None:
            return None
        line = _line(like)
        assert line is not None
        if member.heading:
            heading = next((u for u in ours.values() if u.heading and _line(u) is not None), None)
            if heading is None:
                return None
            texts.append(NewText(ParagraphEdit(_line(heading), norm(heading.heading), "", "", -1), "", "",
                                 norm(member.heading)))
        texts.append(NewText(ParagraphEdit(line, norm(like.text), "", like.id), like.label, member.label,
                             norm(member.text)))
        if member.tail:
            tail = next((u for u in ours.values() if u.tail and _depth(u) == _depth(member)), None)
            if tail is None:
                return None
            texts.append(NewText(ParagraphEdit(_last_line(tail), norm(tail.tail), "", "", 1), "", "",
                                 norm(member.tail)))
    return texts


def _like(unit: Unit, ours: dict[str, Unit], patterns: dict) -> Unit | None:
    """The file's paragraph to lay a new unit out like: its own (a moved unit), a sibling's,
    else any of its kind."""
    if unit.uid in ours and _line(ours[unit.uid]) is not None:
        return ours[unit.uid]
    parent = unit.parent
    for sibling in parent.children if parent is not None else []:
        mine = ours.get(sibling.uid)
        if mine is not None and _line(mine) is not None and _depth(mine) == _depth(unit):
            return mine
    return patterns.get(_depth(unit))
