"""redline.docx against other redliners on the same base and amended documents.

    python benchmarks/compare_redlines.py [--repeat N] [--scale F] [--rounds N]

Without ``--scale`` the pair is built from the bundled corpus: SEC 5.18 and SEC 5.18 with
SECMP0049 applied.  With ``--scale F`` it is the synthetic SEC of ``redline synth`` at that scale
(1 is full size) and the same with a SECMP0049-sized synthetic modification applied
(``benchmarks/run.py``).  Each version is written as one plain .docx (typed numbers, A1.1 as a
table) by the reader tests' builder.  In process, redline reads the two .docx files back and
writes its redline; python-redlines (Docxodus) compares the same two files; the table shows
wall time (best of N) and the number of revision marks (w:ins + w:del) each produced.  Then
whole processes, as a user runs them: ``redline emit BASE.docx AMENDED.docx`` (all three
redlines) against a process that runs Docxodus and writes its file, ``--rounds`` alternating
rounds, medians.  The other Python redliners on PyPI (adeu, docx-redline) are tried too; each
prints why it has no figure when it cannot give one.  Needs
`pip install "python-redlines[docxodus]"` (the bench extra); without it that row says so.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the .docx builder the reader tests use
os.environ["REDLINE_CACHE"] = "off"  # time the reading too, every run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: A process that compares the two files with Docxodus and writes the redline (argv: base, amended, out).
DOCXODUS_PROCESS = """
import sys
from pathlib import Path
from python_redlines.engines import DocxodusEngine
Path(sys.argv[3]).write_bytes(DocxodusEngine().run_redline("SECAS", sys.argv[1], sys.argv[2])[0])
"""
#: A process that only starts and imports what ``redline emit`` imports: the floor of its process.
IMPORT_FLOOR = "process: start + import redline.cli, redline.emit"
#: Why each other Python redliner gives no figure here, from its PyPI page, checked 2026-12-01.
OTHER_REDLINERS = {
    "adeu": "its releases from 0.1 on require Python >= 3.12 (pip offers older ones only its 0.0.1, "
            "a 1.3 kB release); and it has no two-document compare writing tracked changes: it "
            "applies text edits to one document (diff_docx_files returns a text diff)",
    "docx_redline": "docx-redline requires Python >= 3.12; and it has no two-document compare: its "
                    "Redliner writes tracked changes for edits made through its API to one document",
}


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


def whole_docx(version: Any, path: Path, work: Path) -> Path:
    """One .docx of the whole version: the builder writes it Section by Section (python-docx
    slows down with the square of a document's length: a full-size Code took 446 s whole) and
    the Sections' bodies are joined into the first one's, before its section properties."""
    from builders import build_docx

    from redline.models import Version

    parts = [build_docx(Version(version.name, dataclasses.replace(version.root, children=[division])),
                        work / f"{path.stem}-{n}.docx")
             for n, division in enumerate(version.root.children)]
    with zipfile.ZipFile(parts[0]) as first:
        entries = {info: first.read(info) for info in first.infolist()}
    document = next(info for info in entries if info.filename == "word/document.xml")
    root = etree.fromstring(entries[document])
    section_properties = root.find(f"{W}body/{W}sectPr")
    for part in parts[1:]:
        with zipfile.ZipFile(part) as archive:
            body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
        for child in list(body):
            if child.tag != f"{W}sectPr":
                section_properties.addprevious(child)
    entries[document] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries.items():
            out.writestr(info, data)
    return path


def pair(scale: float | None, work: Path) -> tuple[Path, Path, str]:
    """The base and amended .docx files, and what they are."""
    from builders import build_docx

    from redline.amend.engine import apply_modification
    from redline.read import read_version

    old_docx, new_docx = work / "base.docx", work / "amended.docx"
    if scale is None:
        from redline.amend.rules import load_rules

        base = read_version([ROOT / "corpus" / "sec-5.18"])
        amended = apply_modification(base, load_rules(ROOT / "rules" / "SECMP0049.toml")).version
        build_docx(base, old_docx)
        build_docx(amended, new_docx)
        return old_docx, new_docx, "SEC 5.18 and SEC 5.18 + SECMP0049"
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import synthetic_modification

    from redline.tools.synth import generate, write_corpus

    corpus = generate(scale, 0)
    write_corpus(corpus, work / "corpus")
    base = read_version([work / "corpus"], name="synthetic")
    amended = apply_modification(base, synthetic_modification(base, corpus, 0)).version
    whole_docx(base, old_docx, work)
    whole_docx(amended, new_docx, work)
    return old_docx, new_docx, (f"synthetic SEC at scale {scale:g} ({corpus.word_count():,} words) "
                                "and it + a 21-instruction modification")


def in_process(old_docx: Path, new_docx: Path, repeat: int) -> list[tuple[str, float, bytes]]:
    """redline and each other redliner that can run, in this process."""
    from redline.emit import docx_redline
    from redline.emit.meta import EmitMeta
    from redline.read import read_version

    meta = EmitMeta(author="SECAS", date="2018-10-05", modification="SECMP0049")

    def ours() -> bytes:
        old, new = read_version([old_docx], name="base"), read_version([new_docx], name="amended")
        return docx_redline.render(old, new, [], meta)

    rows = [("redline (read both .docx + redline.docx)", *best_of(repeat, ours))]
    try:
        from python_redlines.engines import DocxodusEngine

        engine = DocxodusEngine()
        rows.append(("python-redlines (Docxodus)",
                     *best_of(repeat, lambda: engine.run_redline("SECAS", old_docx, new_docx)[0])))
    except ImportError as exc:
        rows.append((f"python-redlines: not installed ({exc})", float("nan"), b""))
    for module, reason in OTHER_REDLINERS.items():
        try:
            __import__(module)
            rows.append((f"{module}: installed, no figure: {reason}", float("nan"), b""))
        except ImportError:
            rows.append((f"{module}: not installed here (Python {sys.version.split()[0]}): {reason}",
                         float("nan"), b""))
    return rows


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def whole_processes(old_docx: Path, new_docx: Path, rounds: int, work: Path) -> list[tuple[str, float]]:
    """Medians of ``redline emit`` and of a Docxodus process, alternating rounds."""
    try:
        import python_redlines_docxodus  # noqa: F401  (the engine's binary)
        docxodus = True
    except ImportError:
        docxodus = False
    times: dict[str, list[float]] = {"process: redline emit (three redlines)": [],
                                     "process: python-redlines (Docxodus)": [],
                                     IMPORT_FLOOR: []}
    for n in range(rounds):
        times[IMPORT_FLOOR].append(_timed([sys.executable, "-c", "import redline.cli, redline.emit"]))
        times["process: redline emit (three redlines)"].append(_timed(
            [sys.executable, "-c", "from redline.cli import run; run()", "--quiet", "emit",
             str(old_docx), str(new_docx), "--out", str(work / f"emit-{n}")]))
        if docxodus:
            times["process: python-redlines (Docxodus)"].append(_timed(
                [sys.executable, "-c", DOCXODUS_PROCESS, str(old_docx), str(new_docx),
                 str(work / f"docxodus-{n}.docx")]))
    return [(name, statistics.median(seconds)) for name, seconds in times.items() if seconds]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="in-process runs of each tool (the best is shown)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating whole-process rounds (medians)")
    parser.add_argument("--scale", type=float, help="the synthetic SEC at this scale instead of SEC 5.18")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        old_docx, new_docx, what = pair(args.scale, work)
        print(f"pair: {what}")
        rows = in_process(old_docx, new_docx, args.repeat)
        print(f"{'tool':<45} {'seconds':>9} {'revision marks':>15} {'Docxodus / tool':>16}")
        theirs = next((s for name, s, _ in rows if name.startswith("python-redlines (")), None)
        for name, seconds, output in rows:
            if not output:
                print(name)
                continue
            ratio = f"{theirs / seconds:15.1f}×" if theirs else ""
            print(f"{name:<45} {seconds:>9.3f} {revision_marks(output):>15} {ratio:>16}")
        processes = whole_processes(old_docx, new_docx, args.rounds, work)
        theirs = dict(processes).get("process: python-redlines (Docxodus)")
        for name, seconds in processes:
            ratio = f"{theirs / seconds:15.1f}×" if theirs else ""
            ceiling = "; the ceiling: a redline process doing no work" if name == IMPORT_FLOOR and theirs else ""
            print(f"{name:<45} {seconds:>9.3f} {'':>15} {ratio:>16}  (median of {args.rounds}{ceiling})")
        if theirs is None:
            print("process: python-redlines (Docxodus): not installed")


if __name__ == "__main__":
    main()
