"""Resolve found references against a Version: to canonical ids and permanent uids.

Ranges ("G7.18 to G7.22") expand to the units between their ends when both exist, otherwise to
the literal numbers, a relative one ("paragraphs (a) to (c) above") to the labels between its ends
at the nearest list level holding both, and a range of whole Sections ("Sections A to Z") to every
letter between; lists and qualified paragraphs ("paragraph (b) of Section C4.2") are already
written out by the finder; "paragraph (c) above" is looked up among the source's sibling list,
then outwards (only at the sub-paragraph level for "sub-paragraph (i) above", when one has it);
"this Section" is the source's Section and "this Code" the version root.  A bracket after a
reference quotes a heading when it matches the named unit's heading, exactly or nearly (then it is
stale), or, when that unit has no heading, when it is capitalised like one.  External references
are never resolved into the SEC.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from difflib import SequenceMatcher
from operator import attrgetter

from redline.models import LIST_KINDS, Unit, UnitKind, Version
from redline.refs.models import CrossReference, RawTarget, RefKind, Resolution, Status
from redline.refs.patterns import NEAR_HEADING

#: The id reported for "this Code" (the version root has no id of its own).
CODE = "Code"
#: The last number of an id, for literal range expansion: "G7.18" -> ("G7.", "18").
_LAST_NUMBER = re.compile(r"^(?P<prefix>.*?)(?P<num>\d+)$")
_LABELS = re.compile(r"\(([^()]+)\)")
#: A whole Section's id: "A", "Z".
_SECTION_LETTER = re.compile(r"^[A-Z]$")
#: An Appendix's or a Schedule's id: "Appendix AG", "Schedule 3".
_CODED = re.compile(r"^(?P<word>Appendix|Schedule) (?:(?P<letters>[A-Z]{1,2})|(?P<number>\d+))$")
#: The most numbers a literal range may expand to (guards against "1 to 2008").
_MAX_RANGE = 100
_HEADING_QUOTES = "\"“”'"  # around a quoted heading, curly single quotes already straightened


class Resolver:
    """Resolves references of one version; build once, call :meth:`resolve` per reference."""

    def __init__(self, version: Version, units: dict[str, Unit] | None = None,
                 by_uid: dict[str, Unit] | None = None) -> None:
        self.version = version
        self.ids: dict[str, str] = {}
        if units is not None and by_uid is not None:  # a caller's live indexes (the amendment engine's)
            self.units, self.by_uid = units, by_uid
            return
        found = version.lookups()  # one walk (or none, for a frozen version), never changed here
        self.units, self.by_uid, self.ids = found.by_id, found.by_uid, found.ids

    def _id(self, unit: Unit) -> str:
        """``unit.id``, looked up when the unit is in the version (``Unit.id`` walks up the tree)."""
        found = self.ids.get(unit.uid)
        return found if found is not None and self.by_uid.get(unit.uid) is unit else unit.id

    def resolve_all(self, refs: Iterable[CrossReference]) -> list[Resolution]:
        """Resolutions of ``refs``, in the same order."""
        return [self.resolve(ref) for ref in refs]

    def resolve(self, ref: CrossReference) -> Resolution:
        """One reference's targets and status."""
        if ref.kind is RefKind.EXTERNAL:
            return Resolution(ref, Status.EXTERNAL)
        if ref.kind is RefKind.THIS_CODE:
            return Resolution(ref, Status.RESOLVED, [CODE], [self.version.root.uid])
        source = self.by_uid[ref.source_uid]
        if ref.kind in (RefKind.THIS_APPENDIX, RefKind.THIS_SECTION) and not ref.targets:
            own = source.section if (ref.kind is RefKind.THIS_SECTION) != bool(source.appendix) else None
            return self._found(ref, [[own] if own else []], [ref.text])
        hits: list[list[Unit]] = []
        literal: list[str] = []
        for target in ref.targets:
            for written in self._expand(target, source):
                if written.startswith("("):
                    level_hits, fallback = _relative(source, written, self._id, ref.level)
                    hits.append(level_hits)
                    literal.append(fallback)
                else:
                    unit = self.units.get(written)
                    hits.append([unit] if unit else [])
                    literal.append(written)
        return self._found(ref, hits, literal)

    def _found(self, ref: CrossReference, hits: list[list[Unit]], literal: list[str]) -> Resolution:
        """Assemble a Resolution: one entry of ``hits`` per target (two or more: ambiguous)."""
        named = self.units.get(ref.heading_of) if ref.heading_of else (
            hits[0][0] if len(hits) == 1 and len(hits[0]) == 1 else None)
        if named is None and ref.bracket and len(hits) > 1 and all(len(units) == 1 for units in hits):
            named = _headed_by(ref.bracket, [units[0] for units in hits])
        if named is not None and not named.heading and named.kind in LIST_KINDS and ref.bracket:
            # "Section D1.3(a) (Persons Entitled to …)": a paragraph has no heading; the bracket
            # quotes its clause's
            named = next((u for u in named.ancestors() if u.heading and u.kind is UnitKind.CLAUSE), named)
        res = Resolution(ref, Status.RESOLVED, quoted_heading=quoted_heading(ref, named),
                         heading_uid=named.uid if named else None)
        for units, written in zip(hits, literal, strict=True):
            if not units:
                res.target_ids.append(written)
                res.missing.append(written)
            for unit in units:
                res.target_ids.append(self._id(unit))
                res.target_uids.append(unit.uid)
        if any(len(units) > 1 for units in hits):
            res.status = Status.AMBIGUOUS
        elif res.missing:
            res.status = Status.UNRESOLVED
        return res

    def _expand(self, target: RawTarget, source: Unit) -> list[str]:
        """The written ids a target stands for: an appendix's own numbers qualified, ranges
        expanded."""
        if (each := target.each) is not None:  # "paragraph (b) of Sections C4.2 to C4.4": (b) under each
            return [written for clause in self._expand(RawTarget(target.first, target.last), source)
                    for written in self._expand(RawTarget(clause + each.first, each.last and clause + each.last),
                                                source)]
        first = _qualify(target.first, source)
        if target.last is None:
            return [first]
        last = _qualify(target.last, source)
        if first.startswith("(") and last.startswith("("):  # "paragraphs (a) to (c) above"
            return self._relative_range(source, first, last)
        if _SECTION_LETTER.match(first) and _SECTION_LETTER.match(last):
            return _literal_range(first, last)  # whole Sections: every letter, each present or not
        if (coded := _coded_range(first, last)) is not None:
            return coded  # "Appendices AA to AC", "Schedules 1 to 3": every code, each present or not
        start, end = self.units.get(first), self.units.get(last)
        if start and end and start.parent is not None and end.parent is not None \
                and start.parent.uid == end.parent.uid:
            parent = self._live(start.parent)
            at = {id(unit): i for i, unit in enumerate(parent.children)}
            i, j = at.get(id(start)), at.get(id(end))
            if i is not None and j is not None and i <= j:
                return [self._id(unit) for unit in parent.children[i : j + 1]]
            if i is not None and j is not None:
                return _backwards(first, last)
        elif start and end and start.kind is end.kind is UnitKind.CLAUSE and \
                getattr(start.section, "uid", None) == getattr(end.section, "uid", ""):
            return self._across_parts(start, end) or _backwards(first, last)
        return _literal_range(first, last)

    def _relative_range(self, source: Unit, first: str, last: str) -> list[str]:
        """The labels from ``first`` to ``last`` among the nearest list level holding both ends
        as siblings ("(a)", "(b)", "(c)"), each then looked up as a relative label; the ends alone
        when no level holds both."""
        for container in _levels(source):
            start, end = _descend(container, _label_list(first)), _descend(container, _label_list(last))
            if start is None or end is None or start.parent is None or end.parent is None \
                    or start.parent.uid != end.parent.uid:
                continue
            siblings = self._live(start.parent).children
            at = {id(unit): i for i, unit in enumerate(siblings)}
            i, j = at.get(id(start)), at.get(id(end))
            if i is None or j is None:
                continue
            if i > j:
                return _backwards(self._id(start), self._id(end))
            stem = first[: len(first) - len(start.label)]
            return [stem + unit.label for unit in siblings[i : j + 1]]
        return [first, last]

    def _across_parts(self, start: Unit, end: Unit) -> list[str]:
        """The clauses from ``start`` to ``end`` in document order when they stand in different
        Parts of one Section ("Sections C1.3 to C2.2": C1.3, C1.4, …, C2.1, C2.2); [] when
        ``end`` comes first."""
        section = start.section
        assert section is not None
        found: list[str] = []
        for unit in self._live(section).walk():
            if unit.kind is UnitKind.CLAUSE and (found or unit.uid == start.uid):
                found.append(self._id(unit))
                if unit.uid == end.uid:
                    return found
        return []

    def _live(self, parent: Unit) -> Unit:
        """``parent`` as this version has it: a unit shared with another version (see
        :meth:`Version.derive`) may still name that version's parent."""
        if parent.kind is UnitKind.VERSION:
            return self.version.root
        return self.by_uid.get(parent.uid, parent)


def _qualify(written: str, source: Unit) -> str:
    """"3.2" inside Appendix AG is "AG:3.2"; Code ids and labels stay as written."""
    if written[:1].isdigit() and source.appendix:
        return f"{source.appendix}:{written}"
    return written


def normalise_heading(heading: str) -> str:
    """A heading compared case- and space-insensitively, curly quotes straightened, no full stop,
    and not in quotation marks ("Section D1.3 (“Persons Entitled …”)" quotes the heading as it is)."""
    text = " ".join(heading.replace("’", "'").replace("‘", "'").casefold().split()).rstrip(".")
    if len(text) > 1 and text[0] in _HEADING_QUOTES and text[-1] in _HEADING_QUOTES:
        text = text[1:-1].strip().rstrip(".")
    return text


def _headed_by(bracket: str, targets: list[Unit]) -> Unit | None:
    """The unit whose heading a bracket after a list or range quotes ("Sections D1.3 to D1.5
    (Persons Entitled …)"): one of the targets, or the Part holding them all, the one whose heading
    is nearest the bracket, and near enough; None when none is."""
    parents = {id(unit.parent): unit.parent for unit in targets}
    candidates = [*targets, *(p for p in parents.values() if p is not None and len(parents) == 1)]
    best, score = None, 0.0
    for unit in candidates:
        if unit.heading and (ratio := _likeness(bracket, unit.heading)) >= NEAR_HEADING and ratio > score:
            best, score = unit, ratio  # the first of equals
    return best


def _likeness(bracket: str, heading: str) -> float:
    """How alike a bracket and a heading read once normalised: 1 when equal, else difflib's ratio."""
    a, b = normalise_heading(bracket), normalise_heading(heading)
    return 1.0 if a == b else SequenceMatcher(None, a, b).ratio()


def quoted_heading(ref: CrossReference, named: Unit | None) -> str | None:
    """The bracket after ``ref`` when it quotes a heading of ``named`` (the unit it names)."""
    if ref.bracket is None:
        return None
    if named is not None and named.heading and _likeness(ref.bracket, named.heading) >= NEAR_HEADING:
        return ref.bracket
    return ref.quoted_heading


def _backwards(first: str, last: str) -> list[str]:
    """A range whose end comes before its start ("Sections C2.2 to C1.3"): its ends, and the range
    itself as a target no unit is, so the reference is unresolved and ``check`` names it."""
    return [first, f"{first} to {last} (a range running backwards)", last]


def _coded_range(first: str, last: str) -> list[str] | None:
    """"Appendix AA".."Appendix AC" -> every code between in the Appendices' order (A … Z, AA …
    AZ), "Schedule 1".."Schedule 3" every number; a range running backwards as such; None when the
    ends are not two Appendices or two Schedules."""
    a, b = _CODED.match(first), _CODED.match(last)
    if a is None or b is None or a["word"] != b["word"] or (a["number"] is None) != (b["number"] is None):
        return None
    lo, hi = (int(a["number"]), int(b["number"])) if a["number"] else (_code_number(a["letters"]),
                                                                         _code_number(b["letters"]))
    if lo > hi:
        return _backwards(first, last)
    if hi - lo > _MAX_RANGE:
        return [first, last]
    return [f"{a['word']} {n if a['number'] else _code_letters(n)}" for n in range(lo, hi + 1)]


def _code_number(letters: str) -> int:
    """An Appendix code's place: "A" 1, "Z" 26, "AA" 27."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _code_letters(number: int) -> str:
    """The Appendix code at a place: 27 "AA"."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _literal_range(first: str, last: str) -> list[str]:
    """"G7.18".."G7.22" -> every number between, "A".."Z" every letter; ends alone when they do
    not line up."""
    if _SECTION_LETTER.match(first) and _SECTION_LETTER.match(last) and first <= last:
        return [chr(c) for c in range(ord(first), ord(last) + 1)]
    a, b = _LAST_NUMBER.match(first), _LAST_NUMBER.match(last)
    if a and b and a["prefix"] == b["prefix"]:
        lo, hi = int(a["num"]), int(b["num"])
        if lo <= hi and hi - lo <= _MAX_RANGE:
            return [f"{a['prefix']}{n}" for n in range(lo, hi + 1)]
    return [first, last]


def _relative(source: Unit, written: str, id_of: Callable[[Unit], str] = attrgetter("id"),
              level: UnitKind | None = None) -> tuple[list[Unit], str]:
    """Units a relative "(c)" may mean, nearest list level first (one per level that has
    it), and the id it would have among the source's siblings; "(b)(ii)", which names a
    paragraph and its sub-paragraph, would be under the clause (never "G6.1(d)(b)(ii)").  With
    ``level`` ("sub-paragraph (i) above"), only the units of that kind when there are any."""
    labels = _label_list(written)
    outer = source.parent if source.kind in LIST_KINDS and source.parent else source
    while len(labels) > 1 and outer.kind in LIST_KINDS and outer.parent is not None:
        outer = outer.parent
    fallback = id_of(outer) + written
    hits = [unit for container in _levels(source) if (unit := _descend(container, labels)) is not None]
    at_level = [unit for unit in hits if unit.kind is level]
    return at_level or hits, fallback


def _label_list(written: str) -> list[str]:
    """"(b)(ii)" -> ["(b)", "(ii)"]."""
    return [f"({label})" for label in _LABELS.findall(written)]


def _levels(source: Unit) -> Iterator[Unit]:
    """The units whose children a relative label written in ``source`` may name, nearest first:
    its own list (its parent's children, or its own when it is no list unit), then each list
    level up to the clause."""
    container: Unit | None = source.parent if source.kind in LIST_KINDS and source.parent else source
    while container is not None and container.kind is not UnitKind.VERSION:
        yield container
        if container.kind not in LIST_KINDS:
            return
        container = container.parent


def _descend(container: Unit, labels: list[str]) -> Unit | None:
    """The unit reached from ``container`` by following child labels, or None."""
    unit: Unit | None = container
    for label in labels:
        unit = next((c for c in unit.children if c.label == label), None) if unit else None
    return unit


def resolve_references(version: Version, refs: Iterable[CrossReference]) -> list[Resolution]:
    """Resolve ``refs`` (found in ``version``) against it."""
    return Resolver(version).resolve_all(refs)
