"""Defined terms (the A1.1 Definitions) and their uses across a version.

Uses are found with one compiled regex: a character trie of every term and its plural, so the
longest term wins ("Authority Determined Modification" before "Authority") and scanning a
full-size Code is a single pass.  Matching is case-exact, so only capitalised uses count; a
possessive ("Panel's", "SMKI PMA’s") is a use of the term it follows, and singular and plural are
one term ("an Elective Communication Service" uses "Elective Communication Services").  Besides
the A1.1 Definitions, a term defined in a clause ('(each a “Relevant Supplier”)', 'a “Notice of
Breach”') is a defined term, defined by that clause; uses inside a term's own definition (the
definition and its paragraphs, or the quoted defining words) do not count.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from redline.models import LIST_KINDS, Unit, UnitKind, Version
from redline.refs.models import RefKind, Resolution
from redline.support.gc import paused_gc
from redline.wording import plural, singular

#: Fields of a unit searched for uses, in this order.
FIELDS = ("heading", "text", "tail")
#: "has the meaning given to that expression in Section D1.2 (…)": the term is defined by
#: reference to the clause cited next.
MEANING_GIVEN = re.compile(
    r"\b(?:(?:has|shall have|have) the (?:same )?meaning (?:given|set out|ascribed|assigned)"
    r"(?: (?:to (?:that|such|the|this) (?:expression|term)|to it))?|(?:is|are) defined)"
    r"\s+(?:in|by|under)\s+(?:the\s+)?$"
)
#: A quoted phrase shaped like a term, and the words before it that make it a definition:
#: '(each a “Relevant Supplier”)', '(the “Objection Notice”)', 'a “Notice of Breach”'.
QUOTED_TERM = re.compile(r"[“\"]([A-Z][\w’'\-]*(?: (?:[A-Z][\w’'\-]*|of|and|for|in|on|to|the))*)[”\"]")
DEFINING_BEFORE = re.compile(
    r"(?:\(\s*(?:(?:each|together|collectively|individually|jointly)\s+)?(?:(?:an?|the)\s+)?"
    r"|\b(?:an?|the)\s+)$"
)
#: A bracket opened just after a reference: the quoted words in it are the heading it quotes,
#: 'Section D1.3 ("Persons Entitled to Submit Modification Proposals")', never a term defined.
_QUOTED_HEADING_BEFORE = re.compile(r"\b(?:Sections?|paragraphs?|Appendix|Appendices)\s+[\w.:()]*[\w)]\s*\(\s*$")
#: Words before a quote that mention a phrase rather than define it: 'references to the “Change
#: Board” shall be read as …', 'words such as the “Alpha”', 'the expression “X”'.
_MENTIONED_BEFORE = re.compile(
    r"\b(?:references? to|such as|the (?:words?|expressions?|terms?))\s+(?:(?:an?|the)\s+)?$", re.IGNORECASE)
#: How far before a quote :data:`DEFINING_BEFORE` looks.
DEFINING_WINDOW = 40
OPEN_QUOTES = "“\""


@dataclass
class Term:
    """A defined term: where it is defined and, for "has the meaning given … in Section D1.2",
    the clause it is defined by (ids as written, uids where present)."""

    term: str
    uid: str
    id: str
    defined_by: list[str] = field(default_factory=list)
    defined_by_uids: list[str] = field(default_factory=list)
    document: str = ""  # "has the meaning given to that expression in the DCC Licence"
    inline: bool = False  # defined in a clause's words ('(each a “Relevant Supplier”)')


@dataclass(slots=True)
class TermUse:
    """One use of a term in one field of one unit (character offsets into that field); the
    unit by uid only, as uses are many and an id costs a walk up the tree."""

    term: str
    unit_uid: str
    field: str
    start: int
    end: int
    text: str


def plurals(term: str) -> list[str]:
    """The forms a term is used in: "Party" -> Party, Parties; "Modification Proposal" -> +s;
    a plural term also in the singular ("DCC Systems" -> + DCC System)."""
    one = singular(term)
    return [term, plural(term)] if one == term else [term, plural(term), one]


def defined_terms(version: Version, resolutions: Iterable[Resolution] = ()) -> list[Term]:
    """Every Definition as a Term; a definition "given … in Section X" is linked to X."""
    cited: dict[str, list[Resolution]] = defaultdict(list)
    for res in resolutions:
        if res.ref.field == "text":
            cited[res.ref.source_uid].append(res)
    terms = []
    for unit in version.definitions():
        term = Term(unit.label, unit.uid, unit.id)
        for res in cited.get(unit.uid, ()):
            if MEANING_GIVEN.search(unit.text, 0, res.ref.start):
                if res.ref.kind is RefKind.EXTERNAL:
                    term.document = res.ref.document or ""
                else:
                    term.defined_by = res.target_ids
                    term.defined_by_uids = res.target_uids
                break
        terms.append(term)
    known = {t.term for t in terms}
    for term in inline_terms(version):
        if term.term not in known:
            known.add(term.term)
            terms.append(term)
    return terms


def inline_terms(version: Version) -> list[Term]:
    """Terms defined in a unit's words ('(each a “Relevant Supplier”)'), each with that unit."""
    found = []
    for unit, unit_id in version.walk_ids():
        for name in ("text", "tail"):
            text = getattr(unit, name)
            if not text or '"' not in text and "“" not in text:
                continue
            for match in QUOTED_TERM.finditer(text):
                window = max(0, match.start() - DEFINING_WINDOW)
                if DEFINING_BEFORE.search(text, window, match.start()) and \
                        not _QUOTED_HEADING_BEFORE.search(text, window, match.start()) and \
                        not _MENTIONED_BEFORE.search(text, window, match.start()):
                    found.append(Term(match.group(1), unit.uid, unit_id, inline=True))
    return found


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first, as a character trie."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class TermFinder:
    """Finds uses of a fixed set of terms; build once per version.  ``inline`` holds (unit uid,
    term) of terms defined in that unit's words, whose quoted defining words are no use."""

    def __init__(self, terms: Iterable[str], inline: Iterable[tuple[str, str]] = ()) -> None:
        self.inline = set(inline)
        self.forms: dict[str, str] = {}
        for term in terms:
            for form in plurals(term):
                self.forms.setdefault(form, term)
        # No look-behind: a pattern opening on the trie's first letters lets the regex engine
        # skip ahead fast; a match glued to a word before it is dropped in :meth:`uses`.
        pattern = _trie_pattern(self.forms) if self.forms else r"(?!)"
        self.regex = re.compile(rf"(?:{pattern})(?![\w-])")

    def uses(self, units: Iterable[Unit]) -> Iterator[TermUse]:
        """Uses in the units' headings, text and tails; a definition's own term is skipped there
        and in its paragraphs, and so are the quoted words defining a term in a clause."""
        finditer, forms, definition, inline = self.regex.finditer, self.forms, UnitKind.DEFINITION, self.inline
        own_of: dict[str, str] = {}  # uid -> the term whose definition the unit is part of
        for unit in units:
            uid = unit.uid
            if unit.kind is definition:
                own: str | None = unit.label
            elif unit.kind in LIST_KINDS and unit.parent is not None:
                own = own_of.get(unit.parent.uid)
            else:
                own = None
            if own:
                own_of[uid] = own
            for name in FIELDS:
                text = getattr(unit, name)
                if not text:
                    continue
                for match in finditer(text):
                    start, end = match.span()
                    form = match.group()
                    term = forms[form]
                    if term == own:
                        continue
                    if inline and start and text[start - 1] in OPEN_QUOTES and (uid, term) in inline:
                        continue
                    if start:  # glued to a word before it: [\w-] (\w is isalnum or "_")
                        before = text[start - 1]
                        if before.isalnum() or before == "_" or before == "-":
                            continue
                    yield TermUse(term, uid, name, start, end, form)


def term_uses(version: Version, terms: Iterable[Term]) -> list[TermUse]:
    """Every use of ``terms`` in ``version``, in document order."""
    terms = list(terms)
    with paused_gc():
        finder = TermFinder((t.term for t in terms), ((t.uid, t.term) for t in terms if t.inline))
        return list(finder.uses(version.units()))
