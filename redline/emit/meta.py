"""What every emitted document says about itself: author, date, modification and title."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from redline.models import RedlineError

_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?Z?$")


def iso_date(text: str) -> str:
    """"2018-10-05" or "2018-10-05T09:30" → "2018-10-05T09:30:00Z" (the form ``w:date`` takes)."""
    match = _DATE.match(text.strip())
    if match is None:
        raise RedlineError(f"date {text!r}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
    clock = match[2] or "00:00:00"
    if len(clock) == 5:
        clock += ":00"
    try:
        datetime.datetime.fromisoformat(f"{match[1]}T{clock}")
    except ValueError as exc:
        raise RedlineError(f"date {text!r}: not a real date or time ({exc})") from exc
    return f"{match[1]}T{clock}Z"


@dataclass(frozen=True)
class EmitMeta:
    """Revision author and date (ISO 8601, UTC; today when empty), the modification's id and title."""

    author: str = "redline"
    date: str = ""
    modification: str = ""
    title: str = ""

    def __post_init__(self) -> None:
        today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
        object.__setattr__(self, "date", iso_date(self.date or today))

    @property
    def heading(self) -> str:
        """"SECMP0049 ‘Title’", whichever of the two is known ("" when neither)."""
        title = f"‘{self.title}’" if self.title else ""
        return " ".join(p for p in (self.modification, title) if p)
