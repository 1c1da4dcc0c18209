"""`redline batch`: re-apply every pending modification to a newly designated SEC version.

The new base is read once (with its clause graph, from the cache when there). Each modification
is applied alone (in parallel worker processes that share the parsed base by fork, never
re-parsing it) and cumulatively on top of those before it (in order), and
each instruction is classified. Each application derives its version from the base (copy on
write: only the units it changes are copied). Each modification's files are written by its
worker once all of them are computed (so nothing accumulates in memory); the batch report last.
"""

from __future__ import annotations

import dataclasses
import gc
import html
import multiprocessing
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import click

from redline.amend.affected import holding_gone, still_used
from redline.amend.engine import ApplyResult
from redline.amend.run import ApplyRun, bundled_base, instruction_not_applied, load_modifications, outputs_for
from redline.batch.classify import CLASSES, Classifier, Verdict
from redline.graph import ClauseGraph, id_ancestors, read_graph
from redline.models import Change, ChangeKind, Lookups, Modification, RedlineError, Unresolved, Version
from redline.progress import progress
from redline.read import read_version
from redline.refs import find_references
from redline.refs.resolve import Resolver
from redline.support.gc import paused_gc
from redline.terms import TermFinder
from redline.write import staged_output, to_json, version_files, version_outputs, write_all

#: Statuses whose instruction the batch's outputs do not carry.
NOT_APPLIED = ("conflict", "blocked", "external", "obsolete")
#: A unit the batch changes, by identity: its id when first changed, its latest id, and the
#: modifications changing it (a renumbered or renamed unit stays one unit).
Touched = tuple[str, str, list[str]]
_SHARED: dict[str, object] = {}  # the parsed base and drafting baselines, inherited by forked workers


@dataclass
class ModificationReport:
    """One modification's outcome: verdicts alone and cumulatively, and its output files."""

    modification: Modification
    alone: list[Verdict]
    cumulative: list[Verdict] = field(default_factory=list)

    def counts(self, verdicts: list[Verdict]) -> dict[str, int]:
        return {c: sum(1 for v in verdicts if v.status == c) for c in CLASSES}

    def not_applied(self) -> list[Verdict]:
        """Instructions not applied when the batch is applied cumulatively, each with its reason."""
        return [v for v in self.cumulative if v.status in NOT_APPLIED]

    def not_applied_lines(self) -> list[str]:
        """What the batch's outputs do not carry of this modification, a line each: what its rules
        file leaves to a drafter, then the instructions not applied cumulatively."""
        return [*(_unresolved_line(item) for item in self.modification.unresolved),
                *(_not_applied_line(v) for v in self.not_applied()),
                *(f"#{v.instruction} {v.kind} {v.target}: undecided: {line}" for v in self.cumulative
                  for line in v.undecided)]

    def record(self) -> dict[str, object]:
        return {"id": self.modification.id, "title": self.modification.title, "rules": self.modification.file,
                "baseline": self.modification.baseline, "alone": self.counts(self.alone),
                "cumulative": self.counts(self.cumulative),
                "not_applied": self.not_applied_lines(),
                "instructions": [{"alone": a.record(), "cumulative": c.record()}
                                 for a, c in zip(self.alone, self.cumulative, strict=True)]}


@dataclass
class BatchReport:
    """The whole batch: per-modification reports and consequential findings."""

    base: str
    reports: list[ModificationReport]
    findings: list[dict[str, str]]

    @property
    def exit_code(self) -> int:
        """1 when a drafter is needed: a conflict, a blocked instruction, an undecided occurrence or an
        unresolved item."""
        bad = {"conflict", "blocked"}
        return 1 if any(r.modification.unresolved or any(v.status in bad or v.undecided
                                                         for v in (*r.alone, *r.cumulative))
                        for r in self.reports) else 0

    def record(self) -> dict[str, object]:
        return {"base": self.base, "modifications": [r.record() for r in self.reports], "findings": self.findings}


def _drafted(mod: Modification) -> Version | None:
    """The version a modification was drafted against, when it is bundled."""
    cache = _SHARED.setdefault("drafted", {})
    assert isinstance(cache, dict)
    if mod.baseline not in cache:
        try:
            cache[mod.baseline] = read_version([bundled_base(mod.baseline)]).freeze()
        except RedlineError:
            cache[mod.baseline] = None
    return cache[mod.baseline]


def _alone(mod: Modification) -> tuple[list[Verdict], list[Change]]:
    """Apply one modification alone to the shared base, write its files; its verdicts and changes."""
    base, out, graph = _SHARED["base"], _SHARED["out"], _SHARED["graph"]
    assert isinstance(base, Version) and isinstance(out, Path) and isinstance(graph, ClauseGraph)
    classifier = Classifier(base, mod, _drafted(mod), {}, graph)
    outputs: dict[Path, bytes | str] = {}
    with paused_gc():  # a worker allocates much and lives for one modification: no heap walks
        verdicts = classifier.run()
        version = classifier.version.freeze()
        result = ApplyResult(version, classifier.engine.changes, classifier.engine.undecided)
        if _applies(verdicts):
            run = ApplyRun(base, [mod], [result], graph)
            target = out / mod.id
            recorded = {c.instruction for c in result.not_applied}
            by_index = {i.index: i for i in mod.instructions}
            skipped = [instruction_not_applied(mod, by_index[v.instruction], v.status, v.target, v.detail)
                       for v in verdicts if v.status in NOT_APPLIED and f"{mod.id}#{v.instruction}" not in recorded]
            outputs = outputs_for(run, target, extra=skipped)
            provenance = f"Generated by redline batch: {base.name} with {mod.id} applied; see the base's provenance."
            outputs.update(version_outputs(version, target / "amended", provenance))
    write_all(outputs)
    return verdicts, [dataclasses.replace(c, subtree=None) for c in result.changes]


def run_batch(base_dir: str, rules: Iterable[str], out: Path, jobs: int) -> tuple[BatchReport, dict[Path, bytes | str]]:
    """Classify every modification alone and cumulatively (writing each one's files); return the
    report and the batch report's own files, not yet written."""
    _SHARED.clear()  # what an earlier batch in this process left, if it failed
    base, graph = read_graph([base_dir])  # once, before forking: every worker shares them
    mods = load_modifications(rules)
    base.freeze().lookups()  # kept, and shared by the workers, as is the text of every Section
    base.text_index()  # and the words searched for uses of each newly defined term
    version_files(base, "")
    _SHARED.update(base=base, out=out, graph=graph)
    for mod in mods:
        _drafted(mod)  # read before forking, so workers share it too
    gc.freeze()  # the parsed base lives to the end: keep the collector (and the workers') off it
    try:
        if jobs > 1 and len(mods) > 1:
            with multiprocessing.get_context("fork").Pool(min(jobs, len(mods))) as pool:
                pending = pool.imap(_alone, mods)
                cumulative, touched_by, crossing = _cumulative(base, mods, graph)  # meanwhile, in this process
                alone = list(progress(pending, "modifications", len(mods)))
        else:
            alone = [_alone(m) for m in progress(mods, "modifications")]
            cumulative, touched_by, crossing = _cumulative(base, mods, graph)
    finally:
        gc.unfreeze()
        _SHARED.clear()  # a caller running another batch must not hold two bases at once
    reports = [ModificationReport(m, verdicts, chain)
               for m, (verdicts, _), chain in zip(mods, alone, cumulative, strict=True)]
    outputs: dict[Path, bytes | str] = {}
    findings = _findings(graph, mods, [changes for _, changes in alone], touched_by) + crossing
    report = BatchReport(base.name, reports, findings)
    outputs[out / "batch.json"] = to_json(report.record())
    outputs[out / "batch.md"] = batch_markdown(report)
    outputs[out / "batch.html"] = batch_html(report)
    return report, outputs


def _cumulative(base: Version, mods: list[Modification], graph: ClauseGraph
                ) -> tuple[list[list[Verdict]], dict[str, Touched], list[dict[str, str]]]:
    """Each modification classified on top of those before it; which modifications touch each
    unit (by identity); and the references one of them writes to a unit
    another deletes or renumbers."""
    version = base
    earlier: dict[str, str] = {}
    touched_by: dict[str, Touched] = {}
    verdicts = []
    engine = None
    deleted: dict[str, str] = {}
    renumbered: dict[str, str] = {}
    undefined: dict[str, tuple[str, str]] = {}  # term → the modification deleting or renaming it, how
    written: dict[str, str] = {}  # uid → the first modification that wrote words in it
    for mod in mods:  # each on a version derived from the one before (so a failed edit can be undone)
        classifier = Classifier(version, mod, _drafted(mod), earlier, graph, engine, deleted)
        with paused_gc():
            verdicts.append(classifier.run())
        version, engine = classifier.version, classifier.engine
        for change in classifier.engine.changes:
            if change.kind in (ChangeKind.DELETE, ChangeKind.DELETE_DEFINITION):
                deleted.setdefault(change.unit_id, mod.id)
            if change.kind is ChangeKind.DELETE_DEFINITION:
                undefined.setdefault(change.unit_id.split(":", 1)[1], (mod.id, "deletes its definition"))
            if change.kind is ChangeKind.RENUMBER and change.field == "label":
                renumbered.setdefault(_old_id(change), mod.id)
                if change.unit_id.startswith("A1.1:"):
                    undefined.setdefault(change.before, (mod.id, f"renames it to {change.after!r}"))
            if change.kind is not ChangeKind.NOT_APPLIED and change.unit_uid:
                earlier.setdefault(change.unit_uid, mod.id)
                if not change.consequential:
                    written.setdefault(change.unit_uid, mod.id)
                first, _, owners = touched_by.get(change.unit_uid, (change.unit_id, "", []))  # renumbered too
                if mod.id not in owners:
                    owners.append(mod.id)
                touched_by[change.unit_uid] = (first, change.unit_id, owners)
    found = Lookups.walk(version)  # once: a cumulative version's lookups would be derived down the chain
    return verdicts, touched_by, (_crossing(version, found, written, deleted, renumbered)
                                  + _undefined_uses(found, graph, written, undefined))


def _old_id(change: Change) -> str:
    """The id a renumbered unit had: its new id with the old label ("C1.3A" with label C1.3 → "C1.3")."""
    return change.unit_id[: len(change.unit_id) - len(change.after)] + change.before


def _crossing(version: Version, found: Lookups, written: dict[str, str], deleted: dict[str, str],
              renumbered: dict[str, str]) -> list[dict[str, str]]:
    """References in the words one modification wrote (as the whole batch leaves them: ``version``,
    its units ``found``) to a unit another one deletes or renumbers: the base's graph, which the
    other findings read, has none of them."""
    units = [found.by_uid[uid] for uid in written if uid in found.by_uid]
    resolver = Resolver(version, found.by_id, found.by_uid)
    findings = []
    for res in resolver.resolve_all(find_references(units)):
        writer = written.get(res.ref.source_uid, "")
        for missing in res.missing:
            for verb, owners in (("deletes", deleted), ("renumbers", renumbered)):
                if owners.get(missing, writer) != writer:
                    findings.append({"kind": "reference into a moved or deleted unit", "unit": res.ref.source_id,
                                     "message": f"{res.ref.source_id} refers to {missing} in words {writer} writes, "
                                                f"but {owners[missing]} {verb} it"})
    return findings


def _undefined_uses(found: Lookups, graph: ClauseGraph, written: dict[str, str],
                    undefined: dict[str, tuple[str, str]]) -> list[dict[str, str]]:
    """Uses, as the whole batch leaves the Code (its units ``found``), of a term a modification
    deleted or renamed and none defines again: in the base's words (a rename rewrites the uses in
    its scope, a deletion none) and in words a modification wrote (the base's graph has none)."""
    gone = {term for term in undefined if f"A1.1:{term}" not in found.by_id}
    if not gone:
        return []
    definitions = found.by_id.get("A1.1")
    added = {u.label for u in definitions.children} - set(graph.terms) if definitions else set()
    finder = TermFinder(sorted(gone | holding_gone(graph, gone, added)))
    by_uid = found.by_uid
    findings = []
    for uid, term in sorted(still_used(finder, by_uid, gone, graph, written),
                            key=lambda use: (by_uid[use[0]].id, use[1])):
        unit_id, (owner, how), writer = by_uid[uid].id, undefined[term], written.get(uid, "")
        words = f" in words {writer} writes" if writer and writer != owner else ""
        findings.append({"kind": "use of a deleted or renamed term", "unit": unit_id,
                         "message": f"{unit_id} uses {term!r}{words}, but {owner} {how}"})
    return findings


def _findings(graph: ClauseGraph, mods: list[Modification], changes: list[list],
              touched_by: dict[str, Touched]) -> list[dict[str, str]]:
    """Consequential findings across modifications, read from the base's clause graph."""
    found: list[dict[str, str]] = []
    for first, unit_id, owners in sorted(touched_by.values(), key=lambda touched: touched[1]):
        if len(owners) > 1:
            was = f" (was {first})" if first != unit_id else ""
            found.append({"kind": "same unit", "unit": unit_id,
                          "message": f"{unit_id}{was} is changed by {' and '.join(owners)}"})
    for mod, log in zip(mods, changes, strict=True):
        gone = {c.unit_id for c in log if c.kind in (ChangeKind.DELETE, ChangeKind.DELETE_DEFINITION)}
        for change in log:
            if change.kind in (ChangeKind.RENUMBER, ChangeKind.DELETE, ChangeKind.DELETE_DEFINITION) \
                    and change.unit_uid and not change.consequential:
                verb = "renumbers" if change.kind is ChangeKind.RENUMBER else "deletes"
                for cited, source in graph.citing_within(change.unit_uid):  # its paragraphs too
                    [unit_id] = graph.unit_ids([source])
                    if _within(unit_id, gone):
                        continue
                    whose = "" if cited == change.unit_id else f", inside {change.unit_id}"
                    others = [m for m in touched_by.get(source, ("", "", []))[2] if m != mod.id]
                    also = f"; {unit_id} is also changed by {', '.join(others)}" if others else ""
                    found.append({"kind": "reference into a moved or deleted unit", "unit": unit_id,
                                  "message": f"{unit_id} refers to {cited}{whose}, which {mod.id} {verb}{also}"})
    return found


def _within(unit_id: str, gone: set[str]) -> bool:
    """Whether ``unit_id`` is one of the units ``gone`` or inside one (no finding on what a
    modification deletes itself)."""
    return unit_id in gone or any(above in gone for above in id_ancestors(unit_id))


def _unresolved_line(item: Unresolved) -> str:
    """"l.12 D1.4: unresolved: instruction not read …" (the rules file's [[unresolved]] item)."""
    where = " ".join(x for x in (item.source, item.unit) if x)
    return f"{where or 'rules file'}: unresolved: {item.described()}"


def _not_applied_line(verdict: Verdict) -> str:
    """"#21 renumber D3.13: blocked: depends on SECMP0034, …"."""
    return f"#{verdict.instruction} {verdict.kind} {verdict.target}: {verdict.status}: {verdict.detail}"


def batch_markdown(report: BatchReport) -> str:
    """One row per modification, then the detail per instruction and the findings."""
    unresolved = _has_unresolved(report)
    columns = [*CLASSES, *(["unresolved"] if unresolved else [])]
    head = "| modification | " + " | ".join(columns) + " |"
    lines = [f"# Batch against {report.base}", "", "Counts when applied cumulatively (alone in brackets).", "",
             head, "|" + "---|" * (len(columns) + 1)]
    for r in report.reports:
        alone, cumulative = r.counts(r.alone), r.counts(r.cumulative)
        cells = [f"{cumulative[c]} ({alone[c]})" for c in CLASSES]
        cells += [str(len(r.modification.unresolved))] if unresolved else []
        lines.append(f"| {r.modification.id} | " + " | ".join(cells) + " |")
    for r in report.reports:
        lines += ["", f"## {r.modification.id}: {r.modification.title}", "",
                  "| # | instruction | alone | cumulative | detail |", "|---|---|---|---|---|"]
        for a, c in zip(r.alone, r.cumulative, strict=True):
            detail = (c.detail + (f" — {c.evidence}" if c.evidence else "")).replace("|", "\\|")
            lines.append(f"| {a.instruction} | {a.kind} {a.target} | {a.status} | {c.status} | {detail} |")
            if c.texts:
                for label in ("drafted", "base", "wanted"):
                    cell = c.texts[label].replace("|", "\\|")
                    lines.append(f"| | | | {label} | {cell} |")
        missing = r.not_applied_lines()
        lines += ["", f"Not applied ({len(missing)}):" if missing else "Not applied: none.", ""]
        lines += [f"- {line}" for line in missing]
    if report.findings:
        lines += ["", "## Consequential findings", ""] + [f"- {f['message']}" for f in report.findings]
    return "\n".join(lines) + "\n"


def _has_unresolved(report: BatchReport) -> bool:
    """Whether any modification's rules file leaves something unresolved: the summary tables
    then count those items, beside the instructions' classes."""
    return any(r.modification.unresolved for r in report.reports)


def _applies(verdicts: list[Verdict]) -> bool:
    """Whether a modification applied alone, at least in part (so its own outputs are written)."""
    return any(v.status in ("clean", "moved") for v in verdicts)


def batch_html(report: BatchReport) -> str:
    """The batch report as one self-contained HTML page (every text escaped): each modification
    linked to its redline, and no column that would be empty."""
    e = html.escape
    classes = [c for c in CLASSES if any(r.counts(r.cumulative)[c] or r.counts(r.alone)[c] for r in report.reports)]
    unresolved = _has_unresolved(report)
    rows = "".join(
        f"<tr><td><a href='#{e(r.modification.id)}'>{e(r.modification.id)}</a></td>"
        + "".join(f"<td>{r.counts(r.cumulative)[c]} ({r.counts(r.alone)[c]})</td>" for c in classes)
        + (f"<td>{len(r.modification.unresolved)}</td>" if unresolved else "")
        + (f"<td><a href='{e(r.modification.id)}/redline.html'>redline</a></td>" if _applies(r.alone)
           else "<td>none: nothing applied</td>") + "</tr>"
        for r in report.reports)
    sections = []
    for r in report.reports:
        pairs = list(zip(r.alone, r.cumulative, strict=True))
        texts = any(c.texts for _, c in pairs)
        details = any(c.detail or c.evidence for _, c in pairs)
        items = []
        for a, c in pairs:
            cells = "".join(f"<td class='t'>{e(c.texts[k])}</td>" for k in ("drafted", "base", "wanted")) \
                if c.texts else "<td colspan='3'></td>"
            items.append(f"<tr class='{e(c.status)}'><td>{a.instruction}</td><td>{e(a.kind)} {e(a.target)}</td>"
                         f"<td>{e(a.status)}</td><td>{e(c.status)}</td>"
                         + (f"<td>{e(c.detail)} {e(c.evidence)}</td>" if details else "")
                         + (cells if texts else "") + "</tr>")
        head = "<tr><th>#</th><th>instruction</th><th>alone</th><th>cumulative</th>" + (
            "<th>detail</th>" if details else "") + (
            "<th>as drafted against</th><th>as now in the base</th><th>as the modification wants it</th>"
            if texts else "") + "</tr>"
        link = f" <a href='{e(r.modification.id)}/redline.html'>redline</a>" if _applies(r.alone) else ""
        lines = r.not_applied_lines()
        missing = "".join(f"<li>{e(line)}</li>" for line in lines)
        not_applied = (f"<p>Not applied ({len(lines)}):</p><ul class='not-applied'>{missing}</ul>"
                       if missing else "<p>Not applied: none.</p>")
        sections.append(f"<h2 id='{e(r.modification.id)}'>{e(r.modification.id)}: {e(r.modification.title)}</h2>"
                        f"<p>{link}</p><table>{head}{''.join(items)}</table>{not_applied}")
    findings = "".join(f"<li>{e(f['message'])}</li>" for f in report.findings)
    style = ("body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px;"
             "vertical-align:top}.conflict,.blocked{background:#fde}.moved{background:#eef}.obsolete{color:#777}"
             ".t{font-size:90%;max-width:25em}")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Batch against {e(report.base)}</title>"
            f"<style>{style}</style></head><body><h1>Batch against {e(report.base)}</h1>"
            "<p>Counts when applied cumulatively (alone in brackets).</p>"
            "<table><tr><th>modification</th>" + "".join(f"<th>{c}</th>" for c in classes)
            + ("<th>unresolved</th>" if unresolved else "")
            + f"<th>redline</th></tr>{rows}</table>" + "".join(sections)
            + (f"<h2>Consequential findings</h2><ul>{findings}</ul>" if findings else "") + "</body></html>\n")


def batch_command(base_dir: str, rules: tuple[str, ...], out_dir: str, jobs: int | None) -> int:
    """Run, write every output, print the summary; return the exit code."""
    out = Path(out_dir)
    with staged_output(out) as stage:  # built beside OUT, then swapped in whole
        report, outputs = run_batch(base_dir, rules, stage, jobs or os.cpu_count() or 1)
        write_all(outputs)
    for r in report.reports:
        counts = r.counts(r.cumulative)
        click.echo(f"{r.modification.id}: " + ", ".join(f"{n} {c}" for c, n in counts.items() if n))
    click.echo(f"wrote {out}/batch.json, batch.md, batch.html")
    return report.exit_code
