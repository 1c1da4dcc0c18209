"""List labels: the letter, roman and capital schemes of SEC paragraphs, and their sequences."""

from __future__ import annotations

import re

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]

#: The value of each single roman digit, for :func:`from_roman`.
_ROMAN_DIGITS = {numeral: value for value, numeral in _ROMAN if len(numeral) == 1}

LETTER, ROMAN, UPPER = "letter", "roman", "upper"

#: The scheme used at each depth below a clause or definition: (a), then (i), then (A).
SCHEME_BY_DEPTH = (LETTER, ROMAN, UPPER)


def to_roman(n: int) -> str:
    """1 → 'i', 4 → 'iv'."""
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def from_roman(text: str) -> int | None:
    """'iv' → 4; None when ``text`` is not a well-formed lower-case roman numeral."""
    values = _ROMAN_DIGITS
    if not text or any(ch not in values for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total if to_roman(total) == text else None


def _letters_to_int(text: str) -> int:
    """'a' → 1, 'z' → 26, 'aa' → 27 (the SEC doubles letters after z)."""
    base = ord(text[0].lower()) - ord("a") + 1
    return base + 26 * (len(text) - 1)


def _int_to_letters(n: int, upper: bool = False) -> str:
    ch = chr(ord("a") + (n - 1) % 26)
    text = ch * ((n - 1) // 26 + 1)
    return text.upper() if upper else text


def schemes(label: str) -> list[str]:
    """The schemes a bare label (without brackets) can belong to: 'i' is letter or roman."""
    found = []
    if label.isalpha() and label.islower() and len(set(label)) == 1:
        found.append(LETTER)
    if label.islower() and from_roman(label) is not None:
        found.append(ROMAN)
    if label.isupper() and len(set(label)) == 1:
        found.append(UPPER)
    return found


def ordinal(label: str, scheme: str) -> int:
    """Position of ``label`` in ``scheme``: (c) → 3, (iv) → 4."""
    if scheme == ROMAN:
        return from_roman(label) or 0
    return _letters_to_int(label)


def label_at(n: int, scheme: str) -> str:
    """The ``n``-th label of ``scheme``: (3, letter) → 'c'."""
    if scheme == ROMAN:
        return to_roman(n)
    return _int_to_letters(n, upper=scheme == UPPER)


def next_label(label: str, scheme: str) -> str:
    """The label after ``label`` in ``scheme``."""
    return label_at(ordinal(label, scheme) + 1, scheme)


def bracket(label: str) -> str:
    """'a' → '(a)'."""
    return f"({label})"


def unbracket(label: str) -> str:
    """'(a)' → 'a'."""
    return label.strip("()")


def sibling_key(label: str, scheme: str | None = None) -> tuple:
    """Sort key for sibling labels: D3.13 < D3.19, (b) < (c) < (d), (iv) < (v), 3.2.4 < 3.2.10.

    ``scheme`` is the list's own (letters, roman numerals, capitals) where the caller knows it:
    "(d)" is the fourth letter, not five hundred.
    """
    def rank(part: str) -> int:
        fits = schemes(part) or [LETTER]
        return ordinal(part, scheme if scheme in fits else fits[0])

    parts = re.findall(r"\d+|[A-Za-z]+", label.strip("()"))
    return tuple((0, int(p), "") if p.isdigit() else (1, rank(p), p) for p in parts)


def shift_label(label: str, step: int) -> str | None:
    """'(c)' +1 → '(d)'; 'D3.13' +1 → 'D3.14'; None when there is no such label."""
    if label.startswith("("):
        bare = unbracket(label)
        found = schemes(bare)
        if not found:
            return None
        scheme = found[-1] if ROMAN in found and len(bare) > 1 else found[0]
        n = ordinal(bare, scheme) + step
        return bracket(label_at(n, scheme)) if n > 0 else None
    m = re.match(r"^(.*?)(\d+)$", label)
    return f"{m[1]}{int(m[2]) + step}" if m else None


# --- clause numbers in sequence ---------------------------------------------------------------

SEQUENCE, GAP, BACKWARDS = "sequence", "gap", "backwards"
_CLAUSE_NUMBER = re.compile(r"^[A-Z](?P<part>\d+)(?P<pl>[A-Z]?)\.(?P<n>\d+)(?P<nl>[A-Z]?)$")


def _suffix(letter: str) -> int:
    return ord(letter) - ord("A") + 1 if letter else 0


def clause_key(number: str) -> tuple[int, ...] | None:
    """A clause number as a sortable key: "D3.13A" → (3, 0, 13, 1); "3.2.4" → (3, 2, 4)."""
    if m := _CLAUSE_NUMBER.match(number):
        return int(m["part"]), _suffix(m["pl"]), int(m["n"]), _suffix(m["nl"])
    parts = number.rstrip(".").split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def order_after(previous: str | None, number: str) -> str:
    """How ``number`` follows the clause ``previous`` of the same Section or Appendix: in
    SEQUENCE (the next number, a first clause of a later part, an insertion such as "D3.13A"
    after "D3.13", an appendix's next level), after a GAP, or BACKWARDS (not after it at all)."""
    new = clause_key(number)
    old = clause_key(previous) if previous else None
    if new is None or old is None:
        return SEQUENCE if previous is None else GAP
    if len(new) == len(old) == 4 and _CLAUSE_NUMBER.match(number):
        if new <= old:
            return BACKWARDS
        same_part = new[:2] == old[:2]
        nxt = (new[2] == old[2] + 1 and new[3] == 0) or (new[2] == old[2] and new[3] == old[3] + 1)
        return SEQUENCE if (same_part and nxt) or (not same_part and new[2] == 1) else GAP
    if new <= old:
        return BACKWARDS
    following = {old + (1,)} | {old[:i] + (old[i] + 1,) for i in range(len(old))}
    return SEQUENCE if new in following else GAP
