"""Find cross-references in units' text: a regex prefilter, a tokenizer and a token reader.

One pass covers a whole version: a regex prefilter cuts short windows after each cue word
("Section", "paragraph", "this Code"…), the windows are joined into large texts and split into
tokens as spaCy's blank English tokenizer would (:mod:`redline.refs.tokens`, without importing
spaCy), anchors are looked up by their tokens, and a small reader takes what follows each
anchor: an id, a list or range ("Section X2.3(a), (b) and (c)", "Sections G7.18 to G7.22",
"Sections G7.18–G7.22"), a qualified paragraph ("paragraph (b) of Sections C4.2 and C4.3"), or
another document's name.  Resolution is a later step.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from redline.models import Unit, UnitKind
from redline.refs import patterns as pat
from redline.refs.models import CrossReference, RawTarget, RefKind
from redline.refs.tokens import Tokens

#: Unit fields searched, in this order.
FIELDS = ("heading", "text", "tail")
#: Characters of windows joined into one text.
_CHUNK = 200_000

Item = tuple[str, list[str]]  # an id ("X2.3", or "" for a bare label) and its labels ("a")


#: Anchor phrases as token tuples ("this", "Section") → anchor kind; a phrase has at most this
#: many tokens.
_ANCHORS = {tuple(Tokens(phrase).texts): kind for kind, phrases in pat.ANCHORS.items() for phrase in phrases}
_LONGEST = max(len(words) for words in _ANCHORS)
_FIRST_WORDS = frozenset(words[0] for words in _ANCHORS)


class _Window(NamedTuple):
    """A stretch of one unit's field, placed at ``offset`` in a joined text."""

    offset: int
    unit: Unit
    field: str
    start: int


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """Merged (start, end) stretches of ``text`` that may hold a reference."""
    current: tuple[int, int] | None = None
    for cue in pat.CUE.finditer(text):
        start = cue.start()
        end = cue.end()
        if cue.group()[-1].isdigit():  # "Act 2018": from the start of the Act's name
            name = pat.NAME_BEFORE.search(text, max(0, start - pat.ACT_LOOKBEHIND), start)
            if name:
                start = name.start()
        elif not cue.group().endswith(pat.FIXED_CUE_ENDS):
            end = pat.LIST_RUN.match(text, end).end()
            if of_unit := pat.OF_UNIT.match(text, end) or pat.OF_NUMBERED.match(text, end):
                end = of_unit.end()
            elif pat.OF_THE.match(text, end):
                more = pat.DEFINITION_WINDOW if pat.OF_DEFINITION.match(text, end) else pat.EXTERNAL_WINDOW
                space = text.find(" ", end + more)
                end = len(text) if space < 0 else space
        if current and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current:
            yield current
        current = (start, end)
    if current:
        yield current


def _chunks(units: Iterable[Unit]) -> Iterator[tuple[str, list[_Window]]]:
    """Joined texts of windows, each with the windows it holds (in order)."""
    parts: list[str] = []
    windows: list[_Window] = []
    size = 0
    separator, gap = pat.SEPARATOR, len(pat.SEPARATOR)
    for unit in units:
        for name in FIELDS:
            text = getattr(unit, name)
            if not text:
                continue
            for start, end in _windows(text):
                windows.append(_Window(size, unit, name, start))
                parts.append(text[start:end])
                parts.append(separator)
                size += end - start + gap
        if size >= _CHUNK:
            yield "".join(parts), windows
            parts, windows, size = [], [], 0
    if windows:
        yield "".join(parts), windows


def find_references(units: Iterable[Unit]) -> list[CrossReference]:
    """Every cross-reference in the units' headings, text and tails, in document order."""
    found: list[CrossReference] = []
    for text, windows in _chunks(units):
        tokens = Tokens(text)
        starts = [w.offset for w in windows]
        ids: dict[str, str] = {}
        for read in _anchors(tokens):
            window = windows[bisect_right(starts, tokens.idx[read.start]) - 1]
            unit = window.unit
            source_id = ids.get(unit.uid) or ids.setdefault(unit.uid, unit.id)
            shift = window.start - window.offset
            found.append(_reference(read, unit, source_id, window.field, shift, tokens))
    return found


class _Read(NamedTuple):
    """What the reader took from an anchor: tokens ``start`` to ``end`` and what they name."""

    kind: RefKind
    start: int
    end: int
    targets: list[RawTarget]
    heading_of: str | None = None  # the unit a bracket after ``end`` would head, when not the target
    document: str | None = None  # an external reference's document
    level: UnitKind | None = None  # the list level the anchor's word names ("sub-paragraph")


def _matches(tokens: Tokens) -> Iterator[tuple[str, int, int]]:
    """Every anchor phrase's (kind, start token, end token), by start and then longest first."""
    texts = tokens.texts
    for start, first in enumerate(texts):
        if first not in _FIRST_WORDS:
            continue
        for size in range(_LONGEST, 0, -1):
            kind = _ANCHORS.get(tuple(texts[start:start + size]))
            if kind is not None and start + size <= tokens.size:
                yield kind, start, start + size


def _anchors(tokens: Tokens) -> Iterator[_Read]:
    """References in document order, without overlaps."""
    taken = 0
    for kind, start, end in _matches(tokens):
        if start < taken:
            continue
        read = _read(kind, tokens, start, end, taken)
        if read is not None:
            taken = read.end
            yield read


def _read(anchor: str, tokens: Tokens, start: int, end: int, taken: int) -> _Read | None:
    """What follows an anchor at tokens ``start``..``end``; None when it is no reference."""
    if anchor in pat.WHOLE:
        return _Read(RefKind(anchor), start, end, [],
                     document=pat.ENERGY_CODES if anchor == "external" else None)
    if anchor == "document":
        return _Read(RefKind.EXTERNAL, start, end, [], document=tokens.span(start, end))
    if anchor == "act":
        return _act(tokens, start, taken)
    i = tokens.skip_space(end)
    if anchor in pat.NUMBERED:
        external = _external(tokens, start, i)
        if external is not None:
            return external
    if anchor in pat.CODED:
        return _coded(tokens, RefKind(anchor), start, i)
    if anchor in pat.APPENDIX_PARTS:
        return _appendix_part(tokens, start, i)
    if anchor not in pat.LISTING:
        return None
    targets, j = _read_list(tokens, i)
    if not targets:
        return _Read(RefKind.THIS_SECTION, start, end, []) if anchor == "this_section" else None
    level = None
    if anchor == "paragraph" and _sub_level(tokens, start, taken):  # "sub-paragraph (i) above"
        start, level = start - 2, UnitKind.SUBPARAGRAPH
    if anchor == "paragraph" and tokens.text(j) in pat.DIRECTION:
        return _Read(RefKind.PARAGRAPH, start, j + 1, targets, level=level)
    qualified = (_qualified(tokens, targets, j) if anchor in ("paragraph", "section") else None) or \
        (_paragraph_after(tokens, targets, j) if anchor == "section" else None)
    heading_of = None
    if qualified is not None:
        targets, j, heading_of = qualified
    if anchor in ("paragraph", "section") and not any(t.first.startswith("(") for t in targets):
        targets, j, heading_of = _qualified_more(tokens, targets, j, heading_of)
    return _Read(RefKind(anchor), start, j, targets, heading_of, level=level)


def _qualified_more(tokens: Tokens, targets: list[RawTarget], j: int, heading_of: str | None
                    ) -> tuple[list[RawTarget], int, str | None]:
    """Labels after a reference ending at token ``j``, each group under the clause named after
    it ("paragraph (b) of Section C4.2 and (a) of Section C4.3", ", (a) and (c) of Section
    C4.3"): the targets, end token and the unit a bracket after the last would head."""
    while True:
        k = j
        while tokens.text(k) in pat.JOINERS or tokens.text(k).isspace():
            k += 1
        words = {tokens.text(n) for n in range(j, k)} & pat.JOINERS
        labels, end = _read_list(tokens, k) if words and pat.RANGE_WORD not in words else ([], k)
        more = _qualified(tokens, labels, end) if labels and _labels_only(labels) else None
        if more is None:
            return targets, j, heading_of
        targets, j, heading_of = [*targets, *more[0]], more[1], more[2]


def _coded(tokens: Tokens, kind: RefKind, start: int, i: int) -> _Read | None:
    """"Appendix AG", "Appendix C, D and E", "Appendices AA to AC", "Schedules 1 and 2" from token
    ``i``: each unit by its id ("Appendix AG", "Schedule 1"), a range between two ("to", or a dash
    before a later code); None when no code follows."""
    code, word = pat.CODED[kind.value]
    if not code.match(tokens.text(i)):
        return None
    if kind is RefKind.APPENDIX and (numbered := _appendix_paragraphs(tokens, tokens.text(i), i + 1)):
        return _Read(RefKind.PARAGRAPH, start, *numbered)
    targets, end = [RawTarget(word + tokens.text(i))], i + 1
    while True:
        k = end
        while tokens.text(k) in pat.JOINERS or tokens.text(k) in pat.DASHES or tokens.text(k).isspace():
            k += 1
        words = [tokens.text(n) for n in range(end, k) if not tokens.text(n).isspace()]
        following = tokens.text(k)
        dash = len(words) == 1 and words[0] in pat.DASHES
        if not code.match(following) or not (dash or set(words) & pat.JOINERS) or \
                (dash and not _code_key(targets[-1].last or targets[-1].first) < _code_key(following)):
            return _Read(kind, start, end, targets)
        if dash or pat.RANGE_WORD in words:
            targets[-1] = RawTarget(targets[-1].first, word + following)
        else:
            targets.append(RawTarget(word + following))
        end = k + 1


def _appendix_paragraphs(tokens: Tokens, code: str, i: int) -> tuple[int, list[RawTarget]] | None:
    """"Appendix AG paragraph 3.2", "Appendix L paragraphs 4.1 and 4.2" from token ``i`` (after the
    code): the end token and the paragraphs of that Appendix (they had been read as the citing
    unit's own "paragraph 3.2", in another Appendix another's); None when no numbered paragraph
    follows."""
    k = tokens.skip_space(i)
    if tokens.text(k) not in pat.PARAGRAPH_WORDS or not tokens.text(k + 1)[:1].isdigit():
        return None
    numbers, end = _read_list(tokens, k + 1)
    if not numbers or not all(t.first[:1].isdigit() and (t.last or "0")[:1].isdigit() for t in numbers):
        return None
    return end, _under(numbers, f"{code}:")


def _code_key(code: str) -> tuple[int, str]:
    """The order of Appendix codes ("Z" before "AA") and of Schedule numbers ("2" before "10")."""
    code = code.rsplit(" ", 1)[-1]
    return len(code), code


def _appendix_part(tokens: Tokens, start: int, i: int) -> _Read | None:
    """"Clause 3.2 of Appendix AG", "Part 3 of Appendix AG" from token ``i``: the Appendix's own
    numbers (read as "Section 3.2 of Appendix AG" is); None for any other "Clause" or "Part"."""
    targets, j = _read_list(tokens, i)
    qualified = _qualified(tokens, targets, j) if targets else None
    if qualified is None or not (qualified[2] or "").startswith(pat.APPENDIX_WORD):
        return None  # only "… of Appendix AG" (its heading_of is the Appendix)
    targets, j, heading_of = qualified
    return _Read(RefKind.SECTION, start, j, targets, heading_of)


def _sub_level(tokens: Tokens, anchor: int, taken: int) -> bool:
    """Whether the paragraph anchor at token ``anchor`` is written "sub-paragraph" (the two
    tokens before it untaken and joined to it)."""
    if anchor - 2 < taken or tokens.spaced[anchor - 2] or tokens.spaced[anchor - 1]:
        return False
    return (tokens.text(anchor - 2), tokens.text(anchor - 1)) in (pat.SUB_LEVEL, pat.SUB_LEVEL_CAPITAL)


def _qualified(tokens: Tokens, targets: list[RawTarget], j: int
               ) -> tuple[list[RawTarget], int, str | None] | None:
    """"(b) of Section C4.2", "(b) of Sections C4.2 and C4.3", "(a) of Section 3.2" or "(a) of
    paragraph 3.2" in an Appendix, "4.1 of Appendix L", "(b)(ii) of the definition of X in Section A1":
    the targets under the unit named after "of", the end token and the unit a bracket after it
    would head; None when no such unit follows (or the targets do not fit it)."""
    k = tokens.skip_space(j)
    if tokens.text(k) != "of":
        return None
    k = tokens.skip_space(k + 1)
    labels = _labels_only(targets)
    numbers = all(t.first[:1].isdigit() and (t.last or "0")[:1].isdigit() for t in targets)
    word = tokens.text(k)
    if word == "this" and tokens.text(k + 1) == "Section":
        k, word = k + 1, "Section"
    elif (word, tokens.text(k + 1)) == pat.EACH_OF:  # "paragraphs (a) and (b) of each of Sections …"
        k += 2
        word = tokens.text(k)
    code = tokens.text(k + 1)
    if word in pat.QUALIFYING_WORDS and labels:
        clauses, end = _qualifiers(tokens, k + 1, numbers_only=word not in pat.SECTION_WORDS)
        if clauses:
            one = clauses[0].first if len(clauses) == 1 and clauses[0].last is None else None
            heading_of = one if one and pat.CODE_ID_TOKEN.match(one) else None
            return [t for clause in clauses for t in _each(targets, clause)], end, heading_of
    if word in pat.PARAGRAPH_WORDS and labels and _label_at(tokens, k + 1):
        paragraphs, end = _read_list(tokens, k + 1)
        if len(paragraphs) == 1 and paragraphs[0].last is None and _labels_only(paragraphs):
            # "sub-paragraph (ii) of paragraph (b) [of Section C4.2]": "(b)(ii)", then as that
            inner = _under(targets, paragraphs[0].first)
            return _qualified(tokens, inner, end) or (inner, end, None)
    if word == "Appendix" and numbers and pat.APPENDIX_CODE.match(code):
        return _under(targets, f"{code}:"), k + 2, f"{pat.APPENDIX_WORD}{code}"
    if labels and tuple(tokens.text(k + n) for n in range(3)) == pat.OF_THE_DEFINITION_OF[1:]:
        return _definition(tokens, targets, k + 3)
    return None


def _qualifiers(tokens: Tokens, i: int, numbers_only: bool) -> tuple[list[RawTarget], int]:
    """The clauses a paragraph is qualified by from token ``i``: "C4.2", "C4.2 and C4.3", "C4.2
    or C4.3", "C4.2 to C4.4", or an appendix's own "3.2" (the only kind after "of paragraph"),
    and the end token; a list only when every item (and range end) is a plain id of one kind
    (else its first id alone), a number only when no "of" follows ("of section 88 of the … Act"
    is another document's); none when no id is there."""
    items, end = _read_list(tokens, i)
    ids = [t.first for t in items] + [t.last for t in items if t.last]
    if not all(pat.TARGET_ID.match(written) for written in ids) or len({w[:1].isdigit() for w in ids}) != 1:
        first, end = tokens.text(i), i + 1
        items = [RawTarget(first)] if pat.TARGET_ID.match(first) else []
    if items and items[0].first[:1].isdigit():
        return ([], end) if tokens.text(tokens.skip_space(end)) == pat.EXTERNAL_OF else (items, end)
    return ([], end) if numbers_only else (items, end)


def _each(targets: list[RawTarget], clause: RawTarget) -> list[RawTarget]:
    """Targets under one qualifying clause, or under each clause of a range of them ("paragraph
    (b) of Sections C4.2 to C4.4": (b) of C4.2, of C4.3 and of C4.4, found when resolved)."""
    if clause.last is None:
        return _under(targets, clause.first)
    return [RawTarget(clause.first, clause.last, each=t) for t in targets]


def _labels_only(targets: list[RawTarget]) -> bool:
    """Whether every target (and range end) is a bracketed label alone: "(b)", "(a) to (c)"."""
    return all(t.first.startswith("(") and (t.last or "(").startswith("(") for t in targets)


def _paragraph_after(tokens: Tokens, targets: list[RawTarget], j: int
                     ) -> tuple[list[RawTarget], int, str | None] | None:
    """"Section C1.1 paragraph (b)", "Section C1.1 paragraphs (a) and (c)": the paragraphs of the
    one clause named, not of the citing clause; None when no labels follow, or they point
    ("paragraph (c) above").  After a comma ("Subject to Section D1.3, paragraph (b) shall …")
    the paragraph may be the citing clause's own, so it is left to be read alone."""
    if len(targets) != 1 or targets[0].last is not None or not pat.CODE_ID_TOKEN.match(targets[0].first):
        return None
    k = tokens.skip_space(j)
    if tokens.text(k) not in pat.PARAGRAPH_WORDS:
        return None
    labels, end = _read_list(tokens, tokens.skip_space(k + 1))
    if not labels or tokens.text(tokens.skip_space(end)) in pat.DIRECTION or not _labels_only(labels):
        return None
    return _under(labels, targets[0].first), end, targets[0].first


def _definition(tokens: Tokens, targets: list[RawTarget], i: int
                ) -> tuple[list[RawTarget], int, str | None] | None:
    """"Anomaly Detection Threshold [in Section A1]" from token ``i``, or the name in quotation
    marks ("“Anomaly Detection Threshold”"): the term's paragraphs."""
    closing = pat.QUOTES.get(tokens.text(i))
    if closing is not None:
        end = _name_end(tokens, i + 1, closers=frozenset({closing}))
        if end is None:
            return None
        term = tokens.span(i + 1, end - 1)
    else:
        end = _name_end(tokens, i, stop_before_section=True)
        if end is None:
            return None
        term = tokens.span(i, end)
    heading_of = None
    k = tokens.skip_space(end)
    if tokens.text(k) == "in" and tokens.text(k + 1) == "Section" and pat.CODE_ID_TOKEN.match(tokens.text(k + 2)):
        heading_of, end = tokens.text(k + 2), k + 3
    return _under(targets, f"{pat.DEFINITIONS_CLAUSE}:{term}"), end, heading_of


def _under(targets: list[RawTarget], base: str) -> list[RawTarget]:
    """Targets written under ``base``: "(b)" under "C4.2" is "C4.2(b)", "4.1" under "L:" "L:4.1"."""
    return [RawTarget(base + t.first, None if t.last is None else base + t.last) for t in targets]


def _name_end(tokens: Tokens, i: int, stop_before_section: bool = False,
              closers: frozenset[str] = frozenset(), numbers: bool = False) -> int | None:
    """The end token of a capitalised name from token ``i`` (small words only between
    capitalised ones, and numbers with ``numbers``: "ISO 27001 Standard"); with ``closers``, the
    name must end at one of them."""
    if not pat.NAME_WORD.match(tokens.text(i)):
        return None
    end = i + 1
    for j in range(i, i + pat.NAME_WORDS):
        word = tokens.text(j)
        if word in closers:
            return j + 1
        if pat.NAME_WORD.match(word):
            if stop_before_section and word == "Section" and tokens.text(j - 1) == "in":
                return end
            end = j + 1
        elif word not in pat.NAME_SMALL_WORDS and not word.isspace() and not (numbers and word.isdigit()):
            break
    return None if closers else end


def _external(tokens: Tokens, start: int, i: int) -> _Read | None:
    """"88 of the Energy Act 2008", "4.4 of the SMKI Compliance Policy", "1 of an Accession
    Agreement", "5 of Schedule 2 to the Energy Act 2008", "2 of Condition 13 of the DCC Licence"
    from token ``i``, or None."""
    if not pat.EXTERNAL_NUMBER.match(tokens.text(i)):
        return None
    schedule = tokens.text(start) in pat.SCHEDULE_WORDS
    i += 1
    while True:
        while pat.EXTERNAL_NUMBER.match(tokens.text(i)) or (
                tokens.text(i) in pat.JOINERS and pat.EXTERNAL_NUMBER.match(tokens.text(i + 1))):
            i += 1
        if tokens.text(i) != pat.EXTERNAL_OF or tokens.text(i + 1) not in pat.NUMBERED_WORDS or \
                not pat.EXTERNAL_NUMBER.match(tokens.text(i + 2)):
            break
        schedule = tokens.text(i + 1) in pat.SCHEDULE_WORDS  # "… of Schedule 2", a part of the document's part
        i += 3
    joined = tokens.text(i) == pat.EXTERNAL_OF or (schedule and tokens.text(i) == pat.SCHEDULE_TO)
    if not joined or tokens.text(i + 1) not in pat.ARTICLES:
        return None
    name = i + 2
    end = _name_end(tokens, name, closers=pat.DOCUMENT_CLOSERS) or _named_document(tokens, name)
    if end is None:
        return None
    if pat.YEAR.match(tokens.text(end)):
        end += 1
    return _Read(RefKind.EXTERNAL, start, end, [], document=tokens.span(name, end))


def _named_document(tokens: Tokens, i: int) -> int | None:
    """The end token of another document's name from token ``i`` when it is two or more words,
    capitalised, ending in "Code", "Guidance" or "Standard" ("Retail Energy Code", "Balancing and
    Settlement Code", "ISO 27001 Standard"); None for the SEC's own ("the Code", "the Smart Energy
    Code") and for a name that runs on ("… Code of Connection")."""
    end = _name_end(tokens, i, closers=pat.NAMED_DOCUMENT_CLOSERS, numbers=True)
    if end is None or tokens.text(tokens.skip_space(end)) == pat.EXTERNAL_OF:
        return None
    name = tokens.span(i, end)
    capitalised = [word for word in name.split() if pat.NAME_WORD.match(word)]
    return end if len(capitalised) >= 2 and name not in pat.THE_CODE_NAMES else None


def _act(tokens: Tokens, anchor: int, taken: int) -> _Read | None:
    """"Data Protection Act 2018" around an "Act" at token ``anchor``: the capitalised name
    before it (small words only between capitalised ones) and the year after it."""
    if not pat.YEAR.match(tokens.text(anchor + 1)):
        return None
    start, small = anchor, 0
    for j in range(anchor - 1, max(taken, anchor - pat.NAME_WORDS) - 1, -1):
        word = tokens.text(j)
        if pat.NAME_WORD.match(word):
            start, small = j, 0
        elif word in pat.NAME_SMALL_WORDS and small == 0:  # one small word between two names
            small = 1
        elif not word.isspace():
            break
    if start == anchor:
        return None
    return _Read(RefKind.EXTERNAL, start, anchor + 2, [], document=tokens.span(start, anchor + 2))


def _label_at(tokens: Tokens, i: int) -> bool:
    return (tokens.text(i) == "(" and tokens.text(i + 2) == ")"
            and bool(pat.LABEL.match(tokens.text(i + 1))))


def _read_item(tokens: Tokens, i: int) -> tuple[Item | None, int, Item | None]:
    """One target at token ``i``: an id with adjacent bracketed labels (the first may stand a space
    after a clause's number: "C4.2 (c)"), or labels alone, the end token, and the end of a range
    glued into it, which the tokenizer leaves whole ("G7.18(a)–(c)": "(", "a)–(c", ")"; "3.1–3.2"
    one token)."""
    base, last = "", None
    if pat.TARGET_ID.match(tokens.text(i)):
        base, i = tokens.text(i), i + 1
    elif (numbers := pat.GLUED_NUMBER_RANGE.match(tokens.text(i))) and \
            _dash_range((numbers["first"], []), (numbers["last"], [])):
        return (numbers["first"], []), i + 1, (numbers["last"], [])
    labels: list[str] = []
    while _label_at(tokens, i) and (not (base or labels) or not tokens.spaced[i - 1] or
                                    (not labels and "." in base)):
        labels.append(tokens.text(i + 1))
        i += 3
    glued = pat.GLUED_LABEL_RANGE.match(tokens.text(i + 1))
    if glued and tokens.text(i) == "(" and tokens.text(i + 2) == ")" and \
            (not (base or labels) or not tokens.spaced[i - 1]):
        labels.append(glued["first"])
        last, i = (base, [*labels[:-1], glued["last"]]), i + 3
    if not base and not labels:
        return None, i, None
    return (base, labels), i, last


def _read_list(tokens: Tokens, i: int) -> tuple[list[RawTarget], int]:
    """Targets from token ``i`` ("X2.3(a), (b) and (c)", "G7.18 to G7.22", "G7.18–G7.22") and
    the end token."""
    item, end, last = _read_item(tokens, i)
    if item is None:
        return [], end
    targets = [RawTarget(_written(item))]
    while True:
        if last is not None:  # "(a)–(c)": a range within one target
            item = _continue(item, last)
            targets[-1] = RawTarget(targets[-1].first, _written(item))
        j, joiners = end, []
        while j < tokens.size and (tokens.text(j) in pat.JOINERS or tokens.text(j) in pat.DASHES
                                   or tokens.text(j).isspace()):
            joiners.append(tokens.text(j))
            j += 1
        words = [word for word in joiners if not word.isspace()]
        dash = len(words) == 1 and words[0] in pat.DASHES
        following, k, last = _read_item(tokens, j) if dash or set(words) & pat.JOINERS else (None, j, None)
        if following is None or (dash and not _dash_range(item, following)) or _own_clause(tokens, item, following, k):
            return targets, end
        item = _continue(item, following)
        if dash or pat.RANGE_WORD in joiners:
            targets[-1] = RawTarget(targets[-1].first, _written(item))
        else:
            targets.append(RawTarget(_written(item)))
        end = k


def _own_clause(tokens: Tokens, previous: Item, following: Item, k: int) -> bool:
    """Whether labels after an id name a clause of their own after them ("C4.2(b) and (a) of
    Section C4.3": C4.3's (a), not C4.2's), read by :func:`_qualified_more`."""
    return bool(previous[0]) and not following[0] and \
        _qualified(tokens, [RawTarget(_written(following))], k) is not None


def _dash_range(previous: Item, following: Item) -> bool:
    """Whether a dash between two targets makes a range: the second an id of the same kind as
    the first (a Code id of the same Section, or an appendix number as deep: "G7.18–G7.22",
    "3.1-3.4"; a later Section's letter), or labels after labels ("G7.18(a) – (c)"); never
    "D1.3-compliant" or "X2.3-1"."""
    (base, labels), (next_base, next_labels) = previous, following
    if len(base) == len(next_base) == 1 and not (labels or next_labels):
        return base < next_base  # whole Sections, "Sections C–E" (never "Section D - A Party …")
    if not next_base:
        return bool(labels) and len(next_labels) <= len(labels)
    if base[:1].isdigit() or next_base[:1].isdigit():
        return base[:1].isdigit() and next_base[:1].isdigit() and base.count(".") == next_base.count(".")
    return base[:1] == next_base[:1] and base.count(".") == next_base.count(".") and len(labels) == len(next_labels)


def _continue(previous: Item, item: Item) -> Item:
    """A bare "(b)" after "X2.3(a)" means "X2.3(b)": it replaces as many trailing labels."""
    base, labels = item
    if base:
        return item
    prev_base, prev_labels = previous
    return prev_base, prev_labels[: max(0, len(prev_labels) - len(labels))] + labels


def _written(item: Item) -> str:
    return item[0] + "".join(f"({label})" for label in item[1])


def _reference(read: _Read, unit: Unit, source_id: str, field: str, shift: int,
               tokens: Tokens) -> CrossReference:
    """The CrossReference for a span of one unit's field (``shift`` from the joined text)."""
    text = getattr(unit, field)
    start, end = tokens.idx[read.start] + shift, tokens.end_char(read.end) + shift
    ref = CrossReference(source_uid=unit.uid, source_id=source_id, field=field,
                         text=text[start:end], start=start, end=end, kind=read.kind,
                         targets=read.targets, heading_of=read.heading_of, document=read.document,
                         level=read.level)
    bracket = pat.BRACKET_AFTER.match(text, end)
    if bracket:
        words = bracket.group(1).split()
        ref.bracket, ref.bracket_end = " ".join(words), bracket.end()
        ref.quoted_heading = ref.bracket if _capitalised(words) else None
    return ref


def _capitalised(words: list[str]) -> bool:
    """Whether a bracket's words are capitalised like a heading ("Modification Process")."""
    return bool(words) and bool(pat.HEADING_WORD.match(words[0])) and all(
        w in pat.HEADING_SMALL_WORDS or pat.HEADING_WORD.match(w) for w in words)
