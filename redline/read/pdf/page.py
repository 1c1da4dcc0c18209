"""A page's lines: the PDF opened, each page's body lines (furniture, columns and margin balloons
sorted out) split into segments (see :mod:`redline.read.pdf`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFException
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from redline.models import Comment, ReadReport, RedlineError
from redline.read.pdf.columns import reading_order
from redline.read.pdf.furniture import OuterLines, page_body
from redline.read.pdf.lines import Line, Segment, font_of, segments_of, spaced_from

#: Words starting right of this fraction of the page width are margin balloons.
BALLOON_FROM = 0.75


@contextmanager
def open_pdf(path: Path) -> Iterator[pdfplumber.PDF]:
    """The open PDF; a corrupt, protected or unreadable file (also while reading its pages) raises
    a one-line RedlineError."""
    try:
        with pdfplumber.open(path) as pdf:
            yield pdf
    except (PdfminerException, PDFException, PSException) as exc:
        inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        raise RedlineError(f"{path}: {_pdf_problem(inner)}") from exc
    except OSError as exc:
        raise RedlineError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def _pdf_problem(exc: object) -> str:
    name = type(exc).__name__
    if "Password" in name or "Encryption" in name:
        return "password-protected PDF; save an unprotected copy and read that"
    detail = str(exc).splitlines()[0] if str(exc) else name
    return f"not a readable PDF ({detail})"


def page_lines(page: pdfplumber.page.Page, source: str, number: int, report: ReadReport,
               running: set[str] | None = None, outer: OuterLines | None = None) -> Iterator[Line]:
    """The body lines of a page in reading order; headers and footers (``running``: see
    :func:`~redline.read.pdf.furniture.running_furniture`; ``outer``: the furniture outside the
    band) and, with ``outer``, footnotes and their raised marks in the text go to
    ``report.dropped`` (:func:`~redline.read.pdf.furniture.page_body`), balloons to
    ``report.comments``."""
    ordered = reading_order(page_body(page, source, number, report, running, outer), page.width, number, report)
    segmented = [(pos, words, segments_of(words), column) for pos, words, column in ordered]
    edge = _body_edge([segments for _, _, segments, _ in segmented], page.width)
    previous: list[dict] | None = None
    for pos, words, segments, column in segmented:
        if balloon := [s for s in segments if s.x0 > edge]:
            report.comments.append(Comment(pos, " ".join(s.text for s in balloon)))
        kept = [s for s in segments if s.x0 <= edge]
        if not kept:
            continue
        words = [w for w in words if w["x0"] <= edge]
        yield Line(pos, kept, previous is None or column, previous is not None and spaced_from(previous, words),
                   previous is not None and font_of(previous) != font_of(words), words)
        previous = words


def _body_edge(lines: list[list[Segment]], width: float) -> float:
    """The right edge of body text: segments starting beyond it are margin balloons."""
    body_from = BALLOON_FROM * width
    return max([body_from, *(s.x1 for segments in lines for s in segments if s.x0 < body_from)])
