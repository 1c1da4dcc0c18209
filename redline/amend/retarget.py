"""Rewrite the references to renumbered units: found and resolved by :mod:`redline.refs`.

A reference points at permanent identities (uids); when a unit's label changes, the written
form of every reference that resolves to it (or to one of its descendants) is rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redline.models import LIST_KINDS, Unit, Version
from redline.refs import find_references
from redline.refs.models import RefKind
from redline.refs.resolve import Resolver


class SharedLabelError(ValueError):
    """A reference whose one written label names a renumbered unit and another that is not."""


@dataclass(frozen=True)
class ReferenceEdit:
    """One reference to rewrite: where it is and what it becomes."""

    source_uid: str
    field: str
    start: int
    end: int
    old: str
    new: str


#: One bracketed label of an id: "(b)" in "C4.2(b)(ii)".
_LABELS = re.compile(r"\([^()]+\)")


def id_pattern(unit_id: str) -> str:
    """A written id, not part of a longer id: "D3.13" but not "D3.131" or "ZD3.13"."""
    return rf"(?<![\w.]){re.escape(unit_id)}(?![\d.]\d|\w)"


def _id_swaps(text: str, old_id: str, new_id: str, swaps: dict[str, str]) -> None:
    """The pieces of ``text`` to rewrite for ``old_id`` → ``new_id``: the id written whole
    ("Section C4.2(b)"), or its clause and its labels apart ("paragraph (b) of Section C4.2",
    "paragraph 4.1 of Appendix B", "paragraph (b) of the definition of …"), where they change."""
    old_written, new_written = old_id.split(":", 1)[-1], new_id.split(":", 1)[-1]
    if re.search(id_pattern(old_written), text):
        swaps[old_written] = new_written
        return
    clause, labels = _split_labels(old_written)
    new_clause, new_labels = _split_labels(new_written)
    if clause and clause != new_clause:
        swaps[clause] = new_clause
    _label_swaps(text, labels, new_labels, swaps)


def _label_swaps(text: str, old: str, new: str, swaps: dict[str, str]) -> None:
    """The labels to rewrite for "(b)(ii)" → "(c)(ii)": written together when ``text`` has them so
    ("paragraph (b)(ii) of Section C4.2"), else each apart ("sub-paragraph (ii) of paragraph (b)")."""
    if old == new:
        return
    if old in text:
        swaps[old] = new
        return
    swaps.update((a, b) for a, b in zip(_LABELS.findall(old), _LABELS.findall(new), strict=True) if a != b)


def _swap(text: str, swaps: dict[str, str]) -> str:
    """``text`` with every piece swapped at once (so "(c)" → "(d)" and "(d)" → "(e)" do not chain);
    a label is matched as written, an id not inside a longer one."""
    if not swaps:
        return text
    pieces = sorted(swaps, key=len, reverse=True)
    pattern = "|".join(re.escape(p) if p.startswith("(") else id_pattern(p) for p in pieces)
    return re.sub(pattern, lambda m: swaps[m.group()], text)


def _sharing(text: str, swaps: dict[str, str], kept: list[str]) -> str | None:
    """A target not renumbered whose label a swap would rewrite too ("paragraph (b) of Sections
    C4.2 and C4.3", when only C4.3(b) is renumbered), or None."""
    for kept_id in kept:
        written = kept_id.split(":", 1)[-1]
        labels = _split_labels(written)[1]
        if labels and not re.search(id_pattern(written), text) and \
                any(piece.startswith("(") and piece in labels for piece in swaps):
            return kept_id
    return None


def _split_labels(written: str) -> tuple[str, str]:
    """"C4.2(b)(ii)" -> ("C4.2", "(b)(ii)")."""
    cut = written.find("(")
    return (written, "") if cut < 0 else (written[:cut], written[cut:])


def reference_edits(version: Version, renamed_uids: dict[str, tuple[str, str]],
                    known: set[str] | None = None, resolver: Resolver | None = None) -> list[ReferenceEdit]:
    """Edits to references resolving to any renamed uid (uid → (old id, new id)), last first.

    ``version`` is the version as it stood before the renaming, so references still resolve.
    ``known`` (uids), when given, are the only units outside the renamed units' clauses that may
    cite them — from the clause graph — so the rest of the version is not scanned.
    """
    edits = []
    resolver = resolver or Resolver(version)
    units = _candidates(version, renamed_uids, known, resolver.by_uid)
    for resolution in resolver.resolve_all(find_references(units)):
        hits = [renamed_uids[u] for u in resolution.target_uids if u in renamed_uids]
        if not hits or resolution.ref.kind is RefKind.EXTERNAL:
            continue
        ref = resolution.ref
        relative = ref.kind is RefKind.PARAGRAPH and all(t.first.startswith("(") for t in ref.targets)
        swaps: dict[str, str] = {}  # written piece -> what it becomes, swapped in one pass
        for old_id, new_id in hits:
            if relative:  # "paragraph (c) above", "paragraph (b)(ii) above": the labels alone are written
                depth = max(len(_LABELS.findall(t.first)) for t in ref.targets)
                _label_swaps(ref.text, "".join(_LABELS.findall(old_id)[-depth:]),
                             "".join(_LABELS.findall(new_id)[-depth:]), swaps)
            else:
                _id_swaps(ref.text, old_id, new_id, swaps)
        renamed_ids = {old for old, _ in hits}
        kept = [t for t in resolution.target_ids if t not in resolution.missing and t not in renamed_ids]
        if not relative and (shared := _sharing(ref.text, swaps, kept)):
            raise SharedLabelError(f"the reference {ref.text!r} in {ref.source_id} writes one label for "
                                   f"{', '.join(sorted(renamed_ids))} and {shared}, which keeps its own: it "
                                   "cannot follow the renumbering alone (amend the reference first)")
        new = _swap(ref.text, swaps)
        if new != ref.text:
            edits.append(ReferenceEdit(ref.source_uid, ref.field, ref.start, ref.start + len(ref.text), ref.text, new))
    return sorted(edits, key=lambda e: (e.source_uid, e.field, -e.start))


def _candidates(version: Version, renamed_uids: dict[str, tuple[str, str]], known: set[str] | None,
                by_uid: dict[str, Unit]) -> list[Unit]:
    """Units that may cite a renamed unit: those whose words contain an old id (or, with
    ``known``, those units), and every unit of the clause around a renamed paragraph (where
    "paragraph (c) above" may point at it)."""
    found: dict[str, Unit] = {}
    for uid in renamed_uids:
        unit = by_uid.get(uid)
        if unit is not None and unit.kind in LIST_KINDS:
            clause = next((a for a in unit.ancestors() if a.kind not in LIST_KINDS), unit)
            found.update((u.uid, u) for u in clause.walk())
    if known is not None:
        found.update((uid, by_uid[uid]) for uid in known if uid in by_uid)
        return list(found.values())
    written = {old.split(":", 1)[-1].split("(")[0] for old, _ in renamed_uids.values()}
    for unit in version.units():
        if any(w in f"{unit.heading} {unit.text} {unit.tail}" for w in written):
            found[unit.uid] = unit
    return list(found.values())
