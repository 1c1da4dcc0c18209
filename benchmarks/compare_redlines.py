"""redline.docx against python-redlines (Docxodus engine) on the same base and amended documents.

    python benchmarks/compare_redlines.py [--repeat N]

Both documents are built from the bundled corpus: SEC 5.18 and SEC 5.18 with SECMP0049 applied,
each written as a plain .docx (typed numbers, A1.1 as a table). redline reads the two .docx
files back and writes its redline; python-redlines compares the same two files. The table
shows wall time (best of N) and the number of revision marks (w:ins + w:del) each produced.
Needs `pip install "python-redlines[docxodus]"`.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the .docx builder the reader tests use
os.environ["REDLINE_CACHE"] = "off"  # time the reading too, every run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def revision_marks(docx: bytes) -> int:
    """w:ins and w:del elements in the document body."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return sum(1 for el in root.iter() if el.tag in (f"{W}ins", f"{W}del"))


def best_of(repeat: int, work: Callable[[], bytes]) -> tuple[float, bytes]:
    """The fastest of ``repeat`` runs, and its output."""
    best, output = float("inf"), b""
    for _ in range(repeat):
        start = time.perf_counter()
        output = work()
        best = min(best, time.perf_counter() - start)
    return best, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from builders import build_docx

    from redline.amend.engine import apply_modification
    from redline.amend.rules import load_rules
    from redline.emit import docx_redline
    from redline.emit.meta import EmitMeta
    from redline.read import read_version

    base = read_version([ROOT / "corpus" / "sec-5.18"])
    amended = apply_modification(base, load_rules(ROOT / "rules" / "SECMP0049.toml")).version
    meta = EmitMeta(author="SECAS", date="2018-10-05", modification="SECMP0049")
    with tempfile.TemporaryDirectory() as tmp:
        old_docx, new_docx = Path(tmp) / "base.docx", Path(tmp) / "amended.docx"
        build_docx(base, old_docx)
        build_docx(amended, new_docx)

        def ours() -> bytes:
            old, new = read_version([old_docx], name="base"), read_version([new_docx], name="amended")
            return docx_redline.render(old, new, [], meta)

        rows = [("redline (read both .docx + redline.docx)", *best_of(args.repeat, ours))]
        try:
            from python_redlines.engines import DocxodusEngine

            engine = DocxodusEngine()
            theirs = best_of(args.repeat, lambda: engine.run_redline("SECAS", old_docx, new_docx)[0])
            rows.append(("python-redlines (Docxodus)", *theirs))
        except ImportError as exc:
            rows.append((f"python-redlines: not installed ({exc})", float("nan"), b""))
    print(f"{'tool':<45} {'seconds':>9} {'revision marks':>15}")
    for name, seconds, output in rows:
        marks = revision_marks(output) if output else 0
        print(f"{name:<45} {seconds:>9.3f} {marks:>15}")


if __name__ == "__main__":
    main()
