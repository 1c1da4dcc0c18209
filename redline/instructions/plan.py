"""Instruction segments + the base version → rules instructions, and the issues met on the way."""

from __future__ import annotations

import re
from typing import Any

from redline.instructions.align import (
    Alignment,
    align_plain,
    align_tracked,
    label_length,
    repair_tokens,
    seed_tokens,
    vocabulary,
)
from redline.instructions.anchors import unit_instructions
from redline.instructions.headings import DEFINITION_START, REFERENCE_WRAP, TERM_LIST_SEPARATOR, Heading
from redline.instructions.model import DELETE, EQUAL, INSERT, Draft, Issue, Line, Segment, span_of
from redline.models import LIST_KINDS, Position, Unit, UnitKind, Version
from redline.read import labels as lab
from redline.read import patterns as pat
from redline.read.structure import CONNECTIVE, Block, TreeBuilder, join_wrapped


def unit_lines(unit: Unit, depth: int = 0) -> list[str]:
    """A unit's content as rules-file text: its own text, then "(a) …" lines, then its tail."""
    lines = [unit.text] if depth == 0 else [f"{unit.label} {unit.text}"]
    for child in unit.children:
        lines.extend(unit_lines(child, depth + 1))
    if unit.tail:
        lines.append(unit.tail)
    return [line for line in lines if line.strip()]


def _next_letter(label: str) -> str | None:
    """The letter after a lettered paragraph's label ("(j)" → "k"); None for other labels."""
    bare = lab.unbracket(label)
    return lab.next_label(bare, lab.LETTER) if lab.LETTER in lab.schemes(bare) else None


def _new_paragraphs(clause: Unit, lines: list[Line]) -> list[tuple[str, str, Line]] | None:
    """Quoted lines read as new lettered paragraphs after the clause's last one, each (label, its
    text with its wrapped lines joined, its first line); None when their labels do not continue
    the clause's paragraphs in sequence."""
    children = [c for c in clause.children if c.kind in LIST_KINDS]
    expected = _next_letter(children[-1].label) if children else "a"
    found: list[tuple[str, str, Line]] = []
    for line in lines:
        m = pat.LIST_LABEL.match(line.text.strip())
        if m is None and found and not pat.ELISION.match(line.text):
            label, text, first = found[-1]  # a wrapped line of the new paragraph
            found[-1] = (label, join_wrapped(text, line.text.strip()), first)
        elif m is not None and m["label"] == expected:
            found.append((m["label"], m["rest"], line))
            expected = _next_letter(f"({expected})")
        else:
            return None
    return found


def _openings(lines: list[Line], start: re.Pattern[str], name: str) -> list[str | None]:
    """Each line's opening group ``name`` of ``start``, None where it has none or the line before
    runs on into it ("… paragraph" + "(b) of …", "… with Section" + "C4.2 …": a reference's)."""
    return [None if n and REFERENCE_WRAP.search(lines[n - 1].text.rstrip())
            else (m[name] if (m := start.match(line.text.strip())) else None)
            for n, line in enumerate(lines)]


def _opening_labels(lines: list[Line]) -> list[str | None]:
    """Each line's opening paragraph label ("(j)")."""
    return [f"({label})" if label else None for label in _openings(lines, pat.LIST_LABEL, "label")]


def _opening_numbers(lines: list[Line], appendix: bool = False) -> list[str | None]:
    """Each line's opening clause number ("G7.21", or in an Appendix "3.2.5")."""
    numbers = _openings(lines, pat.APPENDIX_CLAUSE_START if appendix else pat.CLAUSE_START, "num")
    return [number.rstrip(".") if number else None for number in numbers]


def quoted_paragraphs(units: list[Unit], lines: list[Line]) -> list[Unit]:
    """What quoted text under one clause covers when it opens with one of the clause's paragraphs:
    from that paragraph to the last of its siblings a quoted line opens.  "Amend Section C7.2 as
    follows" quoting only "(j) …" amends C7.2(j), however rewritten, and never the clause's own
    words or the paragraphs before (which the words of a rewritten paragraph could otherwise be
    aligned with); quoted text that opens with the clause's words covers the whole clause."""
    labels = _opening_labels([line for line in lines if not pat.ELISION.match(line.text)])
    children = units[0].children if len(units) == 1 and labels and labels[0] else []
    at = {child.label: i for i, child in enumerate(children) if child.kind in LIST_KINDS}
    if not labels or labels[0] not in at:
        return units
    start = at[labels[0]]
    return children[start:max(start, *(at.get(label, -1) for label in labels if label)) + 1]


def quoted_clauses(units: list[Unit], lines: list[Line]) -> list[Unit]:
    """What quoted text under several clauses ("Amend Sections G7.18 to G7.22") covers when it
    opens with one of their numbers: the clauses whose numbers open quoted lines, alone.  An
    unchanged clause quoted alone among them was otherwise lost: the diff's clean-up let the
    unquoted clauses around it swallow its words, and their words were all struck."""
    numbers = _opening_numbers([line for line in lines if not pat.ELISION.match(line.text)])
    if len(units) < 2 or not numbers or numbers[0] not in {unit.id for unit in units}:
        return units
    return [unit for unit in units if unit.id in numbers]


class Planner:
    """Turns each segment into instructions, appending them and the issues to ``draft``."""

    def __init__(self, base: Version, draft: Draft) -> None:
        self.base = base
        self.draft = draft
        self.order = {id(u): n for n, u in enumerate(base.units())}
        self.vocab = vocabulary(base.units())
        self.terms = {d.label for d in base.definitions()}

    def run(self, segments: list[Segment]) -> None:
        for segment in segments:
            self.draft.headings.append(segment.heading)
            if segment.notes:
                self.draft.note(segment.notes[0].where, f"drafting note of {len(segment.notes)} line(s) set aside: "
                                                        f"{segment.notes[0].text[:50]!r}…")
            getattr(self, f"_{segment.heading.kind}")(segment)

    def emit(self, params: dict[str, Any], segment: Segment, where: str = "") -> None:
        self.draft.instructions.append({**params, "source": f"{where or segment.where}: {segment.heading.text}"})

    # --- naming units ---------------------------------------------------------------------

    def unit_id(self, segment: Segment, number: str, heading: Heading | None = None) -> str:
        appendix = (heading or segment.heading).appendix or (
            segment.section if segment.appendix and number[:1].isdigit() else "")
        return f"{appendix}:{number}" if appendix else number

    def targets(self, segment: Segment, quoted: bool = True) -> list[Unit]:
        """The units the instruction line names (a range expanded), and with ``quoted`` the
        clauses its quoted text opens by number without naming them (revisions invisible)."""
        heading = segment.heading
        first = self.base.get(self.unit_id(segment, heading.first))
        if first is None:
            self.draft.unresolved(segment.where, f"{heading.first} is not in {self.base.name}", heading.first)
            return []
        found = [first]
        if heading.last:
            last = self.base.get(self.unit_id(segment, heading.last))
            if last is None:
                self.draft.unresolved(segment.where, f"{heading.last} is not in {self.base.name}", heading.last)
            elif heading.joint == "and":
                found.append(last)
            else:
                units = list(self.base.units())
                span = units[units.index(first):units.index(last) + 1]
                found = [u for u in span if u.kind is first.kind]
                if not found:  # "Sections G7.21 to G7.20": a range running backwards names nothing
                    self.draft.unresolved(segment.where, f"the range {heading.first} to {heading.last} runs "
                                          f"backwards in {self.base.name}: it names no unit", heading.first)
                    return []
        if quoted and not any(line.tracked for line in segment.lines):
            found.extend(self._quoted_without_instruction(segment, found))
        return sorted(found, key=lambda u: self.order[id(u)])

    def _quoted_without_instruction(self, segment: Segment, named: list[Unit]) -> list[Unit]:
        """Clauses the quoted text opens by number that the instruction line does not name."""
        covered = {id(u) for root in named for u in root.walk()}
        extra: list[Unit] = []
        for line, number in zip(segment.lines, _opening_numbers(segment.lines), strict=True):
            unit = self.base.get(number) if number else None
            if unit is None or unit.kind is not UnitKind.CLAUSE or id(unit) in covered:
                continue
            covered.update(id(u) for u in unit.walk())
            extra.append(unit)
            self.draft.note(line.where, f"{unit.id} is quoted under {segment.heading.text!r} without an instruction "
                                        "line of its own: read as amended by that instruction", unit.id)
        return extra

    # --- aligning quoted text -------------------------------------------------------------

    def align(self, units: list[Unit], lines: list[Line]) -> Alignment:
        tokens = seed_tokens(lines)
        if any(line.tracked for line in lines):
            return align_tracked(units, tokens)
        tokens, repairs = repair_tokens(tokens, self.vocab)
        for line, message in repairs:
            self.draft.note(line.where, message)
        return align_plain(units, tokens)

    def amend_units(self, segment: Segment, units: list[Unit], lines: list[Line]) -> Alignment:
        alignment = self.align(units, lines)
        for line, message in alignment.notes:
            self.draft.note(line.where, message)
        for line, message in alignment.unresolved:
            self.draft.unresolved(line.where, message)
        self.draft.instructions.extend(unit_instructions(alignment, segment.heading.text))
        return alignment

    def _amend(self, segment: Segment) -> None:
        units = self.targets(segment)
        if not units:
            return
        if not _new_lines(segment.lines):  # nothing, or only "[...]", quoted: it had read as no change, unsaid
            self.draft.unresolved(segment.where, f"no text quoted under the amendment of {units[0].id}: nothing "
                                  "to read the change from", units[0].id)
            return
        if [u.id for u in units] == [pat.DEFINITIONS_CLAUSE]:
            # "Amend Section A1.1 as follows:" quotes definitions: each is amended by its term, never
            # aligned with the words of all 1,500 (which it would be, the others struck)
            self.draft.note(segment.where, f"read as amending the definitions it quotes in {pat.DEFINITIONS_CLAUSE}")
            self._amend_definitions(segment)
            return
        lines = [line for line in _inserted_paragraphs(segment.lines) if not self._new_paragraph(segment, line, units)]
        self._relabelled_or_joined(lines)
        if not any(line.tracked for line in lines):
            lines = self._paragraphs_not_in_base(segment, units, self._clauses_not_in_base(segment, lines))
            lines = self._new_tail(segment, units, lines)
            units = quoted_paragraphs(quoted_clauses(units, lines), lines)
        self.check_balloons(segment, [self.amend_units(segment, units, lines)])

    def _clauses_not_in_base(self, segment: Segment, lines: list[Line]) -> list[Line]:
        """The quoted lines to align, without those of clauses the base does not have: a line
        opening with a clause number not in the base ("G7.23 …" quoted under "Amend Sections
        G7.18 to G7.22"), and the lines after it up to one opening with a clause number the base
        has, are that new clause, an ``insert`` (revisions invisible, its words are all new)."""
        kept: list[Line] = []
        new: list[Line] = []
        for line, number in zip(lines, self._opening_numbers(segment, lines), strict=True):
            if number is not None:
                self._insert_clause(segment, new)
                new = []
                if self.base.get(self.unit_id(segment, number)) is None:
                    new.append(line)
                    continue
            (new if new else kept).append(line)
        self._insert_clause(segment, new)
        return kept

    def _insert_clause(self, segment: Segment, lines: list[Line]) -> None:
        """An ``insert`` of the new clause whose number opens ``lines`` (none when empty)."""
        if lines:
            m = (pat.APPENDIX_CLAUSE_START if self._in_appendix(segment) else pat.CLAUSE_START).match(
                lines[0].text.strip())
            assert m is not None
            unit_id = self.unit_id(segment, m["num"].rstrip("."))
            text = [m["rest"], *(line.text.strip() for line in lines[1:] if not pat.ELISION.match(line.text))]
            self.emit({"kind": "insert", "unit": unit_id, "text": "\n".join(t for t in text if t)},
                      segment, lines[0].where)
            self.draft.note(lines[0].where, f"{unit_id} is quoted but not in {self.base.name}: read as a new "
                                            "clause (an insert)", unit_id)

    @staticmethod
    def _in_appendix(segment: Segment) -> bool:
        return segment.appendix or bool(segment.heading.appendix)

    def _opening_numbers(self, segment: Segment, lines: list[Line]) -> list[str | None]:
        """:func:`_opening_numbers` of quoted lines, read as an Appendix's where the segment is in one;
        a number that is one the instruction line names but for a dot lost in extraction ("3.24"
        under "Amend Section 3.2.4") is that one, noted."""
        named = {n.replace(".", ""): n for n in (segment.heading.first, segment.heading.last) if n}
        numbers = _opening_numbers(lines, self._in_appendix(segment))
        for n, (line, number) in enumerate(zip(lines, numbers, strict=True)):
            if number and number not in named.values() and (slip := named.get(number.replace(".", ""))):
                numbers[n] = slip
                self.draft.note(line.where, f"{number!r} read as {slip} (the number the instruction names, "
                                            "a dot lost in extraction)", slip)
        return numbers

    def _paragraphs_not_in_base(self, segment: Segment, units: list[Unit], lines: list[Line]) -> list[Line]:
        """The quoted lines to align, without those of paragraphs the one amended clause does not
        have: a line opening with a label no paragraph of the clause has, and the lines after it up
        to one opening with a label the clause has.  Revisions invisible, such paragraphs are new:
        at the end of the quoted text, continuing the clause's lettered paragraphs in sequence
        ("(k) …" after its last, (j)), each is an ``insert``; otherwise their words, which no unit
        of the base holds, are left to the drafter (never put into the paragraph before)."""
        if len(units) != 1:
            return lines
        clause = units[0]
        labels = {u.label for u in clause.walk() if u.kind in LIST_KINDS}
        # each line's opening label, none where the line before runs on into it ("paragraph" + "(b) of …")
        opening = _opening_labels(lines)
        kept: list[Line] = []
        n = 0
        while n < len(lines):
            if opening[n] is None or opening[n] in labels:
                kept.append(lines[n])
                n += 1
                continue
            end = next((k for k in range(n + 1, len(lines)) if opening[k] in labels), len(lines))
            new = _new_paragraphs(clause, lines[n:end]) if end == len(lines) else None
            if new is None:
                self.draft.unresolved(lines[n].where, f"quoted paragraph {pat.normalise_space(lines[n].text)[:40]!r}… "
                                      f"is not in {clause.id} of {self.base.name}, nor a new paragraph after its last: "
                                      f"the words of {span_of(lines[n:end])} are not placed; write them into the rules "
                                      "by hand", clause.id)
            for label, text, line in new or []:
                self.emit({"kind": "insert", "unit": f"{clause.id}({label})", "text": text}, segment, line.where)
                self.draft.note(line.where, f"{clause.id}({label}) is quoted but not in {self.base.name}: read as a "
                                            "new paragraph after the last (an insert)", f"{clause.id}({label})")
            n = end
        return kept

    def _new_tail(self, segment: Segment, units: list[Unit], lines: list[Line]) -> list[Line]:
        """The quoted lines to align, without new words continuing a list after its last item
        ("(ii) … L13.42," then "provided that the DCC shall first consult …"), read as the reader
        reads them (:class:`~redline.read.structure.TreeBuilder`): the ``tail`` of that item's
        parent, an ``amend`` of its own, noted.  Only where the base has no such words; they were
        put at the end of the last item's own words."""
        if len(units) != 1:
            return lines
        opening = _opening_labels(lines)
        last = max((n for n, label in enumerate(opening) if label), default=None)
        if last is None:
            return lines
        item = next((u for u in reversed(list(units[0].walk())) if u.kind in LIST_KINDS
                     and u.label == opening[last]), None)
        cut = next((n for n in range(last + 1, len(lines)) if lines[n - 1].text.rstrip().endswith((";", ",", "."))
                    and CONNECTIVE.match(words := pat.normalise_space(lines[n].text)) and len(words.split()) > 2),
                   None)
        if item is None or item.parent is None or cut is None or item.parent.tail:
            return lines
        parent = item.parent
        text = " ".join(pat.normalise_space(line.text) for line in lines[cut:])
        self.emit({"kind": "amend", "unit": parent.id, "field": "tail", "text": text}, segment, lines[cut].where)
        self.draft.note(lines[cut].where, f"words after {item.id}, the last item of its list, read as new words "
                                          f"continuing {parent.id} after its list (its tail)", parent.id)
        return lines[:cut]

    def _new_paragraph(self, segment: Segment, line: Line, units: list[Unit]) -> bool:
        """A paragraph of a tracked document inserted or deleted whole: an inserted numbered one
        becomes an ``insert`` (a new clause by its number, a new (x) paragraph of the one amended
        unit by its letter), a deleted one with a label a ``delete`` of that paragraph; one whose
        place its words do not tell (no typed number: Word numbering) is unresolved.  Left to the
        alignment, their words went into the paragraph before, or it was emptied."""
        if line.struck:
            return self._deleted_paragraph(segment, line, units)
        if not _inserted_whole(line):
            return False
        text = pat.normalise_space(line.text)
        clause, label = pat.CLAUSE_START.match(text), pat.LIST_LABEL.match(text)
        if clause:
            self.emit({"kind": "insert", "unit": self.unit_id(segment, clause["num"]), "text": clause["rest"]},
                      segment, line.where)
        elif label and len(units) == 1 and lab.LETTER in lab.schemes(label["label"]) \
                and lab.ROMAN not in lab.schemes(label["label"]):
            unit_id = f"{units[0].id}({label['label']})"
            params = {"kind": "insert", "unit": unit_id, "text": label["rest"]}
            if self.base.get(unit_id) is not None:
                params["reletter"] = True  # the paragraphs after it move down a letter
            self.emit(params, segment, line.where)
        elif label:
            self.draft.unresolved(line.where, "an inserted numbered paragraph whose parent is not clear (a sub-list, "
                                              "or several units quoted); give it an 'Insert new Section …' line")
        else:
            self.draft.issues.append(Issue("unresolved", line.where, "a paragraph inserted whole, with no typed "
                                           "number or label (Word numbering?): where it goes is not clear; give it "
                                           "an 'Insert new Section …' line", text=text))
        return True

    def _relabelled_or_joined(self, lines: list[Line]) -> None:
        """Tracked changes to a paragraph's label or to its mark alone, which no word edit carries:
        a label changed ("(j)" struck, "(k)" inserted: a renumbering), a mark deleted (two
        paragraphs joined) or inserted within one (one split).  Unresolved: they were dropped."""
        for line in lines:
            if not line.tracked:
                continue
            new = pat.normalise_space(line.text)
            was, now = pat.LIST_LABEL.match(pat.normalise_space(line.before)), pat.LIST_LABEL.match(new)
            if was and now and was["label"] != now["label"]:
                self.draft.unresolved(line.where, f"the label ({was['label']}) is changed to ({now['label']}): a "
                                      "renumbering; write it into the rules by hand")
            if line.mark == DELETE and new:
                self.draft.unresolved(line.where, "a paragraph mark is deleted: this paragraph and the next are "
                                      "joined; write the change into the rules by hand")
            elif line.mark == INSERT and not _all_inserted(line):
                self.draft.unresolved(line.where, "a paragraph mark is inserted within a paragraph: it is split "
                                      "in two; write the change into the rules by hand")

    def _deleted_paragraph(self, segment: Segment, line: Line, units: list[Unit]) -> bool:
        """A paragraph deleted whole, mark and words: a ``delete`` of the paragraph its label names
        under the one amended unit; unresolved when that is not clear."""
        old = pat.normalise_space(line.before)
        label = pat.LIST_LABEL.match(old)
        target = next((u for u in units[0].walk() if u.kind in LIST_KINDS and u.label == f"({label['label']})"),
                      None) if label and len(units) == 1 else None
        if target is None:
            self.draft.issues.append(Issue("unresolved", line.where, "a paragraph deleted whole whose unit is not "
                                           "clear (no typed label, or none of the amended unit's): write the "
                                           "deletion into the rules by hand", text=old))
        else:
            self.emit({"kind": "delete", "unit": target.id}, segment, line.where)
        return True

    def check_balloons(self, segment: Segment, alignments: list[Alignment]) -> None:
        """Report balloons that no deletion explains, and deletions that no balloon shows."""
        if not segment.balloons:
            return
        deleting: dict[str, set[int]] = {}
        by_line: dict[int, Unit] = {}
        for alignment in alignments:
            by_line.update(alignment.units_by_line)
            for edit in alignment.edits:
                if edit.j > edit.i:
                    deleting.setdefault(alignment.slots[edit.i].unit.id, set()).add(edit.line.index)
        shown: set[str] = set()
        for balloon in segment.balloons:
            before = [n for n in by_line if n <= balloon.index]
            unit = by_line[max(before)] if before else None
            if unit is None:
                continue
            lines = deleting.get(unit.id, set())
            if balloon.index in lines or balloon.alone and lines:
                shown.add(unit.id)
            else:
                self.draft.issues.append(_check(balloon.where, f"margin balloon {balloon.text!r} shows a deletion "
                                                               f"in {unit.id}; the diff finds none there", unit.id))
        for unit_id, lines in deleting.items():
            if unit_id not in shown:
                where = f"l.{min(lines)}" if segment.where.startswith("l.") else segment.where
                self.draft.issues.append(_check(where, f"the diff deletes words in {unit_id}; no margin balloon "
                                                       "shows it", unit_id))

    # --- definitions ------------------------------------------------------------------------

    def _add_definitions(self, segment: Segment) -> None:
        for term, lines, where in self._definitions(segment, inline=True):
            if lines and lines[0].row == DELETE:  # a row added and then withdrawn: gone once accepted
                self.draft.note(where, f"the new definition of {term!r} is struck out whole (withdrawn): not added",
                                term)
                continue
            if not _new_lines(lines):
                self.draft.unresolved(where, f"no definition text for the new term {term!r}", term)
                continue
            existing = self.base.get(f"A1.1:{term}")
            if existing is not None:
                self.draft.note(where, f"{term!r} is already defined: amended instead of added", term)
                self.amend_units(segment, [existing], lines)
                continue
            text = "\n".join(_new_lines(lines))
            self.emit({"kind": "add_definition", "term": term, "text": text}, segment, where)

    def _amend_definitions(self, segment: Segment) -> None:
        alignments = []
        for term, lines, where in self._definitions(segment, inline=False):
            definition = self.base.get(f"A1.1:{term}")
            if definition is None:
                self.draft.unresolved(where, f"{term!r} is not defined in {self.base.name}", term)
                continue
            if lines and lines[0].row == DELETE:
                self.emit({"kind": "delete_definition", "term": term}, segment, where)
                continue
            if not any(line.tracked for line in lines):  # a new last paragraph "(e) …" is an insert
                lines = self._paragraphs_not_in_base(segment, [definition], lines)
            else:  # a paragraph of the definition inserted or deleted whole
                lines = [line for n, line in enumerate(lines) if n == 0 or not self._new_paragraph(
                    segment, line, [definition])]
            alignments.append(self.amend_units(segment, [definition], lines))
        self.check_balloons(segment, alignments)

    def _delete_definitions(self, segment: Segment) -> None:
        """Each definition listed, with its text or by its term alone, or named in the line itself
        ("Delete the definition of Proposer")."""
        named = self._named_terms(segment.heading.old) if segment.heading.old else None
        if named is None and segment.heading.old:
            self.draft.unresolved(segment.where, f"{segment.heading.old!r} names no definition of {self.base.name} "
                                  "(nor a list of them)")
            return
        listed = [(term, [], segment.where) for term in named] if named else \
            self._definitions(segment, inline=False, terms_alone=True)
        for term, _, where in listed:
            if self.base.get(f"A1.1:{term}") is None:
                self.draft.unresolved(where, f"{term!r} is not defined in {self.base.name}", term)
                continue
            self.emit({"kind": "delete_definition", "term": term}, segment, where)

    def _named_terms(self, words: str) -> list[str] | None:
        """The defined terms ``words`` name: one term, or a list ("A, B and C"); None otherwise."""
        if words in self.terms:
            return [words]
        parts = [t.strip() for t in TERM_LIST_SEPARATOR.split(words) if t.strip()]
        return parts if parts and all(t in self.terms for t in parts) else None

    def _definitions(self, segment: Segment, inline: bool, terms_alone: bool = False
                     ) -> list[tuple[str, list[Line], str]]:
        """(term, definition lines, where) for each definition the segment quotes; with
        ``terms_alone``, a term listed without its text too (its lines empty)."""
        if any(line.term is not None for line in segment.lines):
            return _table_rows(segment.lines)
        if inline:
            return self._parsed_definitions(segment.lines)
        return self._terms_then_texts(segment, terms_alone)

    def _parsed_definitions(self, lines: list[Line]) -> list[tuple[str, list[Line], str]]:
        """Definitions printed term-then-text on one line (terms may wrap in the left column; a
        term in quotes, “Draft Proposal” means …, has them left out).  Words before the first
        definition, and a line that reads as a definition with a verb redline does not know
        ("X refers to …", "X: a …"), are unresolved: they would be dropped, or read as the words
        of the definition before."""
        builder = TreeBuilder("draft")
        builder.feed(Block("SECTION A: DEFINITIONS", Position("draft")))
        builder.feed(Block("A1.1", Position("draft")))
        for n, line in enumerate(lines):
            text = _QUOTED_TERM.sub(r"\g<term> ", line.text.strip())
            if n and (m := _UNKNOWN_DEFINITION.match(text)) and lines[n - 1].text.rstrip().endswith((".", ";")):
                self.draft.issues.append(Issue("unresolved", line.where, f"{m['term']!r} reads as a new definition "
                                               "but with none of the words that open one (means, has the meaning, "
                                               "includes …): not read; write it into the rules by hand",
                                               m["term"], text=line.text))
                builder.feed(Block("[...]", Position("draft", line.index)))  # neither this nor the one before
                continue
            builder.feed(Block(text, Position("draft", line.index)))
        clause = builder.finish().get("A1.1")
        if clause is not None and clause.text.strip():
            first = lines[0]
            self.draft.issues.append(Issue("unresolved", first.where, "words before the first definition read "
                                           "(no term and verb such as “X means …”) are not read; write them into "
                                           "the rules by hand", text=clause.text))
        found = []
        for definition in clause.children if clause is not None else []:
            at = definition.position.line if definition.position else 0
            line = next((ln for ln in lines if ln.index == at), lines[0])
            text = [Line([(EQUAL, t)], line.where, line.index) for t in unit_lines(definition)]
            found.append((definition.label, text, line.where))
        return found

    def _terms_then_texts(self, segment: Segment, terms_alone: bool = False) -> list[tuple[str, list[Line], str]]:
        """The "terms first, then their texts in the same order" layout, or term-and-text lines;
        with ``terms_alone``, terms listed with no text left for them are found too."""
        terms: list[tuple[str, str]] = []
        texts: list[tuple[str | None, list[Line]]] = []
        pending: list[Line] = []
        for line in segment.lines:
            text = line.text.strip()
            if DEFINITION_START.match(text):
                texts.append((None, [line]))
            elif (m := pat.DEFINITION_VERB.search(text)) and text[:m.start()] in self.terms:
                texts.append((text[:m.start()], [Line([(EQUAL, text[m.start():].strip())], line.where, line.index)]))
            elif texts:
                texts[-1][1].append(line)
            else:
                pending.append(line)
        while pending:
            line = pending.pop(0)
            term = pat.normalise_space(line.text)
            while term not in self.terms and pending and any(t.startswith(f"{term} ") for t in self.terms):
                term = f"{term} {pat.normalise_space(pending.pop(0).text)}"
            terms.append((term, line.where))
        found = []
        listed = iter(terms)
        for term, lines in texts:
            if term is None:
                named = next(listed, None)
                if named is None:
                    self.draft.unresolved(lines[0].where, "a definition text with no term left to pair it with")
                    continue
                term = named[0]
            found.append((term, lines, lines[0].where))
        for term, where in listed:
            if terms_alone:
                found.append((term, [], where))
            else:
                self.draft.unresolved(where, f"term {term!r} is listed but no definition text is left for it", term)
        return found

    # --- whole units ------------------------------------------------------------------------

    def _one_unit(self, segment: Segment, what: str, existing: bool = True) -> str | None:
        """The one unit the line names; None, said, when it names several (``what`` of several
        units) or, with ``existing``, one the base has not."""
        heading = segment.heading
        unit_id = self.unit_id(segment, heading.first)
        if heading.last:
            self.draft.unresolved(segment.where, f"{what} of several units ({heading.first} {heading.joint} "
                                  f"{heading.last}): give each its own line", unit_id)
            return None
        if existing and self.base.get(unit_id) is None:
            self.draft.unresolved(segment.where, f"{unit_id} is not in {self.base.name}", unit_id)
            return None
        return unit_id

    def _amend_heading(self, segment: Segment) -> None:
        """The new heading quoted, without the unit's number when it is printed before it
        ("C7 THE CODE ADMINISTRATOR")."""
        unit_id = self._one_unit(segment, "the headings")
        if unit_id is None:
            return
        text = " ".join(pat.normalise_space(line.text) for line in segment.lines if line.text.strip())
        number = segment.heading.first
        if text.startswith(f"{number} "):
            text = text[len(number):].lstrip()
        self.emit({"kind": "amend", "unit": unit_id, "heading": text}, segment)

    def _amend_words(self, segment: Segment) -> None:
        """Words the line itself quotes, changed wherever they stand in the units it names (each
        unit of a clause counted apart): an ``amend`` replacing them, every one, in each unit
        holding them; none holding them is unresolved.  A deletion takes a space beside the words
        with them, so no two spaces are left."""
        heading = segment.heading
        units = list({u.uid: u for unit in self.targets(segment, quoted=False) for u in unit.walk()}.values())
        found = False
        for unit in units:
            fields = [getattr(unit, name) for name in ("heading", "text", "tail")]
            pairs = _word_edits(fields, heading.old, heading.new)
            if pairs is None:
                found = True
                self.draft.unresolved(segment.where, f"{heading.old!r} stands in {unit.id} both as a word and inside "
                                      "other words, and a use of it cannot be told apart by the words beside it: "
                                      "write the edit into the rules by hand", unit.id)
            elif pairs:
                found = True
                self.emit({"kind": "amend", "unit": unit.id, "replace": pairs}, segment)
        if not found:
            self.draft.unresolved(segment.where, f"the words {heading.old!r} are not in "
                                  f"{heading.first}{f' {heading.joint} {heading.last}' if heading.last else ''} "
                                  f"of {self.base.name}", heading.first)
        self._not_read(segment.lines, "under an amendment that quotes its own words")

    def _replace(self, segment: Segment) -> None:
        """A unit's whole new text quoted ("Replace paragraph (c) of Section C4.2 with the
        following:"): an ``amend`` with that text (lines "(a) …" its paragraphs), its number or
        label left out."""
        unit_id = self._one_unit(segment, "a replacement")
        text = None if unit_id is None else self._quoted_text(segment, unit_id)
        if unit_id is not None and text is not None:
            self.emit({"kind": "amend", "unit": unit_id, "text": text}, segment)

    def _quoted_text(self, segment: Segment, unit_id: str, quoted: list[Line] | None = None) -> str | None:
        """The text quoted under the line (or ``quoted``), a line each, its unit's number or label
        left out; None, said, when nothing is quoted."""
        lines = _new_lines(segment.lines if quoted is None else quoted)
        if not lines:
            self.draft.unresolved(segment.where, f"no text quoted for {unit_id}", unit_id)
            return None
        lines[0] = lines[0][label_length(lines[0]):].strip()
        return "\n".join(lines)

    def _insert(self, segment: Segment) -> None:
        """A new unit, with the neighbour the line names ("… after Section C7.2"); a line naming
        several new units is left to the drafter (their texts are not told apart here)."""
        heading = segment.heading
        unit_id = self._one_unit(segment, "an insertion", existing=False)
        if unit_id is None:
            return
        quoted, further = self._further_clauses(segment, unit_id)
        text = self._quoted_text(segment, unit_id, quoted)
        if text is None:
            return
        params: dict[str, Any] = {"kind": "insert", "unit": unit_id, "text": text}
        for side in ("after", "before"):
            if neighbour := getattr(heading, side):
                params[side] = self.unit_id(segment, neighbour)
        existing = self.base.get(unit_id)
        if existing is not None and existing.kind not in LIST_KINDS:
            self.draft.unresolved(segment.where, f"{unit_id} is in {self.base.name} already: a new clause needs a "
                                  f"number of its own ({unit_id}A), or those from it renumbered first", unit_id)
            return
        if existing is not None:
            params["reletter"] = True  # a new (j) where there is one: the paragraphs from it move down a letter
            self.draft.note(segment.where, f"{unit_id} is in {self.base.name}: the new paragraph takes its letter, "
                                           "and it and those after it are re-lettered", unit_id)
        self.emit(params, segment)
        self._not_read(self._clauses_not_in_base(segment, further),
                       f"under the insertion of {unit_id}, of clauses {self.base.name} has")

    def _further_clauses(self, segment: Segment, unit_id: str) -> tuple[list[Line], list[Line]]:
        """The lines quoted under the insertion of one clause, cut where a line opens another
        clause's number ("C7.4 …" under "Insert the following new Section C7.3:"): that clause's
        words are never the new clause's text."""
        lines = segment.lines
        own = unit_id.split(":")[-1].split("(")[0]  # a new paragraph's clause
        cut = next((i for i, number in enumerate(self._opening_numbers(segment, lines))
                    if i and number and number != own), len(lines))
        return lines[:cut], lines[cut:]

    def _delete(self, segment: Segment) -> None:
        """Each unit the line names: one, a list ("Sections G7.20 and G7.22") or a range.  Lines
        under it may show the words deleted (struck, or quoted); any other line is not read."""
        units = self.targets(segment, quoted=False)  # text shown struck under it names no other unit
        for unit in units:
            self.emit({"kind": "delete", "unit": unit.id}, segment)
        deleted = pat.normalise_space(" ".join(
            f"{u.label} {u.heading} {u.text} {u.tail}" for unit in units for u in unit.walk()))
        others = [line for line in segment.lines if not line.tracked and not (deleted and _words(line) in deleted)]
        self._not_read(others, "under a deletion, not words of what it deletes")

    def _renumber(self, segment: Segment) -> None:
        """A renumbering of a unit of the base, or of one another modification introduces
        ("New Section D3.13 introduced by SECMP0034 …"); no line under it is read."""
        heading = segment.heading
        unit_id = self.unit_id(segment, heading.first)
        if not heading.requires and self.base.get(unit_id) is None:
            self.draft.unresolved(segment.where, f"{unit_id} is not in {self.base.name}, and the line names no "
                                  "modification that introduces it", unit_id)
        else:
            params: dict[str, Any] = {"kind": "renumber", "unit": unit_id, "to": self.unit_id(segment, heading.to)}
            if heading.requires:
                params["requires"] = [heading.requires]
            self.emit(params, segment)
        self._not_read(segment.lines, "under a renumbering")

    def _external(self, segment: Segment) -> None:
        self.emit({"kind": "replace_section", "section": segment.heading.section, "external": True,
                   "note": segment.heading.text}, segment)
        self.draft.note(segment.where, f"Section {segment.heading.section} is redrafted in a separate attachment: "
                                       "recorded, not applied", segment.heading.section)
        self._not_read(segment.lines, "under a pointer to a separate attachment")

    def _not_read(self, lines: list[Line], what: str) -> None:
        """Lines under an instruction that its form does not read (``what`` says where they
        stand): unresolved, with their words, never dropped unsaid."""
        if under := [line for line in lines if line.text.strip()]:
            self.draft.issues.append(Issue(
                "unresolved", under[0].where, f"{len(under)} line(s) {what} ({span_of(under)}) are not read; "
                "write them into the rules by hand", text="\n".join(line.text for line in under)))


def _check(where: str, message: str, unit: str) -> Issue:
    return Issue("check", where, message, unit)


#: A term in quotes opening a definition: “Draft Proposal” means … (the quotes are no part of it).
_QUOTED_TERM = re.compile(r"^[“\"‘'](?P<term>[^“”\"‘’']{1,80})[”\"’']\s*"
                          r"(?=(?:means|has the|is the term|includes|shall)\b)")
#: A line worded as a definition with a verb that opens none: "Change Sub-Committee refers to …",
#: "Draft Proposal: a proposal …".
_UNKNOWN_DEFINITION = re.compile(r"^(?P<term>(?:[A-Z][\w’'-]*\s){0,5}[A-Z][\w’'-]*)"
                                 r"(?::\s|\s+(?:refers to|is defined as|denotes|shall refer to)\s)")


def _word_edits(fields: list[str], old: str, new: str) -> list[dict[str, Any]] | None:
    """``replace`` pairs changing every use of the words ``old`` as words (never inside a longer
    word: "and" in "understanding"), in a unit's fields; [] when there is none, None when a use
    cannot be given a find of its own.  A deletion takes a space beside the words with them, so
    no two spaces are left.  Where ``old`` also stands inside longer words, each use is found
    with the word after it (or before it) as context."""
    whole = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    uses = [(f, m.start(), m.end()) for f in fields for m in whole.finditer(f)]
    if not uses:
        return []
    if len(uses) == sum(f.count(old) for f in fields):  # never inside a longer word: one find for all
        if not new and all(f.count(f" {old}") == f.count(old) for f in fields):
            old = f" {old}"  # "… the Panel and the Board" less " and the Board"
        elif not new and all(f.count(f"{old} ") == f.count(old) for f in fields):
            old = f"{old} "
        return [{"find": old, "with": new, **({"count": len(uses)} if len(uses) > 1 else {})}]
    pairs: list[dict[str, Any]] = []
    for text, start, end in uses:
        after = re.match(r"\s+\S+", text[end:])
        before = re.search(r"\S+\s+$", text[:start])
        options = []
        if after:
            word = after.group()
            options.append((text[start:end + len(word)], new + word if new else word.lstrip()))
        if before:
            word = before.group()
            options.append((text[start - len(word):end], word + new if new else word.rstrip()))
        choice = next(((find, with_) for find, with_ in options if sum(f.count(find) for f in fields) == 1), None)
        if choice is None:
            return None
        pairs.append({"find": choice[0], "with": choice[1]})
    return pairs


def _inserted_whole(line: Line) -> bool:
    """Whether a line is a paragraph inserted whole: its mark inserted (a tracked .docx), or, where
    a format shows no marks (a redline PDF), every word inserted and a label or number opening it."""
    if not line.text.strip() or not _all_inserted(line):
        return False
    text = pat.normalise_space(line.text)
    return line.mark == INSERT or bool(pat.LIST_LABEL.match(text) or pat.CLAUSE_START.match(text))


def _all_inserted(line: Line) -> bool:
    """Every word of the line inserted (the spaces between may not be marked: a PDF's underline)."""
    return bool(line.runs) and all(state == INSERT or not text.strip() for state, text in line.runs)


def _inserted_paragraphs(lines: list[Line]) -> list[Line]:
    """The lines, a paragraph inserted whole over several lines of a PDF joined into one: the
    lines after its first, every word inserted and no label opening them, are its words."""
    joined: list[Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if previous is not None and previous.mark == line.mark == EQUAL and _inserted_whole(previous) and \
                _all_inserted(line) and not _inserted_whole(line):
            joined[-1] = Line([*previous.runs, (INSERT, " "), *line.runs], previous.where, previous.index,
                              previous.noise_before)
            continue
        joined.append(line)
    return joined


def _words(line: Line) -> str:
    """A quoted line's words, its opening label or number left out."""
    text = pat.normalise_space(line.text)
    return text[label_length(text):].strip()


def _new_lines(lines: list[Line]) -> list[str]:
    return [text for line in lines if (text := pat.normalise_space(line.text)) and not pat.ELISION.match(text)]


def _table_rows(lines: list[Line]) -> list[tuple[str, list[Line], str]]:
    """Definitions-table rows: each row's first body line carries the term cell."""
    rows: list[tuple[str, list[Line], str]] = []
    for line in lines:
        if line.term is not None:
            term = "".join(text for state, text in line.term if state != DELETE).strip() or \
                "".join(text for _, text in line.term).strip()
            rows.append((term, [line], line.where))
        elif rows:
            rows[-1][1].append(line)
    return rows
