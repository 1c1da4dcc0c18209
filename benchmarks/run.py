"""Benchmarks on the synthetic full-size SEC: wall time and peak RSS of every stage, per scale.

    python benchmarks/run.py [--scales 0.125,0.25,0.5,1] [--seed 0] [--stages parse,apply,batch,process,docx]
                             [--out FILE]

Each scale runs in a fresh child process (so the peak RSS it reports is its own): the child
generates the corpus (``redline.tools.synth``) into a temporary directory and times each stage
in-process, noting the process's peak RSS (``ru_maxrss``) after it.  Every time is also shown as
a ratio to the floor a tokenizer pass sets (spaCy's blank English tokenizer over all the text).
Stages whose code has not landed yet print "n/a (not built)": their adapters below import
lazily and are where they get wired (their modules are imported before any stage is timed).
``--stages parse`` runs only the parse pipeline, its floors and the impact query.  The
``process`` stages time whole processes as a user runs them (the spaCy tokenizer over the
files, ``redline xrefs`` cold and warm), alternating rounds, and print each ratio beside its
target.  The ``docx`` stages write the corpus as .docx (one per Section, as ``redline synth``
does; not timed) and time the .docx reader (files → blocks) against the least any reader does
(lxml parsing each document.xml and visiting every ``w:p`` and ``w:t``), once as a version's
files are read (one styles part shared by all of them) and once with each file's styles parsed
afresh.  The reader as it was before issue 17 cannot be run beside it, so its ratio is to that
floor; the README gives the before and after measured on the day.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from lxml import etree

from redline.models import Affected, Instruction, Modification, ReadReport, UnitKind, Version
from redline.read.structure import TreeBuilder
from redline.read.text import read_text_file
from redline.support.gc import paused_gc
from redline.tools.synth import Corpus, generate, write_corpus

#: Stages summed into the parse pipeline.
#: The stages a cold ``redline xrefs`` runs that a warm one does not.
READING_STAGES = ("read (files → lines)", "structure (tree)", "references")
PARSE_STAGES = ("read (files → lines)", "structure (tree)", "references", "terms", "graph")
FLOOR = "floor: spaCy tokenizer"
#: Full-size targets, shown beside the stage (or summary row) whose name starts with the key.
TARGETS: dict[str, str] = {
    "parse pipeline": "≤ 3 s and ≤ 4× floor",
    "impact query": "≤ 0.002 s",
    "apply + emit": "≤ 1 s beyond parse",
    "batch of 50, jobs 2": "≤ 10 s, faster than jobs 1",
    "peak RSS": "≤ 600 MB",
    "process: cold redline xrefs": "≤ 0.75× the tokenizer process",
    "process: warm redline xrefs": "≤ 0.3× the cold run",
    "docx: read": "≥ 3× faster than before (README)",
}
#: The least any .docx reader does, the docx stages' floor.
DOCX_FLOOR = "docx floor: lxml, every w:p and w:t"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Whole processes, timed as a user runs them: the floor (read the files, spaCy's blank tokenizer
#: over each line), ``redline xrefs`` with an empty cache, and with the cache filled.
PROCESS_FLOOR = "process: spaCy tokenizer over the files"
PROCESS_ROUNDS = 3  # alternating rounds; the median of each is shown
REPEATS = 20  # impact queries of the most used term after its first
LINEAR = 1.3  # largest/smallest time per word at or below this reads as linear


class NotBuilt(Exception):
    """A stage whose module or function has not landed yet."""


@dataclass
class Row:
    """One measured stage."""

    stage: str
    seconds: float | None
    rss_mb: float
    note: str = ""


def cpu_seconds() -> float:
    """CPU time (user and system) of this process and of its children that have ended (a
    batch's worker processes), so far."""
    return sum(getattr(resource.getrusage(who), part) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for part in ("ru_utime", "ru_stime"))


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def need(module: str, name: str) -> Any:
    """``module.name``, or NotBuilt when either is missing."""
    try:
        return getattr(import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise NotBuilt(f"{module}.{name}") from exc


class Bench:
    """Times stages in order, keeping going past stages that are missing or failing."""

    def __init__(self) -> None:
        self.rows: list[Row] = []

    def run(self, stage: str, func: Callable[..., Any], *args: Any) -> Any:
        start, cpu = time.perf_counter(), cpu_seconds()
        try:
            result = func(*args)
        except NotBuilt as exc:
            self.rows.append(Row(stage, None, peak_rss_mb(), f"n/a (not built: {exc})"))
            return None
        except Exception as exc:  # a stage under construction may fail: report it and go on
            self.rows.append(Row(stage, None, peak_rss_mb(), f"error: {type(exc).__name__}: {exc}"[:110]))
            return None
        note = f"CPU {cpu_seconds() - cpu:.1f} s in all processes" if stage.startswith("batch") else ""
        self.rows.append(Row(stage, time.perf_counter() - start, peak_rss_mb(), note))
        return result


# --- stage adapters -------------------------------------------------------------------------

#: Modules the stages import lazily: imported once before any stage is timed, so that a
#: stage's time is its work, as the floor's is (spaCy is imported before it too).
STAGE_MODULES = ("redline.refs", "redline.terms", "redline.graph", "redline.amend.engine",
                 "redline.amend.affected", "redline.emit.meta", "redline.emit.render", "redline.batch.run")


def import_stages() -> None:
    """Import every stage's module that has landed."""
    for module in STAGE_MODULES:
        with contextlib.suppress(ImportError):
            import_module(module)

def floor_regex(text: str) -> int:
    """One regex pass over all the text."""
    return sum(1 for _ in re.finditer(r"Section [A-Z]\d", text))


def floor_tokenizer(nlp: Any, lines: list[str]) -> int:
    """spaCy's blank English tokenizer over every line."""
    return sum(len(doc) for doc in nlp.tokenizer.pipe(lines, batch_size=1000))


def docx_floor(files: list[Path]) -> int:
    """What any .docx reader does at least: unzip and parse each document.xml with lxml, visit
    every paragraph and the text of every ``w:t``."""
    count = 0
    for path in files:
        with zipfile.ZipFile(path) as archive:
            root = etree.fromstring(archive.read("word/document.xml"))
        count += sum(1 for _ in root.iter(f"{_W}p")) + sum(len(t.text or "") for t in root.iter(f"{_W}t"))
    return count


def read_docx(files: list[Path], shared_styles: bool = True) -> int:
    """The .docx reader: files → blocks; without ``shared_styles``, each file's styles part is
    parsed afresh (as for files whose styles differ byte for byte)."""
    from redline.read.docx import read_docx_file
    from redline.read.docx.styles import parsed_styles

    report, count = ReadReport(), 0
    for path in files:
        if not shared_styles:
            parsed_styles.cache_clear()
        count += sum(1 for _ in read_docx_file(path, report))
    return count


def read_files(files: list[Path], report: ReadReport) -> list[list[Any]]:
    """The text reader: files → blocks (one per line)."""
    return [list(read_text_file(path, report)) for path in files]


def build_tree(blocks_by_file: list[list[Any]], report: ReadReport) -> Version:
    """The tree builder, fed as ``read_version`` feeds it."""
    builder = TreeBuilder("synthetic", report)
    for blocks in blocks_by_file:
        builder.target = None
        for block in blocks:
            builder.feed(block)
    return builder.finish()


def references(version: Version) -> Any:
    """Cross-references found and resolved."""
    return need("redline.refs", "references")(version)


def terms(version: Version, resolutions: Any) -> tuple[Any, Any]:
    """Defined terms and every use of them."""
    if resolutions is None:
        raise NotBuilt("redline.refs")
    found = need("redline.terms", "defined_terms")(version, resolutions)
    return found, need("redline.terms", "term_uses")(version, found)


def graph(version: Version, resolutions: Any, terms_and_uses: Any) -> Any:
    """The clause graph with its reverse indexes."""
    if terms_and_uses is None:
        raise NotBuilt("redline.terms")
    graph = need("redline.graph", "build_graph")(version, resolutions, *terms_and_uses)
    return need("redline.graph", "ClauseGraph")(graph)


def impact(clause_graph: Any, term: str) -> Any:
    """Units affected by a change to ``term``."""
    if clause_graph is None:
        raise NotBuilt("redline.graph")
    return clause_graph.impact_of_term(term)


def read_result(impact: Any) -> list[Affected]:
    """Reading an impact query's whole result as one ``Affected`` per unit (as ``redline impact``
    does to print it; not part of the query)."""
    with paused_gc():
        return list(impact)


def impact_median(clause_graph: Any, terms: list[str]) -> float:
    """The median time of one impact query for each of ``terms`` (a term twice: a repeat)."""
    if clause_graph is None:
        raise NotBuilt("redline.graph")
    times = []
    for term in terms:
        start = time.perf_counter()
        clause_graph.impact_of_term(term)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def apply(version: Version, modification: Modification, clause_graph: Any) -> Any:
    """The amendment engine on one modification, with the base's clause graph (as `apply` has it)."""
    return need("redline.amend.engine", "apply_modification")(version, modification, graph=clause_graph)


def emit(base: Version, result: Any, out: Path, clause_graph: Any) -> list[Path]:
    """The affected list, then the redlines, as `redline apply` makes them (redline.docx,
    legal-text.docx, redline.html)."""
    if result is None:
        raise NotBuilt("redline.amend")
    affected = need("redline.amend.affected", "affected_units")(base, result.version, result.changes, clause_graph)
    meta = need("redline.emit.meta", "EmitMeta")(modification=result.version.applied[-1], date="2018-10-05")
    paths = []
    for name, data in need("redline.emit.render", "render_all")(base, result.version, affected, meta).items():
        paths.append(out / name)
        paths[-1].write_bytes(data)
    return paths


def batch(base_dir: Path, rules: list[Path], out: Path, jobs: int) -> Any:
    """``redline batch``: every modification classified alone and cumulatively (nothing written)."""
    return need("redline.batch.run", "run_batch")(str(base_dir), [str(r) for r in rules], out, jobs)


def cache_analysis(base_dir: Path) -> None:
    """Read the base and its clause graph once, so that they are in the cache (and let them go)."""
    need("redline.graph", "read_graph")([base_dir])


def _toml(value: Any) -> str:
    """A TOML value: string, number, list or inline table."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def write_rules(modification: Modification, directory: Path) -> Path:
    """A modification as a rules file, for ``redline batch``."""
    lines = ["[modification]", f"id = {_toml(modification.id)}", f"title = {_toml(modification.title)}",
             f"baseline = {_toml(modification.baseline)}"]
    for instruction in modification.instructions:
        lines += ["", "[[instruction]]", f"kind = {_toml(instruction.kind)}"]
        lines += [f"{key} = {_toml(value)}" for key, value in instruction.params.items()]
    path = directory / f"{modification.id}.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- synthetic modifications ----------------------------------------------------------------

def synthetic_modification(version: Version, corpus: Corpus, number: int) -> Modification:
    """A SECMP0049-sized modification (21 instructions, its mix of kinds) on synthetic units."""
    rng = random.Random(number)
    clauses = [u for u in version.units() if u.kind is UnitKind.CLAUSE and len(u.text.split()) > 8
               and not u.appendix and not u.id.startswith("A1.")]
    picked = rng.sample(clauses, 18)
    definitions = rng.sample([d for d in version.definitions() if d.text.startswith("means ")], 7)
    amended = {d.label for d in definitions}
    candidates = [t for t, _ in corpus.plan.terms if t not in amended]
    term = candidates[(10 + number) % len(candidates)]  # a frequent term, another each time
    steps: list[tuple[str, dict[str, Any]]] = [
        ("add_definition", {"term": f"Synthetic Term {number}{chr(65 + i)}",
                            "text": "means a term added by a synthetic modification."}) for i in range(6)]
    steps += [("amend_definition", {"term": d.label, "text": f"means {d.text[6:]} (as amended)"})
              for d in definitions]
    steps += [("amend", {"unit": u.id, "replace": [{"find": " ".join(u.text.split()[:3]),
                                                     "with": "Synthetic words", "count": "all"}]})
              for u in picked[:5]]
    scope = [u.id for u in picked[5:] if term in u.full_text()][:13] or [picked[5].id]
    steps.append(("rename", {"from": term, "to": f"Renamed {term}", "scope": scope}))
    for kind, unit in (("renumber", picked[16]), ("insert", picked[17])):
        last = unit.parent.children[-1]  # the last clause of its part gets the next number
        part, _, num = last.label.rpartition(".")
        following = f"{part}.{int(num.rstrip('ABCDEFGH')) + 1}"
        steps.append((kind, {"unit": last.id, "to": following} if kind == "renumber" else
                      {"unit": following, "text": "The Panel shall publish a synthetic notice."}))
    return Modification(id=f"SYNTH{number:04d}", title=f"Synthetic modification {number}",
                        baseline=version.name, file=f"<synthetic {number}>",
                        instructions=[Instruction(i, kind, params, "synthetic")
                                      for i, (kind, params) in enumerate(steps, start=1)])


# --- whole processes -------------------------------------------------------------------------

_FLOOR_PROCESS = """
import sys
from pathlib import Path
import spacy
nlp = spacy.blank("en")
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            nlp.make_doc(line)
"""


def _timed(command: list[str], cache: Path) -> float:
    """Wall time of one process (its output discarded)."""
    env = {**os.environ, "REDLINE_CACHE": str(cache)}
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def processes(bench: Bench, corpus: Path, cache: Path) -> None:
    """The floor process, cold and warm ``redline xrefs``, alternating; medians as rows."""
    xrefs = [sys.executable, "-c", "from redline.cli import run; run()", "xrefs", str(corpus)]
    times: dict[str, list[float]] = {PROCESS_FLOOR: [], "process: cold redline xrefs": [],
                                     "process: warm redline xrefs": []}
    for _ in range(PROCESS_ROUNDS):
        times[PROCESS_FLOOR].append(_timed([sys.executable, "-c", _FLOOR_PROCESS, str(corpus)], cache))
        shutil.rmtree(cache, ignore_errors=True)
        times["process: cold redline xrefs"].append(_timed(xrefs, cache))
        times["process: warm redline xrefs"].append(_timed(xrefs, cache))
    for stage, seconds in times.items():
        bench.rows.append(Row(stage, statistics.median(seconds), peak_rss_mb(),
                              f"median of {PROCESS_ROUNDS}"))


# --- one scale, in a child process ---------------------------------------------------------

#: Groups of stages ``--stages`` may pick: the parse pipeline (with its floors and the impact
#: query), apply + emit, the batch runs, whole processes (cold and warm ``redline xrefs``
#: against the tokenizer process), and the .docx reader against its lxml floor.
GROUPS = ("parse", "apply", "batch", "process", "docx")


def measure(scale: float, seed: int, groups: tuple[str, ...] = GROUPS) -> dict[str, Any]:
    """Every stage (of ``groups``) at one scale; returns the rows and the corpus's size."""
    import spacy

    bench = Bench()
    with tempfile.TemporaryDirectory(prefix="redline-bench-") as tmp:
        directory = Path(tmp)
        corpus = bench.run("generate corpus (not timed below)", generate, scale, seed)
        write_corpus(corpus, directory / "corpus")
        files = sorted((directory / "corpus").glob("*.txt"))
        texts = [p.read_text(encoding="utf-8") for p in files]
        lines = [ln for t in texts for ln in t.splitlines() if ln and not ln.startswith("#")]
        nlp = spacy.blank("en")
        bench.run("import stage modules (not timed below)", import_stages)
        bench.run("floor: regex pass", floor_regex, "\n".join(texts))
        bench.run(FLOOR, floor_tokenizer, nlp, lines)
        report = ReadReport()
        blocks = bench.run("read (files → lines)", read_files, files, report)
        version = bench.run("structure (tree)", build_tree, blocks, report)
        resolutions = bench.run("references", references, version)
        uses = bench.run("terms", terms, version, resolutions)
        clause_graph = bench.run("graph", graph, version, resolutions, uses)
        affected = bench.run("impact query (most used term), its first", impact, clause_graph, corpus.plan.terms[0][0])
        if affected:
            bench.run(f"reading its {len(affected):,} units as Affected objects", read_result, affected)
            most_used, others = corpus.plan.terms[0][0], [term for term, _ in corpus.plan.terms[1:]]
            for stage, asked in ((f"impact query (most used term), median of {REPEATS} more", [most_used] * REPEATS),
                                 (f"impact query, median of {len(others):,} other terms", others)):
                median = bench.run(stage, impact_median, clause_graph, asked)
                if median is not None:  # the row shows the median query, not the sum
                    row = bench.rows[-1]
                    row.seconds, row.note = median, f"{median * 1000:.3f} ms; all {len(asked):,}: {row.seconds:.3f} s"
        if "apply" in groups:
            result = bench.run("apply (21 instructions)", apply, version,
                               synthetic_modification(version, corpus, 0), clause_graph)
            bench.run("emit the three redlines", emit, version, result, directory, clause_graph)
        if "process" in groups:
            processes(bench, directory / "corpus", directory / "cache")
        if "docx" in groups:
            write_corpus(corpus, directory / "with-docx", docx=True)
            docx_files = sorted((directory / "with-docx" / "docx").glob("*.docx"))
            bench.run(DOCX_FLOOR, docx_floor, docx_files)
            bench.run("docx: read (files → blocks)", read_docx, docx_files)
            bench.run("docx: read, each styles part parsed", read_docx, docx_files, False)
        if "batch" in groups:
            (directory / "rules").mkdir()
            rules = [write_rules(synthetic_modification(version, corpus, n), directory / "rules")
                     for n in range(1, 51)]
            # batch reads the version itself: what the stages above made is let go first, so the
            # peak RSS of this process is the larger of theirs and the batch's, not their sum
            del blocks, version, resolutions, uses, clause_graph, affected
            result = None  # (the apply stage's)
            gc.collect()
            # both batch runs start from a filled cache, as every batch after the first on a base does
            bench.run("cache the base and its graph (not timed below)", cache_analysis, directory / "corpus")
            for jobs in (1, 2):
                gc.collect()  # what the run before left: a fresh `redline batch` process starts without it
                bench.run(f"batch of 50, jobs {jobs}", batch, directory / "corpus", rules,
                          directory / "batch", jobs)
    return {"scale": scale, "words": corpus.word_count(), "term": corpus.plan.terms[0][0],
            "clauses": corpus.plan.clause_count,
            "definitions": corpus.plan.definition_count, "references": corpus.reference_count,
            "rows": [asdict(r) for r in bench.rows]}


# --- tables ---------------------------------------------------------------------------------

def _seconds(rows: list[Row], stage: str) -> float | None:
    return next((r.seconds for r in rows if r.stage.startswith(stage)), None)


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def summary_rows(rows: list[Row], full: bool) -> list[tuple[str, float | None, str, str, float | None]]:
    """Composite rows (parse pipeline, apply + emit, peak RSS): (stage, seconds, note, target,
    peak RSS in MB at its end, where it has one)."""
    floor = _seconds(rows, FLOOR)
    parse_parts = [_seconds(rows, s) for s in PARSE_STAGES]
    parse = sum(s for s in parse_parts if s is not None)
    missing = [s for s, t in zip(PARSE_STAGES, parse_parts, strict=True) if t is None]
    note = f"partial: without {', '.join(missing)}" if missing else ""
    target = TARGETS["parse pipeline"]
    if full and floor:
        target += f": {_verdict(parse <= 3 and parse <= 4 * floor)}" + (" so far" if missing else "")
    parse_rss = max((r.rss_mb for r in rows if r.stage in PARSE_STAGES), default=None)
    out = [("parse pipeline (sum)", parse, note, target, parse_rss)]
    apply_s, emit_s = _seconds(rows, "apply"), _seconds(rows, "emit")
    both = apply_s + emit_s if apply_s is not None and emit_s is not None else None
    out.append(("apply + emit", both, "" if both is not None else "n/a",
                TARGETS["apply + emit"] + (f": {_verdict(both <= 1)}" if full and both is not None else ""),
                None))
    peak = max(r.rss_mb for r in rows)
    out.append(("peak RSS", None, f"{peak:.0f} MB",
                TARGETS["peak RSS"] + (f": {_verdict(peak <= 600)}" if full else ""), peak))
    return out


def _what_stops_cold(rows: list[Row], floor_process: float) -> str:
    """The floor under goal 1, from this run: the warm run (start-up, loading the references,
    writing the same JSON) leaves the rest of 0.75× the tokenizer process for reading the files
    and finding references, set beside what those stages took in process."""
    warm = _seconds(rows, "process: warm")
    reading = [_seconds(rows, stage) for stage in READING_STAGES]
    if warm is None or None in reading:
        return ""
    left = 0.75 * floor_process - warm
    return (f"; the warm run ({warm:.2f} s) leaves {left:.2f} s for reading and references, "
            f"which took {sum(r for r in reading if r is not None):.2f} s in process")


def scale_table(result: dict[str, Any]) -> str:
    """One scale: every stage with wall time, ratio to the floor, peak RSS and target."""
    rows = [Row(**r) for r in result["rows"]]
    full = result["scale"] >= 1
    floor = _seconds(rows, FLOOR)
    lines = [f"scale {result['scale']:g}: {result['words']:,} words, {result['clauses']:,} clauses, "
             f"{result['definitions']:,} definitions, {result['references']:,} references; "
             f"most used term {result['term']!r}",
             f"  {'stage':44} {'wall s':>9} {'× floor':>8} {'peak RSS MB':>12}  target / note"]
    for row in rows:
        ratio = f"{row.seconds / floor:8.2f}" if row.seconds is not None and floor else f"{'':8}"
        wall = f"{row.seconds:9.3f}" if row.seconds is not None else f"{'n/a':>9}"
        target = next((t for key, t in TARGETS.items() if row.stage.startswith(key)), "")
        if full and row.seconds is not None and row.stage.startswith("impact"):
            target += f": {_verdict(row.seconds <= 0.002)}"
        if row.seconds is not None and row.stage.startswith("process: ") and row.stage != PROCESS_FLOOR:
            cold = row.stage.startswith("process: cold")
            base = _seconds(rows, PROCESS_FLOOR if cold else "process: cold")
            if base:
                share = row.seconds / base
                target += f"; {share:.2f}×" + (f": {_verdict(share <= (0.75 if cold else 0.3))}" if full else "")
                target += _what_stops_cold(rows, base) if cold else ""
        if row.seconds is not None and row.stage.startswith("docx: ") and (docx := _seconds(rows, DOCX_FLOOR)):
            target += f"; {row.seconds / docx:.2f}× the lxml floor"
        if row.stage == "batch of 50, jobs 2" and row.seconds is not None:
            jobs1 = _seconds(rows, "batch of 50, jobs 1")
            if full:
                target += f": {_verdict(row.seconds <= 10 and jobs1 is not None and row.seconds < jobs1)}"
            if jobs1:
                target += f"; {row.seconds / jobs1:.2f}× jobs 1"
        notes = "; ".join(x for x in (target, row.note) if x)
        lines.append(f"  {row.stage[:44]:44} {wall} {ratio} {row.rss_mb:12.0f}  {notes}")
    for stage, seconds, note, target, rss in summary_rows(rows, full):
        wall = f"{seconds:9.3f}" if seconds is not None else f"{'':9}"
        ratio = f"{seconds / floor:8.2f}" if seconds is not None and floor else f"{'':8}"
        peak = f"{rss:12.0f}" if rss is not None else f"{'':12}"
        lines.append(f"  {stage:44} {wall} {ratio} {peak}  {'; '.join(x for x in (target, note) if x)}")
    return "\n".join(lines)


def growth_table(results: list[dict[str, Any]]) -> str:
    """Time per word of each stage across scales, and the largest/smallest ratio."""
    first, last = results[0], results[-1]
    header = "".join(f"{'µs/word @' + format(r['scale'], 'g'):>16}" for r in results)
    lines = [f"growth across scales (time per word; ratio {last['scale']:g} vs {first['scale']:g})",
             f"  {'stage':44}{header} {'ratio':>7}  verdict"]
    stages = [r["stage"] for r in first["rows"]] + ["parse pipeline (sum)"]
    for stage in stages:
        per_word = []
        for result in results:
            rows = [Row(**r) for r in result["rows"]]
            seconds = summary_rows(rows, False)[0][1] if stage.startswith("parse pipeline") \
                else _seconds(rows, stage)
            per_word.append(seconds * 1e6 / result["words"] if seconds else None)
        cells = "".join(f"{w:16.3f}" if w is not None else f"{'n/a':>16}" for w in per_word)
        if per_word[0] and per_word[-1] and len(results) > 1:
            ratio = per_word[-1] / per_word[0]
            verdict = "linear" if ratio <= LINEAR else "SUPERLINEAR"
            lines.append(f"  {stage[:44]:44}{cells} {ratio:7.2f}  {verdict}")
        else:
            lines.append(f"  {stage[:44]:44}{cells} {'':7}")
    return "\n".join(lines)


def machine() -> str:
    """CPU count, Python and platform."""
    return (f"machine: {os.cpu_count()} CPU(s), Python {platform.python_version()} "
            f"({platform.python_implementation()}), {platform.platform()}, {platform.processor() or 'cpu ?'}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="0.125,0.25,0.5,1", help="comma-separated scales")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help="also write the report to this file")
    parser.add_argument("--stages", default=",".join(GROUPS),
                        help=f"comma-separated groups of stages to run, of: {', '.join(GROUPS)} "
                             "(parse always runs: the others need its version)")
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(measure(args.child, args.seed, tuple(args.stages.split(",")))))
        return
    if unknown := set(args.stages.split(",")) - set(GROUPS):
        parser.error(f"unknown --stages {', '.join(sorted(unknown))}: choose from {', '.join(GROUPS)}")
    scales = sorted(float(s) for s in args.scales.split(","))
    sections = [machine()]
    print(sections[0], flush=True)
    results = []
    for scale in scales:
        child = subprocess.run([sys.executable, __file__, "--child", str(scale), "--seed", str(args.seed),
                                "--stages", args.stages],
                               capture_output=True, text=True, check=False)
        if child.returncode != 0:
            sys.exit(f"scale {scale:g} failed:\n{child.stderr}")
        results.append(json.loads(child.stdout.splitlines()[-1]))
        sections.append(scale_table(results[-1]))
        print("\n" + sections[-1], flush=True)
    sections.append(growth_table(results))
    print("\n" + sections[-1])
    if args.out:
        Path(args.out).write_text("\n\n".join(sections) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
