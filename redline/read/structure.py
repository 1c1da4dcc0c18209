"""Turn a stream of blocks (lines or paragraphs, from any reader) into the SEC clause tree.

Readers do format-specific work (page furniture, balloons, Word numbering, PDF columns) and
hand over :class:`Block` objects; this module alone knows the SEC's layout: Section and
Appendix headers, parts, heading lines, clause numbers, list labels, A1.1 definitions, wrapped
lines and text that continues after a list.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from redline.models import (
    LIST_KINDS,
    Finding,
    Position,
    ReadReport,
    RedlineError,
    Repair,
    Unit,
    UnitKind,
    Version,
)
from redline.read import labels as lab
from redline.read import patterns as pat
from redline.read.hyphenation import REASON, broken_word, layout_join, vocabulary

_LIST_KIND_BY_DEPTH = (UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH, UnitKind.ITEM)
_TERMINAL = (";", ":", ".", ",", "—", "[...]")
CONNECTIVE = re.compile(r"^(?:and|or|but|[Pp]rovided|save|in each case|unless)\b")
#: A line ending in a word that cites a label next ("… under paragraph", "… sub-paragraphs"):
#: a label opening the next line is that reference's, not a paragraph's.
_CITED_LABEL = re.compile(r"\b(?:sub-?)?paragraphs?$", re.IGNORECASE)
#: "(b) of Section C4.2" after "… paragraphs (a) and": the second label of a reference.
_OF_UNIT = re.compile(r"^of (?:Section|this|Appendix|paragraph)\b")
_LIST_JOINT = re.compile(r"\)\s*(?:,|and|or|to)$")
#: "(b) and (c) before …", "(b) above" after "… Section X2.3(a),", "… paragraph (a) or": the rest of a reference.
_MORE_LABELS = re.compile(r"^(?:(?:,|and|or|to)\s*\(\w{1,5}\)|(?:above|below)\b)")
_TERM_WORD = re.compile(r"^(?:[A-Z0-9][\w’'\-]*|of|and|or|to|the|for|in|a|an|by|on|with|under)$")


@dataclass
class Block:
    """One line or paragraph handed over by a reader.

    ``number`` is a clause number or list label supplied by the source's own numbering (Word
    automatic numbering); ``role`` a hint from styles ("section", "appendix", "part",
    "heading", "definition"); ``term`` the left column of a definitions-table row.
    """

    text: str
    position: Position
    number: str | None = None
    role: str | None = None
    term: str | None = None


def join_wrapped(current: str, text: str) -> str:
    """Join a wrapped line to the text before it ("Sub-" + "Committee" → "Sub-Committee")."""
    if not current:
        return text
    return current + text if re.search(r"[A-Za-z]-$", current) else f"{current} {text}"


def _clauses_below(unit: Unit) -> Iterator[Unit]:
    """Clauses below ``unit`` in document order, without walking their paragraphs."""
    for child in unit.children:
        if child.kind is UnitKind.CLAUSE:
            yield child
            yield from _clauses_below(child)


#: Label arithmetic memoised: labels repeat endlessly and the roman reading is not cheap.
_schemes = functools.cache(lab.schemes)
_next_label = functools.cache(lab.next_label)


class TreeBuilder:
    """Builds one version's tree from blocks fed in document order (file after file)."""

    def __init__(self, name: str, report: ReadReport | None = None) -> None:
        self.root = Unit(uid="", kind=UnitKind.VERSION, label=name)
        self.report = report or ReadReport()
        self.section: Unit | None = None
        self.clause: Unit | None = None  # clause (or A1.1) receiving paragraphs/definitions
        self.container: Unit | None = None  # clause or definition that holds the list
        self.stack: list[Unit] = []  # open list units, outermost first
        self.target: tuple[Unit, str] | None = None  # where continuation text goes
        self.pending: list[Block] = []  # candidate heading lines
        self.fill_queue: list[Unit] = []  # labels printed apart from their text
        self.after_elision = False
        self.unplaced: list[tuple[Position, str]] = []
        self.previous = ""  # the last line fed ("" after a header, a heading or an elision)
        self.raw = ""  # the line being fed as read, its tabs kept (a definitions table copied as text)
        self.last_number: str | None = None  # the last clause number of the open Section
        self.structures = 0  # headers, clauses, definitions and list items placed so far
        self.absorbed: tuple[Block, Unit, str, str] | None = None  # see _absorbing
        #: words broken by a hyphen at a line's end: (unit, field, the hyphen's offset, the word, the line after)
        self.hyphenated: list[tuple[Unit, str, int, str, Position]] = []

    # --- public -----------------------------------------------------------------------

    def feed(self, block: Block) -> None:
        """Place one block in the tree."""
        self.raw = block.text
        text = pat.normalise_space(block.text)
        if not text and not block.number:
            return
        block.text = text
        if not block.number and pat.ELISION.match(text):  # "L1.12 [...]" is a clause
            self._flush_pending()
            self.after_elision = True
            self.fill_queue.clear()
            self.previous = ""
            return
        if self._structural(block):
            self.absorbed = None
            self.structures += 1
            own = getattr(*self.target) if self.target else ""  # "" after a header or a titled number
            self.previous = "" if not own or pat.TITLE_LINE.match(own) else text
            return
        if block.role == "heading" or self._could_be_heading(block):
            self.pending.append(block)
            self.previous = ""
            return
        self._flush_pending()
        self.absorbed = self._absorbing(block)
        self._continue(block.text, block.position)
        self.previous = text

    def finish(self, strict: bool = True) -> Version:
        """Close the tree: assign permanent identities and report what fits nowhere.

        A duplicate id is an error naming both places; ``strict=False`` (fragments of legal
        text, read for their words) reports it as a finding and numbers the second uid."""
        self._flush_pending()
        self._rejoin_hyphenated()
        seen: dict[str, Unit] = {}
        for unit, uid in self.root.walk_ids():  # ids top-down, not a walk up per unit
            if unit is self.root:
                continue
            if uid in seen:
                first = seen[uid]
                message = f"{uid} appears twice: at {first.position} and at {unit.position}"
                if strict:
                    raise RedlineError(f"{unit.position or '?'}: {message}")
                self.report.findings.append(Finding(unit.position or Position("?"), "duplicate-id", message))
                n = 2
                while f"{uid}#{n}" in seen:
                    n += 1
                uid = f"{uid}#{n}"
            unit.uid = uid
            seen[uid] = unit
        if self.unplaced:
            first = "; ".join(f"{pos}: {text[:60]}" for pos, text in self.unplaced[:3])
            self.report.findings.append(Finding(
                self.unplaced[0][0], "unplaced-text",
                f"{len(self.unplaced)} line(s) fit no clause, first: {first}"))
        # Sections A–Z first, then Appendices, whatever order the files came in.
        self.root.children.sort(key=lambda u: (u.kind is UnitKind.APPENDIX, u.label))
        self.report.unplaced.extend(self.unplaced)
        return Version(name=self.root.label, root=self.root, report=self.report)

    # --- structure --------------------------------------------------------------------

    def _structural(self, block: Block) -> bool:
        text, pos = block.text, block.position
        if text[:1] == "(" and not block.number and block.term is None and block.role != "definition":
            return self._list_item(block)  # no header, clause or definitions row opens with a bracket
        if block.role in (None, "section") and (m := pat.SECTION_HEADER.match(text)) and \
                self._header(block, m["title"] or m["qtitle"] or ""):
            title = (m["title"] or m["qtitle"] or "").strip()
            self._open_section(m["code"].upper(), title, pos, UnitKind.SECTION, text[: m.start("code")])
            return True
        m = pat.APPENDIX_HEADER.match(text) if block.role in (None, "appendix") else None
        if m and (block.role == "appendix" or m["title"] or text.isupper()) and self._header(block, m["title"]):
            self._open_section(m["code"].upper(), m["title"].strip(), pos, UnitKind.APPENDIX, text[: m.start("code")])
            return True
        if block.role in (None, "section", "appendix", "heading") and (m := pat.SCHEDULE_HEADER.match(text)) \
                and self._schedule_header(block, m["title"] or ""):
            self._leave_for_schedule(m["num"], block)
            return True
        if self._part_header(block):
            return True
        if self._clause_start(block):
            return True
        if self._definition_row(block):
            return True
        return self._list_item(block)

    def _header(self, block: Block, title: str) -> bool:
        """Whether a line worded as a Section or Appendix header is one, not words of the clause
        before: "… in accordance with" + "Appendix AG and the DCC shall comply with it." opened an
        Appendix, and every clause after it became its preamble.  A header styled as one (Word),
        in capitals, or opening a file always is; otherwise the line before must not run on into
        it ("… with", "… of Section"), and the title be a title (no more than 12 words, not
        ending as a sentence does)."""
        if block.role is not None or self.target is None or self.section is None or block.text.isupper():
            return True
        if self.previous and pat.RUNS_ON.search(self.previous):
            return False  # the line before runs on into this one
        title = title.strip()
        if title.endswith((".", ";", ",")) or len(title.split()) > 12:
            self._warn(block.position, "continuation-guess", f"{block.text[:40]!r}… reads as a header but its "
                       "title reads as a sentence: read as words of the unit before")
            return False
        return True

    def _open_section(self, code: str, title: str, pos: Position, kind: UnitKind, keyword: str) -> None:
        """Open (or, for a repeated header of the same title, reopen) a Section or Appendix;
        ``keyword`` is the header's words before the code ("SECTION", "SEC Appendix")."""
        self._flush_pending()
        if keyword.strip():
            self.report.structure.append((pos, keyword.strip()))
        existing = next((u for u in self.root.children if u.label == code and u.kind is kind), None)
        if existing is None:
            existing = self.root.add(Unit(uid="", kind=kind, label=code, heading=title.strip(),
                                          position=pos, appendix=code if kind is UnitKind.APPENDIX else ""))
        elif title and not existing.heading:
            existing.heading = title
        else:  # the header again (a running header, a file continuing the Section): its words are reported
            self.report.structure.append((pos, f"{code} {title}".strip()))
            if title and pat.normalise_space(title).casefold() != pat.normalise_space(existing.heading).casefold():
                self._warn(pos, "repeated-header", f"{existing.id} opened again with the title {title!r}; "
                           f"it is {existing.heading!r} at {existing.position}")
        self.section = existing
        self._reset(None)
        self.last_number = None
        self.target = (existing, "text")  # the Section's preamble, until its first part or clause

    def _schedule_header(self, block: Block, title: str) -> bool:
        """Whether a line worded as a Schedule's header is one: in capitals or styled as a header,
        or else after a sentence's end (or a header) and a header as :meth:`_header` reads one;
        "Schedule 1 – Framework Agreement" after "… form part of this Code:" is a list's words."""
        if block.role not in (None, "heading") or block.text.isupper():
            return True
        return not self.pending and (not self.previous or self.previous.endswith(".")) and self._header(block, title)

    def _leave_for_schedule(self, number: str, block: Block) -> None:
        """A Schedule begins: redline reads no Schedule as units, so its header and every line up to
        the next Section or Appendix are reported as unplaced text (they had become words of the
        clause before), with a warning at the header."""
        self._flush_pending()
        self._warn(block.position, "schedule-not-read", f"Schedule {number} is not read as units (redline reads "
                   "Sections and Appendices): its lines are reported as text that fits no clause")
        self.unplaced.append((block.position, block.text))
        self.section = None
        self._reset(None)
        self.target = None

    def _reset(self, clause: Unit | None) -> None:
        self.clause = clause
        self.container = clause
        self.stack = []
        self.fill_queue = []
        self.after_elision = False

    def _in_appendix(self) -> bool:
        return self.section is not None and self.section.kind is UnitKind.APPENDIX

    def _part_header(self, block: Block) -> bool:
        if self.section is None:
            return False
        regex = pat.APPENDIX_PART_HEADER if self._in_appendix() else pat.PART_HEADER
        m = regex.match(block.text)
        if not m or (not self._in_appendix() and not m["num"].startswith(self.section.label)):
            return False
        if block.role not in (None, "part"):
            return False
        self._flush_pending()
        part = self._part(m["num"], block.position)
        part.heading = m["title"].strip()
        self._reset(None)
        self.target = (part, "text")  # the part's preamble, until its first clause
        return True

    def _part(self, num: str, pos: Position) -> Unit:
        assert self.section is not None
        for unit in self.section.children:
            if unit.kind is UnitKind.PART and unit.label == num:
                return unit
        return self.section.add(Unit(uid="", kind=UnitKind.PART, label=num, position=pos,
                                     appendix=self.section.appendix))

    def _clause_start(self, block: Block) -> bool:
        text, pos = block.text, block.position
        num, rest = None, ""
        if block.number and not block.number.startswith("("):
            num, rest = block.number.rstrip("."), text
        elif self._in_appendix():
            if m := pat.APPENDIX_CLAUSE_START.match(text):
                num, rest = m["num"].rstrip("."), m["rest"]
                if not self._starts_clause(num, rest, pos):
                    return False
        elif m := pat.CLAUSE_START.match(text):
            num, rest = m["num"], m["rest"]
            if self.section is not None and not num.startswith(self.section.label):
                return False  # a wrapped line that begins with a reference
            if not self._starts_clause(num, rest, pos):
                return False
            if text[len(num):len(num) + 1] not in (" ", ""):
                glued = text.split(maxsplit=1)[0]
                self._repair(pos, glued, f"{num} {glued[len(num):]}", "space restored after a clause number",
                             changes_words=False)
        elif self.section is not None and (m := pat.LETTERLESS_CLAUSE_START.match(text)):
            current = self.clause.label if self.clause is not None else ""
            candidate = self.section.label + m["num"]
            if not current.startswith(candidate.split(".")[0] + "."):
                return False
            if self.previous and not pat.ENDS_UNIT.search(self.previous) or \
                    lab.order_after(self.last_number, candidate) == lab.BACKWARDS:
                return False  # "… increased by" + "1.5 Per Cent of the Charges.": words, no clause
            num, rest = candidate, m["rest"]
            self._repair(pos, m["num"], candidate, "Section letter lost before a clause number")
        if num is None:
            return False
        if self.section is None:
            self._open_section(num[0], "", pos, UnitKind.SECTION, "")
            self.report.findings.append(Finding(pos, "no-section-header",
                                                f"no Section heading before {num}; Section {num[0]} assumed"))
        heading = self._take_heading()
        clause = self._new_clause(num, pos)
        clause.heading = heading
        self.last_number = num
        self._reset(clause)
        self.target = (clause, "text")
        if rest:
            self._append(clause, "text", rest)
        return True

    def _starts_clause(self, num: str, rest: str, pos: Position) -> bool:
        """Whether a line that begins with a typed clause number starts that clause, or is a
        paragraph wrapped just before a reference ("… in accordance with Section⏎C4.2 …").

        It starts one when the previous line ends a sentence or a list item and the number
        follows the last clause (in sequence, after a gap, or as an insertion such as D3.13A);
        it continues the paragraph when the previous line runs on into it ("Section", "and",
        no closing punctuation) or the number goes backwards.  A guess is warned of."""
        order = lab.order_after(self.last_number, num)
        previous = self.previous
        ends = not previous or bool(pat.ENDS_UNIT.search(previous))
        like_text = not rest or bool(pat.CLAUSE_TEXT_START.match(rest))
        if order == lab.BACKWARDS:
            if ends and like_text:
                self._warn(pos, "continuation-guess", f"{num} does not follow {self.last_number}: read as "
                           "words of the paragraph before, not as a new clause")
            return False
        if ends and like_text:
            return True
        if not ends and (pat.RUNS_ON.search(previous) or not like_text):
            return False  # "… in accordance with Section" + "C4.2, the Panel …"
        if ends:
            self._warn(pos, "continuation-guess", f"{num} is followed by {rest[:20]!r}: read as words of "
                       "the paragraph before, not as a new clause")
            return False
        if order == lab.SEQUENCE:
            if self.absorbed is not None and self.absorbed[0].text == previous:
                self._heading_after_all(num)
            else:
                self._warn(pos, "continuation-guess", f"{num} read as a new clause although the line before "
                           f"does not end a sentence ({previous[-30:]!r})")
            return True
        self._warn(pos, "continuation-guess", f"{num} read as words of the paragraph before: the line "
                   f"before does not end a sentence and {num} does not follow {self.last_number}")
        return False

    def _warn(self, pos: Position, kind: str, message: str) -> None:
        self.report.findings.append(Finding(pos, kind, message))

    def _new_clause(self, num: str, pos: Position) -> Unit:
        assert self.section is not None
        appendix = self.section.appendix
        if appendix:
            part = self._part(num.split(".")[0], pos)
            parent = part
            prefix = num.rsplit(".", 1)[0]
            for unit in _clauses_below(part):
                if prefix.startswith(unit.label) and num.startswith(unit.label + "."):
                    parent = unit
        else:
            parent = self._part(num.split(".")[0], pos)
        return parent.add(Unit(uid="", kind=UnitKind.CLAUSE, label=num, position=pos, appendix=appendix))

    # --- definitions ------------------------------------------------------------------

    def _in_definitions(self) -> bool:
        # ``self.clause`` is a clause: its id is its label outside an appendix (no walk up).
        clause = self.clause
        return clause is not None and clause.label == "A1.1" and not clause.appendix

    def _definition_row(self, block: Block) -> bool:
        if not self._in_definitions() and block.role != "definition":
            return False
        term, text = block.term, block.text
        if term is None and self.pending and self._in_definitions() and pat.DEFINITION_START.match(text) \
                and self._looks_like_term(" ".join(b.text for b in self.pending)):
            term = " ".join(b.text for b in self.pending)  # the term on its own line(s), as a copied table reads
            self.pending = []
        if term is None:
            if "\t" in self.raw and (m := pat.DEFINITION_TAB.match(self.raw.strip())) and \
                    self._looks_like_term(m["term"]):
                term, text = m["term"], m["text"]
            elif (m := pat.DEFINITION_VERB.search(block.text)) and self._looks_like_term(
                    block.text[: m.start()]):
                term, text = block.text[: m.start()], block.text[m.start():].strip()
        if term is None and self._in_definitions() and (m := pat.TERM_LIKE_START.match(text)) \
                and self.container is not None and self.container.kind is UnitKind.DEFINITION \
                and not self.stack and self.container.text.endswith(".") and self._looks_like_term(m["term"]):
            self._warn(block.position, "continuation-guess", f"{text[:40]!r}… reads like a new definition of "
                       f"{m['term'].strip()!r} without 'means' or a tab after the term: read as words of "
                       f"the definition of {self.container.label!r}")
        if term is None or self.clause is None:
            return False
        self._flush_pending()
        term = pat.normalise_space(term)
        definition = self.clause.add(Unit(uid="", kind=UnitKind.DEFINITION, label=term,
                                          text=pat.normalise_space(text), position=block.position))
        self.container = definition
        self.stack = []
        self.fill_queue = []
        self.target = (definition, "text")
        return True

    @staticmethod
    def _looks_like_term(text: str) -> bool:
        words = text.split()
        return 0 < len(words) <= 8 and words[0][:1].isupper() and all(
            _TERM_WORD.match(w) for w in words)

    def _wrapped_term(self, text: str, pos: Position) -> str:
        """Move capitalised words that finish a term wrapped in the left column to the term."""
        definition = self.container
        if definition is None or definition.kind is not UnitKind.DEFINITION or self.stack:
            return text
        if not definition.text.endswith(("Section", "in")):
            return text
        m = pat.WRAPPED_TERM.match(text)
        if not m:
            return text
        words = m["words"].strip()
        self._repair(pos, definition.label, f"{definition.label} {words}",
                     "term wrapped over two lines of the left column re-joined", changes_words=False)
        definition.label = f"{definition.label} {words}"
        return m["rest"]

    # --- lists ------------------------------------------------------------------------

    def _list_item(self, block: Block) -> bool:
        if self.container is None:
            return False
        text, pos = block.text, block.position
        if block.number and block.number.startswith("("):
            token, rest, slip = block.number, text, False
        elif m := pat.LIST_LABEL.match(text):
            token, rest, slip = f"({m['label']})", m["rest"], False
        elif m := pat.SLIP_LABEL.match(text):
            token, rest, slip = m["label"], m["rest"], True
        else:
            return False
        previous = self.previous
        if not block.number and ("aragraph" in previous[-15:].lower() and _CITED_LABEL.search(previous) or (
                _OF_UNIT.match(rest) or _MORE_LABELS.match(rest)) and _LIST_JOINT.search(previous)):
            return False  # "… under paragraph" + "(b) of Section C4.2 …", "… X2.3(a)," + "(b) and (c) …": wrapped
        choice = self._resolve_label(token, slip, pos)
        if choice is None:
            return False
        depth, label = choice
        self._flush_pending()
        self.stack = self.stack[:depth]
        parent = self.stack[-1] if self.stack else self.container
        kind = _LIST_KIND_BY_DEPTH[min(depth, len(_LIST_KIND_BY_DEPTH) - 1)]
        unit = parent.add(Unit(uid="", kind=kind, label=lab.bracket(label), position=pos,
                               appendix=self.container.appendix))
        self.stack.append(unit)
        self.after_elision = False
        self.target = (unit, "text")
        if rest:
            self._append(unit, "text", rest)
            self.fill_queue = [u for u in self.fill_queue if u is not unit]
        else:
            self.fill_queue.append(unit)
        return True

    def _expected(self) -> list[tuple[int, str]]:
        """Labels the neighbours allow next, as (depth, bare label), most likely first."""
        found: list[tuple[int, str]] = []
        deepest = self.stack[-1] if self.stack else self.container
        opens = deepest is not None and (deepest.text.endswith((":", "—", "-")) or
                                         (deepest is self.container and not self.stack))
        if opens and deepest not in self.fill_queue:
            depth = len(self.stack)
            found.append((depth, lab.label_at(1, lab.SCHEME_BY_DEPTH[min(depth, 2)])))
        if not self.after_elision:
            for depth in range(len(self.stack) - 1, -1, -1):
                label = lab.unbracket(self.stack[depth].label)
                scheme = lab.SCHEME_BY_DEPTH[min(depth, 2)]
                if scheme in _schemes(label):
                    found.append((depth, _next_label(label, scheme)))
        return found

    def _resolve_label(self, token: str, slip: bool, pos: Position) -> tuple[int, str] | None:
        expected = self._expected()
        bare = lab.unbracket(token)
        if not slip:
            literal = [e for e in expected if e[1] == bare]
            if literal:
                return literal[0]
            slip = token in pat.SLIP_READINGS  # "(I)" where "(l)" is expected, not "(I)"
        if slip:
            readings = pat.SLIP_READINGS.get(token)
            matches = [e for e in expected if readings is None or e[1] in readings]
            if len(matches) == 1 or (matches and readings is not None and len({m[1] for m in matches}) == 1):
                depth, label = matches[0]
                self._repair(pos, token, lab.bracket(label), "paragraph label read from its neighbours")
                return depth, label
            self.report.findings.append(Finding(pos, "unreadable-label",
                                                f"paragraph label {token!r} cannot be read from its neighbours"))
            return None
        for alt in pat.CLEAN_CONFUSIONS.get(bare, ()):
            confused = [e for e in expected if e[1] == alt]
            if len(confused) == 1:
                self._repair(pos, token, lab.bracket(alt), "paragraph label repeated by OCR, read from its neighbours")
                return confused[0]
        # A label after an elision or a gap: place it by its scheme.
        kinds = _schemes(bare)
        if not kinds:
            return None
        depth_by_scheme = {s: i for i, s in enumerate(lab.SCHEME_BY_DEPTH)}
        depths = sorted({min(depth_by_scheme[s], len(self.stack)) for s in kinds})
        if len(depths) > 1 and self.stack:
            # "(i)" could be a letter or a roman numeral: a sibling of an open letter
            # paragraph beyond (h) reads as a letter, otherwise it opens a sub-list; but only a
            # list's first label opens one ("(c)" after "(a)" is a letter, one skipped, not roman 100)
            top = lab.unbracket(self.stack[0].label)
            deeper = depths[-1]
            opens = deeper >= len(self.stack)
            if lab.ordinal(top, lab.LETTER) < lab.ordinal(bare, lab.LETTER) - 1 and \
                    (not opens or lab.ordinal(bare, lab.SCHEME_BY_DEPTH[min(deeper, 2)]) == 1):
                return deeper, bare
            return (min(len(self.stack) - 1, depths[0]) if opens else 0), bare
        return depths[0], bare

    # --- headings and continuation ---------------------------------------------------

    def _heading_shaped(self, block: Block) -> bool:
        """Whether a line reads as a heading would: short, capitalised, not ending as a sentence."""
        return self.section is not None and pat.HEADING_LINE.match(block.text) is not None \
            and len(block.text.split()) <= 12 and not self.fill_queue

    def _could_be_heading(self, block: Block) -> bool:
        if not self._heading_shaped(block):
            return False
        if self.target is None:
            return True
        unit, field_name = self.target
        current = getattr(unit, field_name).rstrip()
        # after "… form part of this Code:" come the list's lines, never a heading
        return not current or current.endswith(_TERMINAL) and not current.endswith(":")

    def _absorbing(self, block: Block) -> tuple[Block, Unit, str, str] | None:
        """A heading-shaped line about to be taken as words of a unit whose words do not end a
        sentence (nor run on into it), with what the unit's field held before: if a clause
        numbered in sequence follows, the line was that clause's heading after all."""
        if self.target is None or not self._heading_shaped(block):
            return None
        unit, field_name = self.target
        before = getattr(unit, field_name)
        if not before or pat.RUNS_ON.search(before):
            return None
        return block, unit, field_name, before

    def _heading_after_all(self, num: str) -> None:
        """Give the absorbed heading-shaped line back to the clause ``num`` as its heading, and warn."""
        assert self.absorbed is not None
        block, unit, field_name, before = self.absorbed
        setattr(unit, field_name, before)
        self.pending.append(block)
        self._warn(block.position, "continuation-guess", f"{block.text!r} read as the heading of {num}, though "
                   f"{unit.id or unit.label} before it does not end a sentence ({before[-30:]!r})")

    def _take_heading(self) -> str:
        if not self.pending:
            return ""
        heading = self.pending.pop()
        self._flush_pending()
        return heading.text

    def _flush_pending(self) -> None:
        pending, self.pending = self.pending, []
        for block in pending:
            self._continue(block.text, block.position)

    def _continue(self, text: str, pos: Position) -> None:
        if self.fill_queue:
            unit = self.fill_queue[0]
            self._append(unit, "text", text, pos)
            if unit.text.endswith(_TERMINAL) and len(self.fill_queue) > 1:
                self.fill_queue.pop(0)
            self.target = (unit, "text")
            return
        if self.target is None:
            self.unplaced.append((pos, text))
            return
        text = self._wrapped_term(text, pos)
        unit, field_name = self.target
        current = getattr(unit, field_name)
        if unit.kind in LIST_KINDS and current.endswith((";", ",", ".")) \
                and CONNECTIVE.match(text) and len(text.split()) > 2:
            parent = unit.parent
            assert parent is not None
            self.target = (parent, "tail")
            self.stack = self.stack[: max(0, self.stack.index(unit))] if unit in self.stack else self.stack
            self._append(parent, "tail", text, pos)
            return
        self._append(unit, field_name, text, pos)

    def _append(self, unit: Unit, field_name: str, text: str, pos: Position | None = None) -> None:
        """Add a line's words to a unit's field; a word broken by a hyphen at the line before's end
        ("Requ-" + "irements") is noted for :meth:`_rejoin_hyphenated`."""
        current = getattr(unit, field_name)
        if pos is not None and (word := broken_word(current, text)):
            self.hyphenated.append((unit, field_name, len(current) - 1, word, pos))
        setattr(unit, field_name, join_wrapped(current, text))

    def _rejoin_hyphenated(self) -> None:
        """Join a word a line-end hyphen broke ("Requ-" + "irements") where the document has the word
        unbroken elsewhere ("Requirements") and not hyphenated: hyphenation of the layout, not a
        hyphen of the Code ("Sub-" + "Committee" stays "Sub-Committee"). Each join is a repair."""
        if not self.hyphenated:
            return
        words = vocabulary(text for unit in self.root.walk()
                           for text in (unit.label, unit.heading, unit.text, unit.tail))
        repairs: list[tuple[int, Repair]] = []
        # a field's later words first, so that the offsets of those before stay true
        for index, (unit, field_name, offset, word, pos) in sorted(enumerate(self.hyphenated), key=lambda e: -e[1][2]):
            text = getattr(unit, field_name)
            start = offset - word.index("-")
            joined = layout_join(word, words)
            if text[start:start + len(word)] != word or joined is None:
                continue
            setattr(unit, field_name, text[:start] + joined + text[start + len(word):])
            repairs.append((index, Repair(pos, word, joined, REASON)))
        self.report.repairs.extend(repair for _, repair in sorted(repairs, key=lambda r: r[0]))

    def _repair(self, pos: Position, original: str, repaired: str, reason: str, changes_words: bool = True) -> None:
        self.report.repairs.append(Repair(pos, original, repaired, reason, changes_words))
