"""``redline.pdf``: the redline as circulated, printed by headless LibreOffice from
``redline.docx`` with its tracked changes shown (insertions underlined, deletions struck through)."""

from __future__ import annotations

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
