"""Page furniture: running headers and footers in the band and in the outer part of the page,
footnotes and their raised marks (see :mod:`redline.read.pdf`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pdfplumber

from redline.models import Finding, Position, ReadReport
from redline.read import patterns as pat
from redline.read.pdf.lines import SAME_LINE, font_of, group_lines, words_of

#: Height of the top and bottom bands holding running headers and footers, in points.
FURNITURE_BAND = 50.0
#: A band line that is a page number alone: "3", "- 3 -", "Page 3", "3 of 16".
_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?[-–\s]*$", re.IGNORECASE)
#: The outer part of a page: this fraction of its height at the top and at the bottom.
OUTER_PART = 0.125
#: Lines whose tops differ by at most this (points) on two pages stand at the same height.
SAME_HEIGHT = 1.5
#: A word smaller than this fraction of its line's largest size, and raised, is a superscript.
RAISED_SIZE = 0.8


def _banded(text: str) -> str:
    """A band line's words with its numbers blanked: "Page 3 of 16" and "Page 4 of 16" are one."""
    return re.sub(r"\d+", "#", " ".join(text.split()))


def running_furniture(pdf: pdfplumber.PDF) -> set[str] | None:
    """The header and footer lines that run: the words (numbers blanked) of a line in a page's top
    or bottom band that stand in that band on another page too; None for a one-page document,
    where nothing can be told to run (every band line is furniture there)."""
    if len(pdf.pages) < 2:
        return None
    seen: Counter[str] = Counter()
    for page in pdf.pages:
        bands = [page.crop((0, 0, page.width, FURNITURE_BAND)),
                 page.crop((0, page.height - FURNITURE_BAND, page.width, page.height))]
        seen.update({_banded(line) for band in bands for line in (band.extract_text() or "").splitlines()
                     if line.strip()})
    return {text for text, pages in seen.items() if pages > 1}


@dataclass
class OuterLines:
    """The lines in the outer part of the pages: for each line's words (numbers blanked), the
    pages and heights (tops) it stands at."""

    pages: int
    tops: dict[str, list[tuple[int, float]]]

    @classmethod
    def of(cls, pdf: pdfplumber.PDF) -> OuterLines:
        tops: dict[str, list[tuple[int, float]]] = {}
        for number, page in enumerate(pdf.pages, start=1):
            outer = OUTER_PART * page.height
            for part in (page.within_bbox((0, 0, page.width, outer)),
                         page.within_bbox((0, page.height - outer, page.width, page.height))):
                for words in group_lines(words_of(part)):
                    text = " ".join(w["text"] for w in words)
                    tops.setdefault(_banded(text), []).append((number, words[0]["top"]))
        return cls(len(pdf.pages), tops)

    def runs(self, text: str, top: float) -> bool:
        """The line stands at this height on most pages (more than half of them, two at least)."""
        pages = {page for page, at in self.tops.get(_banded(text), []) if abs(at - top) <= SAME_HEIGHT}
        return len(pages) >= max(2, self.pages // 2 + 1)


def _outer(words: list[dict], height: float) -> bool:
    """The line lies in the outer part of its page, at the top or at the bottom."""
    return max(w["bottom"] for w in words) < OUTER_PART * height or \
        min(w["top"] for w in words) > (1 - OUTER_PART) * height


def page_body(page: pdfplumber.page.Page, source: str, number: int, report: ReadReport,
              running: set[str] | None = None, outer: OuterLines | None = None) -> list[tuple[Position, list[dict]]]:
    """The words of a page's body lines, top to bottom, with their positions; headers and footers
    (``running``: see :func:`running_furniture`; ``outer``: the furniture outside the band, see
    :func:`_outer_furniture`) and, with ``outer``, footnotes (:func:`_footnotes`) and their raised
    marks in the text go to ``report.dropped``."""
    body: list[tuple[Position, list[dict]]] = []
    lines = group_lines(words_of(page, chars=True))
    texts = [" ".join(w["text"] for w in words) for words in lines]
    banded = {index for index, words in enumerate(lines) if _in_band(words, page.height)}
    furniture = {index for index in banded if running is None or _band_furniture(texts[index], running)}
    notes: list[int] = []
    if outer is not None:
        furniture |= _outer_furniture(lines, texts, page.height, (banded, furniture), outer)
        notes = _footnotes(lines, page.height, furniture)
    if notes:
        report.findings.append(Finding(Position(source, notes[0] + 1, number), "footnote",
                                       f"{len(notes)} line(s) in smaller type at the foot of the page, first "
                                       f"{texts[notes[0]][:40]!r}, read as footnotes: kept out of the clauses, "
                                       "with their marks in the text, in the page furniture dropped"))
    numbers = {text[:len(text) - len(text.lstrip("0123456789"))] for text in (texts[i] for i in notes)} - {""}
    for index, (words, text) in enumerate(zip(lines, texts, strict=True)):
        pos = Position(source, index + 1, number)
        if index in furniture or index in notes:
            report.dropped.append((pos, text))
            continue
        if marks := [w for w in words if w["text"] in numbers and _raised(w, words)]:
            report.dropped.append((pos, " ".join(w["text"] for w in marks)))
            words = [w for w in words if w not in marks]
        if index in banded:
            report.findings.append(Finding(pos, "band-text", f"{text[:40]!r} stands in the page's header or "
                                           "footer band but runs on no other page: read as the Code's words"))
        body.append((pos, words))
    return body


def _in_band(words: list[dict], height: float) -> bool:
    return max(w["bottom"] for w in words) < FURNITURE_BAND or min(w["top"] for w in words) > height - FURNITURE_BAND


def _band_furniture(text: str, running: set[str]) -> bool:
    """A band line that is furniture: it runs, or is a page number or a furniture pattern."""
    return _banded(text) in running or _PAGE_NUMBER.match(text) is not None or pat.furniture_start(text) == 0


def _outer_furniture(lines: list[list[dict]], texts: list[str], height: float,
                     band: tuple[set[int], set[int]], outer: OuterLines) -> set[int]:
    """The furniture outside the band: from the top edge down and from the bottom edge up, the
    lines in the page's outer part that run at their height (``outer``), are page numbers or
    furniture patterns, until the first that is none of these.  ``band``: the lines in the band
    and those of them that are furniture (passed over; the others, the Code's, end the walk)."""
    banded, furniture = band
    found: set[int] = set()
    for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
        for index in order:
            if index in furniture:
                continue
            words, text = lines[index], texts[index]
            if index in banded:
                break
            if not _outer(words, height) or pat.NUMBER_TOKEN.match(text.split()[0]) or not (
                    outer.runs(text, words[0]["top"]) or _PAGE_NUMBER.match(text) or pat.furniture_start(text) == 0):
                break
            found.add(index)
    return found


def _footnotes(lines: list[list[dict]], height: float, furniture: set[int]) -> list[int]:
    """The footnotes at the foot of a page, top line first: the lines above the footer set in a
    smaller size than most of the page's text, in its lowest third, the first opening with a
    footnote's number ("1See also …"); none when the lines there are not all of that kind."""
    sizes: Counter[int] = Counter()
    for index, words in enumerate(lines):
        if index not in furniture:
            sizes[font_of(words)[1]] += sum(len(w["text"]) for w in words)
    if not sizes:
        return []
    body = sizes.most_common(1)[0][0]
    notes: list[int] = []
    for index in range(len(lines) - 1, -1, -1):
        if index in furniture:
            continue
        if font_of(lines[index])[1] >= body or lines[index][0]["top"] < height * 2 / 3:
            break
        notes.insert(0, index)
    return notes if notes and lines[notes[0]][0]["text"][0].isdigit() else []


def _raised(word: dict, line: list[dict]) -> bool:
    """A word set smaller than its line and above its foot: a superscript (a footnote's mark)."""
    return word["size"] < RAISED_SIZE * max(w["size"] for w in line) and \
        word["bottom"] < max(w["bottom"] for w in line) - SAME_LINE
