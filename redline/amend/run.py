"""`redline apply`: rules files + a base version → amended version, change log, affected list, redlines.

Everything is computed in memory first; files are written only when every instruction applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from redline.amend.affected import AFFECTED_COLUMNS, affected_records, affected_units
from redline.amend.engine import ApplyResult, apply_modification
from redline.amend.rules import load_rules
from redline.bundled import corpus_dir
from redline.emit.summary import NotApplied, Summary
from redline.graph import ClauseGraph
from redline.models import Affected, Change, ChangeKind, Instruction, Modification, RedlineError, Version
from redline.progress import progress
from redline.read import read_version
from redline.records import render
from redline.write import to_json, version_outputs, write_tree


def bundled_base(baseline: str) -> Path:
    """The corpus directory for an SEC version ("5.18" → corpus/sec-5.18): the working directory's
    own ``corpus/`` first, then the one bundled with the package."""
    for candidate in (Path.cwd() / "corpus" / f"sec-{baseline}", corpus_dir(baseline)):
        if candidate.is_dir():
            return candidate
    raise RedlineError(f"no bundled corpus for SEC {baseline} (looked for corpus/sec-{baseline}); pass --base DIR")


def order_modifications(mods: list[Modification]) -> list[Modification]:
    """Order by depends_on (a dependency first), then implementation date, then id."""
    by_id = {m.id: m for m in mods}
    ordered: list[Modification] = []
    visiting: set[str] = set()

    def visit(mod: Modification) -> None:
        if mod in ordered:
            return
        if mod.id in visiting:
            raise RedlineError(f"{mod.file}: circular depends_on through {mod.id}")
        visiting.add(mod.id)
        for dep in mod.depends_on:
            if dep in by_id:
                visit(by_id[dep])
        visiting.discard(mod.id)
        ordered.append(mod)

    for mod in sorted(mods, key=lambda m: (m.implementation_date or "9999", m.id)):
        visit(mod)
    return ordered


@dataclass
class ApplyRun:
    """The result of applying one or more modifications in order."""

    base: Version
    modifications: list[Modification]
    results: list[ApplyResult] = field(default_factory=list)
    base_graph: ClauseGraph | None = None  # the base's clause graph, built once per run

    @property
    def amended(self) -> Version:
        return self.results[-1].version if self.results else self.base

    @property
    def changes(self) -> list[Change]:
        return [c for r in self.results for c in r.changes]

    def affected(self) -> list[Affected]:
        return affected_units(self.base, self.amended, self.changes, self.base_graph)


def apply_rules(rules: list[str | Path], base: Version) -> ApplyRun:
    """Load, order and apply rules files to ``base`` cumulatively."""
    mods = order_modifications([load_rules(p) for p in rules])
    run = ApplyRun(base, mods, base_graph=ClauseGraph.build(base))
    version = base
    for mod in progress(mods, "applying"):
        result = apply_modification(version, mod, graph=run.base_graph)
        run.results.append(result)
        version = result.version
    return run


def change_record(change: Change) -> dict[str, object]:
    """The JSON shape of one change-log entry."""
    return {"unit": change.unit_id, "uid": change.unit_uid, "kind": change.kind.value, "field": change.field,
            "before": change.before, "after": change.after, "reason": change.reason,
            "instruction": change.instruction, "consequential": change.consequential}


def instruction_not_applied(mod: Modification, instruction: Instruction, kind: str, unit: str,
                            reason: str) -> NotApplied:
    """One instruction not applied, citing where it was drafted, with the line a drafter writes for it."""
    source = f"{mod.id}#{instruction.index}, {mod.file}" + (f": {instruction.source}" if instruction.source else "")
    line = ""
    if instruction.kind == "replace_section":
        line = f"Please see the full Section {unit} redlining provided in a separate attachment"
    elif instruction.kind == "renumber" and kind == "blocked":
        waits = " and ".join(instruction.requires or mod.depends_on)
        line = f"New Section {unit} introduced by {waits} will be renumbered as Section {instruction.params['to']}"
    return NotApplied(kind, unit, reason, source, line)


def not_applied(run: ApplyRun, in_place: Sequence[str] = ()) -> list[NotApplied]:
    """Everything the outputs do not carry: external redrafts, blocked instructions, undecided
    occurrences, and the units in-place mode leaves to redline.docx (``in_place``)."""
    items: list[NotApplied] = []
    for mod, result in zip(run.modifications, run.results, strict=True):
        by_index = {i.index: i for i in mod.instructions}
        for change in result.not_applied:
            instruction = by_index[int(change.instruction.rsplit("#", 1)[1])]
            if instruction.kind == "replace_section":
                reason = change.reason.removeprefix("external redraft, not applied: ")
                items.append(instruction_not_applied(mod, instruction, "external redraft", change.unit_id, reason))
            else:
                reason = change.reason.removeprefix("blocked: ")
                items.append(instruction_not_applied(mod, instruction, "blocked", change.unit_id, reason))
        items.extend(NotApplied("undecided", u.unit_id, f"no context rule decides “…{u.context}…”; left unchanged",
                                f"{u.instruction}, {mod.file}") for u in result.undecided)
    items.extend(NotApplied("in place", unit_id, "inserted, deleted or renumbered: in redline.docx, not in the "
                            "in-place copy") for unit_id in in_place)
    return items


def run_summary(run: ApplyRun, affected: list[Affected], in_place: Sequence[str] = (),
                extra: Sequence[NotApplied] = ()) -> Summary:
    """The summary every output of the run opens with (``extra``: what a caller knows was not applied)."""
    changes = [c for c in run.changes if c.kind is not ChangeKind.NOT_APPLIED]
    last = run.modifications[-1]
    heading = " + ".join(m.id for m in run.modifications) + (f" ‘{last.title}’" if last.title else "")
    counts = {"direct edits": sum(1 for c in changes if not c.consequential),
              "consequential edits": sum(1 for c in changes if c.consequential), "affected units": len(affected)}
    return Summary(heading, run.base.name, run.amended.name, counts, [*not_applied(run, in_place), *extra])


def outputs_for(run: ApplyRun, out: Path, author: str | None = None, date: str | None = None,
                in_place: Sequence[str] = (), extra: Sequence[NotApplied] = ()) -> dict[Path, bytes | str]:
    """Every output file of an apply run, as bytes or text keyed by path (nothing written); ``in_place``
    lists the units an in-place copy leaves to redline.docx, ``extra`` anything else not applied."""
    from redline.emit.meta import EmitMeta
    from redline.emit.render import render_all

    last = run.modifications[-1]
    ids = "+".join(m.id for m in run.modifications)
    outputs: dict[Path, bytes | str] = {}
    affected = run.affected()
    summary = run_summary(run, affected, in_place, extra)
    log = {
        "base": run.base.name,
        "modifications": [{"id": m.id, "title": m.title, "rules": m.file} for m in run.modifications],
        "changes": [change_record(c) for c in run.changes],
        "undecided": [{"unit": u.unit_id, "context": u.context, "instruction": u.instruction}
                      for r in run.results for u in r.undecided],
    }
    outputs[out / "changes.json"] = to_json(log)
    records = affected_records(affected)
    missing = [i.record() for i in summary.not_applied]
    outputs[out / "affected.json"] = to_json({"affected": records, "not_applied": missing})
    rows = records + [{"unit": i.unit, "direct": None, "reasons": [f"NOT APPLIED ({i.kind}): {i.reason}", i.source]}
                      for i in summary.not_applied]
    outputs[out / "affected.csv"] = render(rows, "csv", AFFECTED_COLUMNS) + "\n"
    outputs[out / "affected.md"] = (f"# Affected clauses: {ids}\n\n{render(records, 'md', AFFECTED_COLUMNS)}\n\n"
                                    + "\n".join(["## Not applied", "", *(f"- {i.line()}" for i in summary.not_applied)]
                                                 if summary.not_applied else ["Not applied: none."]) + "\n")
    meta = EmitMeta(author=author or last.author or "redline", date=date or last.date or "",
                    modification=ids, title=last.title)
    for name, data in render_all(run.base, run.amended, affected, meta, summary).items():
        outputs[out / name] = data
    return outputs


def write_run(run: ApplyRun, out: Path, author: str | None = None, date: str | None = None,
              base_docx: Path | None = None, pdf: bool = False) -> tuple[list[Path], list[str]]:
    """Compute every output, then write them all (amended/ version included) as the whole of ``out``.

    With ``base_docx`` (the user's own Word file of a Section), its copy with the changes
    tracked in place is written too; with ``pdf``, ``redline.pdf`` printed by LibreOffice.
    Returns the paths written and the ids of changes that a paragraph edit cannot carry (they
    are in redline.docx).
    """
    ids = "+".join(m.id for m in run.modifications)
    elsewhere: list[str] = []
    copy: dict[Path, bytes | str] = {}
    if base_docx is not None:
        from redline.emit.docx_inplace import revised_docx, unit_edits
        from redline.emit.meta import EmitMeta
        from redline.emit.package import fixed_zip

        last = run.modifications[-1]
        edits, elsewhere = unit_edits(read_version([base_docx]), run.base, run.amended)
        meta = EmitMeta(author=author or last.author or "redline", date=date or last.date or "",
                        modification=ids, title=last.title)
        copy[out / f"{base_docx.stem}-{ids}.docx"] = fixed_zip(revised_docx(base_docx, edits, meta), meta.date)
    outputs = {**outputs_for(run, out, author, date, elsewhere), **copy}
    if pdf:
        from redline.emit.meta import EmitMeta
        from redline.emit.pdf import fixed_pdf, print_pdf

        docx = outputs[out / "redline.docx"]
        assert isinstance(docx, bytes)
        when = EmitMeta(date=date or run.modifications[-1].date or "").date
        outputs[out / "redline.pdf"] = fixed_pdf(print_pdf(docx), when, docx)
    written = sorted(outputs)
    provenance = f"Generated by redline: {run.base.name} with {ids} applied; see the base's provenance."
    outputs.update(version_outputs(run.amended, out / "amended", provenance))
    write_tree(out, outputs)
    return written, elsewhere


def apply_command(rules: list[str], base_dir: str | None) -> ApplyRun:
    """Read the base (the rules' baseline corpus by default) and apply the rules."""
    if base_dir is None:
        base_dir = str(bundled_base(load_rules(rules[0]).baseline))
    return apply_rules(list(rules), read_version([base_dir]))
