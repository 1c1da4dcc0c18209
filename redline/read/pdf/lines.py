"""A PDF page's words as lines and segments: words grouped by their top edge, a line split where a
gap between words is wider than a tab (see :mod:`redline.read.pdf`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pdfplumber

from redline.models import Position
from redline.read import patterns as pat

#: A gap between words wider than this (points) separates columns or a hanging label.
SEGMENT_GAP = 10.0
#: A step between lines above this multiple of the text height starts a paragraph.
PARAGRAPH_STEP = 1.5
#: Words whose tops differ by less than this (points) share a line.
SAME_LINE = 2.5


@dataclass
class Segment:
    """Words of one line with no wide gap between them."""

    x0: float
    x1: float
    text: str


@dataclass
class Line:
    """A body line of a page, split into segments."""

    position: Position
    segments: list[Segment]
    first_on_page: bool  # the page's first line, or a column's on a page in two columns
    spaced: bool  # the step down from the line above is wider than an ordinary line pitch
    new_font: bool  # set in another font than the line above, on this page or the one before
    words: list[dict] = field(default_factory=list)  # pdfplumber words left of the balloons, with their chars

    @property
    def hanging(self) -> bool:
        """A clause number or list label standing apart from its text."""
        return len(self.segments) > 1 and bool(pat.NUMBER_TOKEN.match(self.segments[0].text))

    def text(self, segments: list[Segment] | None = None) -> str:
        return " ".join(s.text for s in (self.segments if segments is None else segments))

    def indent(self, segments: list[Segment]) -> float:
        """Where the words of ``segments`` start, after a clause number or label opening them."""
        words = [w for w in self.words if w["x0"] >= segments[0].x0]
        if len(words) > 1 and pat.NUMBER_TOKEN.match(words[0]["text"]):
            return words[1]["x0"]
        return words[0]["x0"] if words else segments[0].x0


def words_of(page: pdfplumber.page.Page, chars: bool = False) -> list[dict]:
    """The page's words, with their font and size (and characters)."""
    return page.extract_words(extra_attrs=["fontname", "size"], return_chars=chars)


def spaced_from(above: list[dict], words: list[dict]) -> bool:
    height = max(w["bottom"] - w["top"] for w in above + words)
    return min(w["top"] for w in words) - min(w["top"] for w in above) > PARAGRAPH_STEP * height


def font_of(words: list[dict]) -> tuple[str, int]:
    """The font most of a line's characters are set in (its name without a subset's prefix,
    "ABCDEF+Arial", which may differ from page to page)."""
    weight: Counter[tuple[str, int]] = Counter()
    for w in words:
        weight[(w["fontname"].partition("+")[2] or w["fontname"], round(w["size"]))] += len(w["text"])
    return weight.most_common(1)[0][0]


def group_lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) < SAME_LINE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def segments_of(words: list[dict]) -> list[Segment]:
    segments: list[Segment] = []
    for word in words:
        if segments and word["x0"] - segments[-1].x1 <= SEGMENT_GAP:
            last = segments[-1]
            last.text, last.x1 = f"{last.text} {word['text']}", word["x1"]
        else:
            segments.append(Segment(word["x0"], word["x1"], word["text"]))
    return segments
