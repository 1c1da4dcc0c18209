"""``redline.pdf``: the redline as circulated, printed by headless LibreOffice from
``redline.docx`` with its tracked changes shown (insertions underlined, deletions struck through)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from redline.models import RedlineError


def soffice() -> str | None:
    """LibreOffice's ``soffice``, or None where it is not installed."""
    return shutil.which("soffice")


def print_pdf(docx: bytes, timeout: float = 300) -> bytes:
    """The PDF LibreOffice prints from a ``.docx`` (a private profile, nothing left behind)."""
    program = soffice()
    if program is None:
        raise RedlineError("redline.pdf: LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="redline-pdf-") as work:
        folder = Path(work)
        (folder / "redline.docx").write_bytes(docx)
        try:
            subprocess.run([program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(folder), str(folder / "redline.docx")],
                           check=True, timeout=timeout, capture_output=True)
        except (subprocess.SubprocessError, OSError) as exc:
            raise RedlineError(f"redline.pdf: LibreOffice could not print redline.docx ({exc})") from exc
        result = folder / "redline.pdf"
        if not result.is_file():
            raise RedlineError("redline.pdf: LibreOffice wrote no PDF from redline.docx")
        return result.read_bytes()


#: Where LibreOffice writes the clock into a PDF: the creation date (14 digits) and the trailer's
#: file identifier and checksum (32 hex digits each, the identifier twice).
_CLOCKED = ((b"/CreationDate(D:", 14), (b"/ID [ <", 32), (b">\n<", 32), (b"/DocChecksum /", 32))


def fixed_pdf(data: bytes, date: str, seed: bytes) -> bytes:
    """The same PDF with its creation date set to ``date`` (ISO 8601) and its identifier and
    checksum derived from ``seed`` (the printed .docx), so the same input gives the same bytes.
    Every field keeps its length, so the cross-reference offsets stay true."""
    digits = date[:19].replace("-", "").replace("T", "").replace(":", "").ljust(14, "0").encode()
    digest = hashlib.md5(seed).hexdigest().upper().encode()  # an identifier, not a security measure
    out = bytearray(data)
    start = 0
    for marker, width in _CLOCKED:
        at = out.find(marker, start)
        if at < 0:
            continue
        at += len(marker)
        out[at:at + width] = digits if width == 14 else digest
        start = at + width
    return bytes(out)
