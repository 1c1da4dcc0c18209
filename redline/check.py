"""Integrity checks over one version's references and terms.

Findings: references to units absent from the version, quoted headings that no longer match
their target, defined terms never used, capitalised phrases that look like undefined terms,
list paragraphs that cite themselves, and paragraph labels that skip one ("(b)" then "(d)").
A term is never both "never used" and "not defined":
a defined term's forms (singular, plural) are never undefined phrases, and a use counts only
outside the term's own definition and outside quoted headings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from redline.models import LIST_KINDS, Unit, Version
from redline.read import labels as lab
from redline.refs.models import RefKind, Resolution, Status
from redline.refs.resolve import normalise_heading
from redline.terms import FIELDS, Term, TermUse, plurals
from redline.wording import singular

#: A run of two or more capitalised words ("Security Sub-Committee Member", "SMKI PMA").
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w’'\-]*(?: [A-Z][\w’'\-]*)+")
#: Words that open a sentence or a citation rather than a term.
_OPENERS = frozenset(
    ["A", "An", "Any", "Appendix", "Each", "Every", "For", "If", "In", "No", "Notwithstanding",
     "Section", "Sections", "Subject", "Such", "The", "This", "That", "Where", "Whether", "Without"]
)
_POSSESSIVE = re.compile(r"['’]s?$")
#: The kinds of reference that cite a paragraph by its number or label, so that one citing
#: itself is a slip ("Section L1.17(e)" or "paragraph (d) above" written in that paragraph).
_CITING_KINDS = (RefKind.SECTION, RefKind.PARAGRAPH)
#: Text that says words were left out ("[...]"): a copy that elides paragraphs skips their labels.
_ELIDED = ("[...]", "…")
#: How often an undefined capitalised phrase must recur to be reported.
MIN_REPEATS = 2


@dataclass(frozen=True)
class Integrity:
    """One finding: its kind, the unit it is about, and a one-line message."""

    kind: str
    unit: str
    message: str


def stale_heading(res: Resolution, units: dict[str, Unit]) -> str | None:
    """The named unit's real heading when a quoted heading disagrees with it, else None (also
    when that unit is absent or has no heading: unknown, not wrong)."""
    quoted = res.quoted_heading
    if not quoted or res.heading_uid is None:
        return None
    named = units.get(res.heading_uid)
    if named is None or not named.heading or normalise_heading(named.heading) == normalise_heading(quoted):
        return None
    return named.heading


def _reference_findings(resolutions: Iterable[Resolution], units: dict[str, Unit]
                        ) -> Iterator[Integrity]:
    for res in resolutions:
        ref = res.ref
        if res.status is Status.UNRESOLVED:
            yield Integrity("unresolved_reference", ref.source_id,
                            f"{ref.text!r} cites {', '.join(res.missing)}, not in this version")
        elif res.status is Status.AMBIGUOUS:
            yield Integrity("ambiguous_reference", ref.source_id,
                            f"{ref.text!r} may mean {' or '.join(res.target_ids)}")
        real = stale_heading(res, units)
        if real is not None:
            yield Integrity("stale_heading", ref.source_id,
                            f"{ref.text} ({res.quoted_heading}) quotes a heading, but "
                            f"{units[res.heading_uid or ''].id} is headed {real!r}")
        source = units[ref.source_uid]
        if (source.kind in LIST_KINDS and ref.kind in _CITING_KINDS and res.status is not Status.AMBIGUOUS
                and ref.source_uid in res.target_uids):
            yield Integrity("self_reference", ref.source_id,
                            f"{ref.text!r} in {ref.source_id} cites the paragraph itself")


def _unused_terms(terms: Iterable[Term], uses: Iterable[TermUse],
                  resolutions: Iterable[Resolution]) -> Iterator[Integrity]:
    """Terms with no use outside their own definition and outside quoted headings."""
    quoted = _heading_spans(resolutions)
    used = {use.term for use in uses
            if not any(a <= use.start < b for a, b in quoted.get((use.unit_uid, use.field), ()))}
    for term in terms:
        if term.term not in used:
            yield Integrity("unused_term", term.id, f"{term.term!r} is defined but never used")


def _label_gaps(version: Version) -> Iterator[Integrity]:
    """Paragraphs whose label skips one or more of their list's ("(b)" then "(d)"): a paragraph
    lost in reading, or a copy that leaves some out.  A list is read in each scheme all its labels
    fit ("(i)", "(ii)" are roman numerals or doubled letters; "(c)", "(d)" letters or numerals): one
    in which no label skips means no gap; otherwise the gaps of the scheme missing fewest labels.
    Labels no scheme fits ("(ca)") or whose order no scheme rises in ("(a)", "(aa)", "(b)"), and
    neighbours whose words say some were elided ("[...]"), are not judged."""
    for unit in version.units():
        items = [child for child in unit.children if child.kind in LIST_KINDS]
        for kind in {item.kind for item in items}:
            same = [item for item in items if item.kind is kind]
            labels = [lab.unbracket(item.label) for item in same]
            readings = [reading for scheme in lab.SCHEME_BY_DEPTH
                        if all(scheme in lab.schemes(label) for label in labels)
                        and (reading := _gaps(labels, scheme)) is not None]
            if not readings or any(not gaps for gaps, _ in readings):
                continue
            gaps, scheme = min(readings, key=lambda reading: sum(high - low + 1 for _, low, high in reading[0]))
            for index, low, high in gaps:
                before, after = same[index - 1], same[index]
                if any(mark in text for text in (before.text, before.tail, after.text) for mark in _ELIDED):
                    continue
                missing = lab.bracket(lab.label_at(low, scheme))
                if high > low:
                    missing += f"{' and' if high == low + 1 else ' to'} {lab.bracket(lab.label_at(high, scheme))}"
                yield Integrity("label_gap", after.id, f"{after.id} follows {before.id}: no {missing} between "
                                "them (a paragraph lost in reading, or a copy that leaves it out)")


def _gaps(labels: list[str], scheme: str) -> tuple[list[tuple[int, int, int]], str] | None:
    """Where ``labels``, read in ``scheme``, skip some: (index of the label after the gap, the
    first and last ordinal missing); with the scheme.  None when they do not rise in it: "(a)",
    "(aa)", "(b)" is a paragraph inserted between two, not letters skipping (b) to (z)."""
    ordinals = [lab.ordinal(label, scheme) for label in labels]
    if any(b <= a for a, b in zip(ordinals, ordinals[1:], strict=False)):
        return None
    return [(i, a + 1, b - 1) for i, (a, b) in enumerate(zip(ordinals, ordinals[1:], strict=False), start=1)
            if b > a + 1], scheme


def _heading_spans(resolutions: Iterable[Resolution]) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Where each quoted heading stands: (unit uid, field) -> [(start, end)]."""
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for res in resolutions:
        if res.quoted_heading:
            spans.setdefault((res.ref.source_uid, res.ref.field), []).append((res.ref.end, res.ref.bracket_end))
    return spans


def _masked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the spans blanked out (same length, so runs do not join across them)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "|" * (end - start)
    return "".join(chars)


def possible_terms(version: Version, resolutions: Iterable[Resolution], uses: Iterable[TermUse],
                   terms: Iterable[Term] = ()) -> Counter[tuple[str, str]]:
    """Capitalised phrases of two or more words that are not defined terms (in any form), not
    part of a reference or its quoted heading, and not in any heading: (phrase, first unit) ->
    count.  Singular and plural are one phrase, written "Working Group / Working Groups"."""
    defined = {form for term in terms for form in plurals(term.term)}
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for res in resolutions:
        # an external document's heading ("Part 4.4 of the … Policy (Nature of the Initial
        # Assessment)") is never checked, but it is no undefined term either
        end = res.ref.bracket_end if res.quoted_heading or res.ref.quoted_heading else res.ref.end
        spans.setdefault((res.ref.source_uid, res.ref.field), []).append((res.ref.start, end))
    for use in uses:
        spans.setdefault((use.unit_uid, use.field), []).append((use.start, use.end))
    headings = " | ".join(normalise_heading(u.heading) for u in version.units() if u.heading)
    counts: Counter[str] = Counter()  # by the singular form
    first: dict[str, str] = {}
    forms: dict[str, list[str]] = {}
    for unit in version.units():
        for name in FIELDS[1:]:
            text = getattr(unit, name)
            if not text:
                continue
            for match in _CAPITALISED_RUN.finditer(_masked(text, spans.get((unit.uid, name), ()))):
                words = match.group().split()
                while words and words[0] in _OPENERS:
                    words.pop(0)
                if len(words) < 2:
                    continue
                phrase = _POSSESSIVE.sub("", " ".join(words))
                one = singular(phrase)
                if phrase in defined or one in defined or normalise_heading(phrase) in headings:
                    continue
                counts[one] += 1
                first.setdefault(one, unit.id)
                seen = forms.setdefault(one, [])
                if phrase not in seen:
                    seen.append(phrase)
    return Counter({(" / ".join(forms[p]), first[p]): n for p, n in counts.items() if n >= MIN_REPEATS})


def check(version: Version, resolutions: list[Resolution], terms: list[Term],
          uses: list[TermUse]) -> list[Integrity]:
    """Every integrity finding for ``version``, grouped by kind, in document order."""
    units = version.by_uid()
    findings = list(_reference_findings(resolutions, units))
    findings.extend(_unused_terms(terms, uses, resolutions))
    findings.extend(_label_gaps(version))
    for (phrase, where), count in sorted(possible_terms(version, resolutions, uses, terms).items()):
        findings.append(Integrity("possible_undefined_term", where,
                                  f"{phrase!r} is capitalised like a defined term ({count} uses) "
                                  "but is not defined"))
    return findings
