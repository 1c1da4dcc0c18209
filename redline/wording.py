"""Word forms of defined terms: plurals, possessives, articles, and the A1.1 collation."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_APOSTROPHES = "’'"
#: Letters whose spoken name starts with a vowel sound, for acronyms ("an SMKI", "an MPAN").
_VOWEL_NAMED_LETTERS = set("AEFHILMNORSX")


@dataclass(frozen=True)
class Occurrence:
    """One use of a term in a text: where it is and in which form."""

    start: int
    end: int
    text: str
    plural: bool
    possessive: str  # "" or the possessive suffix as written ("’s", "'s", "’")


def plural(term: str) -> str:
    """'Party' → 'Parties', 'Modification Proposal' → 'Modification Proposals'; a term "X of Y"
    takes the plural on X ('Event of Default' → 'Events of Default')."""
    head, of, rest = term.partition(" of ")
    if of and head and rest:
        return plural(head) + of + rest
    if re.search(r"[^aeiou]y$", term):
        return term[:-1] + "ies"
    if re.search(r"(?:s|x|z|ch|sh)$", term):
        return term + "es"
    return term + "s"


def singular(term: str) -> str:
    """'Elective Communication Services' → '… Service', 'Parties' → 'Party'; a term that does not
    end like a plural is returned as it is ('Business Process', 'SMKI PMA')."""
    head, _, last = term.rpartition(" ")
    if len(last) < 4 or not last[:1].isupper() or not last.endswith("s") or last.endswith(("ss", "us", "is")):
        return term
    if last.endswith("ies"):
        one = last[:-3] + "y"
    elif last.endswith(("sses", "shes", "ches", "xes", "zes")):
        one = last[:-2]
    else:
        one = last[:-1]
    return f"{head} {one}" if head else one


def term_regex(term: str) -> re.Pattern[str]:
    """Capitalised uses of ``term``: singular or plural, optionally possessive, whole words."""
    forms = sorted({re.escape(term), re.escape(plural(term))}, key=len, reverse=True)
    return re.compile(r"(?<![\w\-])(?P<form>" + "|".join(forms) + r")(?P<pos>[’']s?)?(?![\w\-])")


def occurrences(text: str, term: str) -> list[Occurrence]:
    """Every capitalised use of ``term`` in ``text``."""
    found = []
    for m in term_regex(term).finditer(text):
        possessive = m["pos"] or ""
        found.append(Occurrence(m.start(), m.end(), m.group(0), m["form"] != term, possessive))
    return found


def inflect(term: str, occurrence: Occurrence, plural_form: str | None = None) -> str:
    """``term`` in the same form as ``occurrence`` (plural and/or possessive)."""
    word = (plural_form or plural(term)) if occurrence.plural else term
    return word + occurrence.possessive


def article_for(word: str) -> str:
    """'a' or 'an' before ``word``, by its first sound."""
    first = word.split()[0] if word.split() else word
    if first.isupper() and len(first) > 1:
        return "an" if first[0] in _VOWEL_NAMED_LETTERS else "a"
    return "an" if first[:1].upper() in "AEIO" else "a"


def fix_article(before: str, new_word: str) -> tuple[str, bool]:
    """Correct a trailing 'a'/'an' in ``before`` for ``new_word``; returns (text, changed)."""
    m = re.search(r"(?<![\w])(?P<art>[Aa]n?)\s+$", before)
    if not m:
        return before, False
    wanted = article_for(new_word)
    current = m["art"]
    if current.lower() == wanted:
        return before, False
    replacement = wanted.capitalize() if current[0].isupper() else wanted
    return before[: m.start("art")] + replacement + before[m.end("art"):], True


@functools.lru_cache(maxsize=8192)  # A1.1 is sorted by it once per definition added: each term's key once
def collation_key(term: str) -> str:
    """The A1.1 order: case-insensitive, character by character in code-point order.

    A space sorts before a hyphen, which sorts before digits and letters, so
    "Authority Determined Modification" precedes "Authority-initiated Modification" and
    "Proposed Solution" precedes "Proposer", as the SEC lists them.
    """
    return term.casefold().replace("’", "'")
