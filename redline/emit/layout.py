"""The SEC's layout, format-neutral: unit pairs → paragraphs and definition rows.

Section headers ("SECTION C: GOVERNANCE"), part headings ("C2 THE PANEL"), their preambles, clause headings,
numbered clauses and list paragraphs indented by level, tails, and A1.1 definitions as rows
(term | definition).  Each paragraph holds its fields as they were and as they are; the docx and
HTML renderers turn the difference into tracked changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from redline.emit.pairs import Pair
from redline.emit.summary import Summary
from redline.emit.worddiff import DELETE, EQUAL, INSERT, MOVED, Segment, word_diff
from redline.models import LIST_KINDS, Unit, UnitKind

Fields = tuple[str, ...]

#: Roles whose first field is a number or label, diffed as a whole (old number out, new in).
LABELLED = {"section": " ", "part": " ", "clause": "\t", "list": "\t"}


@dataclass
class Para:
    """One paragraph: its role ("section", "part", "heading", "clause", "list", "tail",
    "definition", "term", "instruction", "elision", "title"), fields before (``old``) and after
    (``new``), None where the paragraph does not exist on that side."""

    role: str
    old: Fields | None
    new: Fields | None
    level: int = 0
    anchor: str = ""  # the unit id, on the paragraph that carries the unit's number or term
    move: str = ""  # "from" / "to": the paragraph is part of a moved unit, where it stood / stands
    move_key: str = ""  # the moved unit's uid, naming the move (the same on both sides)
    other: Fields | None = None  # a moved paragraph's fields at the other place (it may be edited too)

    @classmethod
    def plain(cls, role: str, text: str) -> Para:
        """An unchanged paragraph (title, instruction, elision)."""
        return cls(role, (text,), (text,))

    @property
    def inserted(self) -> bool:
        return self.old is None

    @property
    def deleted(self) -> bool:
        return self.new is None

    def text(self, amended: bool) -> str | None:
        """The paragraph's text on one side (fields joined), None where it does not exist."""
        fields = self.new if amended else self.old
        return None if fields is None else LABELLED.get(self.role, " ").join(f for f in fields if f)

    def segments(self) -> list[Segment]:
        """Equal/delete/insert segments, word-level within fields, labels whole.  A moved
        paragraph's words are MOVED, but for the words the modification changed in it: where it
        stood, those it deletes; where it stands, those it inserts (each place shows its own side)."""
        if self.move:
            if self.other is None:
                return [(MOVED, text) for _, text in Para(self.role, self.old, self.new).segments()]
            here = DELETE if self.move == "from" else INSERT
            old, new = (self.old, self.other) if self.move == "from" else (self.other, self.new)
            merged: list[Segment] = []
            for op, text in Para(self.role, old, new).segments():
                if op in (EQUAL, here):
                    op = MOVED if op == EQUAL else op
                    if merged and merged[-1][0] == op:
                        merged[-1] = (op, merged[-1][1] + text)
                    else:
                        merged.append((op, text))
            return merged
        if self.old is None or self.new is None:
            text = self.text(self.new is not None) or ""
            return [(INSERT if self.old is None else DELETE, text)] if text else []
        sep = LABELLED.get(self.role, " ")
        segments: list[Segment] = []
        for i, (old, new) in enumerate(zip(self.old, self.new, strict=True)):
            if i:
                had, has = bool(self.old[i - 1] and old), bool(self.new[i - 1] and new)
                if had or has:
                    segments.append((EQUAL if had and has else DELETE if had else INSERT, sep))
            if i == 0 and self.role in LABELLED and old != new:
                segments.extend(s for s in ((DELETE, old), (INSERT, new)) if s[1])
            else:
                segments.extend(word_diff(old, new))
        return segments


@dataclass
class DefRow:
    """A row of the A1.1 definitions table: the term cell and the definition cell's paragraphs."""

    term: Para
    body: list[Para] = field(default_factory=list)

    @property
    def inserted(self) -> bool:
        return self.term.inserted

    @property
    def deleted(self) -> bool:
        return self.term.deleted


Block = Para | DefRow


def _fields(pair: Pair, make: Callable[[Unit], Fields]) -> tuple[Fields | None, Fields | None]:
    """The fields as they were and as they are; a moved unit shows one side at each place."""
    return (None if pair.inserted else make(pair.base), None if pair.deleted else make(pair.new))  # type: ignore[arg-type]


def _para(pair: Pair, role: str, make: Callable[[Unit], Fields], **where: object) -> Para:
    old, new = _fields(pair, make)
    other = None
    if pair.move and pair.base is not None and pair.new is not None:
        other = make(pair.new) if pair.move == "from" else make(pair.base)
    return Para(role, old, new, move=pair.move, move_key=pair.move_key, other=other,
                **where)  # type: ignore[arg-type]


def _level(unit: Unit) -> int:
    return sum(1 for u in (unit, *unit.ancestors()) if u.kind in LIST_KINDS)


def heading_paras(pair: Pair) -> list[Para]:
    """The header line of a Section, Appendix or Part, then its preamble (the words before its
    first part or clause) when either side has one."""
    if pair.kind in (UnitKind.SECTION, UnitKind.APPENDIX):
        word = "SECTION" if pair.kind is UnitKind.SECTION else "APPENDIX"
        old, new = _fields(pair, lambda u: (f"{word} {u.label}:", u.heading.upper()))
        paras = [Para("section", old, new, anchor=pair.unit.id)]
    else:
        old, new = _fields(pair, lambda u: (u.label, u.heading))
        paras = [Para("part", old, new, anchor=pair.unit.id)]
    if any(u is not None and u.text for u in (pair.base, pair.new)):
        old, new = _fields(pair, lambda u: (u.text,))
        paras.append(Para("preamble", None if old == ("",) else old, None if new == ("",) else new))
    return paras


def own_paras(pair: Pair) -> list[Para]:
    """A clause's or list unit's own lines: heading (if any) and numbered text."""
    unit = pair.unit
    paras = []
    if any(u is not None and u.heading for u in (pair.base, pair.new)):
        heading = _present(_para(pair, "heading", lambda u: (u.heading,)))
        paras.extend([heading] if heading is not None else [])
    role = "list" if unit.kind in LIST_KINDS else "clause"
    paras.append(_para(pair, role, lambda u: (u.label, u.text), level=_level(unit), anchor=unit.id))
    return paras


def tail_para(pair: Pair) -> Para | None:
    """The words after a unit's children, at the unit's text indent (None when neither side has any)."""
    if not any(u is not None and u.tail for u in (pair.base, pair.new)):
        return None
    return _present(_para(pair, "tail", lambda u: (u.tail,), level=_level(pair.unit)))


def _present(para: Para) -> Para | None:
    """A heading or tail paragraph where it exists: a side without the words has no paragraph (so
    one added is inserted whole, its paragraph mark too, and one removed deleted whole); None when
    neither side has it here."""
    if para.old == ("",):
        para.old = None
    if para.new == ("",):
        para.new = None
    if para.other == ("",):
        para.other = None
    return para if para.old or para.new else None


def unit_blocks(pair: Pair, elide: bool = False, keep: set[str] | None = None) -> list[Block]:
    """The blocks of a unit and its children.

    With ``elide``, unchanged children and tails become one "[...]" paragraph per run.  Under a
    clause holding definitions only definitions that changed or whose uid is in ``keep`` appear.
    """
    if pair.kind is UnitKind.DEFINITION:
        old, new = _fields(pair, lambda u: (u.label,))
        row = DefRow(Para("term", old, new, anchor=pair.unit.id))
        old, new = _fields(pair, lambda u: (u.text,))
        row.body.append(Para("definition", old, new))
        row.body.extend(_below(pair, elide, keep))  # type: ignore[arg-type]
        return [row]
    return [*own_paras(pair), *_below(pair, elide, keep)]


def _below(pair: Pair, elide: bool, keep: set[str] | None) -> list[Block]:
    blocks: list[Block] = []
    for child in pair.children:
        if child.kind is UnitKind.DEFINITION and not (child.changed or child.unit.uid in (keep or ())):
            continue
        if elide and not child.changed:
            _elide(blocks)
        else:
            blocks.extend(unit_blocks(child, elide, keep))
    tail = tail_para(pair)
    if tail is not None:
        if elide and tail.old == tail.new:
            _elide(blocks)
        else:
            blocks.append(tail)
    return blocks


ELISION = "[...]"


def _elide(blocks: list[Block]) -> None:
    last = blocks[-1] if blocks else None
    if not (isinstance(last, Para) and last.role == "elision"):
        blocks.append(Para.plain("elision", ELISION))


def summary_blocks(summary: Summary) -> list[Block]:
    """A run's summary as paragraphs: a bold "Summary" line, then one paragraph per line."""
    return [Para.plain("heading", "Summary"), *(Para.plain("summary", line) for line in summary.lines())]
