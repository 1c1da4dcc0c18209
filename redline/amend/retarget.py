"""Find the explicit references to given unit ids, so a renumbering can rewrite them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from redline.models import Version

_FIELDS = ("text", "tail", "heading")


@dataclass(frozen=True)
class IdMention:
    """An explicit mention of a unit id inside a reference ("Section D3.13(a)")."""

    source_uid: str
    field: str
    start: int
    end: int
    old_id: str

    def retarget(self, renamed: dict[str, str]) -> str:
        """The mention rewritten for the renamed ids."""
        return renamed.get(self.old_id, self.old_id)


def references_to(version: Version, ids: set[str]) -> list[IdMention]:
    """Mentions of any of ``ids`` after "Section(s)", longest id first, last in text first."""
    if not ids:
        return []
    alternatives = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    regex = re.compile(rf"(?<=Section )(?:{alternatives})(?![\w.]|\([a-z]+\))|(?<=Sections )(?:{alternatives})(?![\w.])")
    found = []
    for unit in version.units():
        for field_name in _FIELDS:
            text = getattr(unit, field_name)
            for m in regex.finditer(text):
                found.append(IdMention(unit.uid, field_name, m.start(), m.end(), m.group(0)))
    return sorted(found, key=lambda r: -r.start)
