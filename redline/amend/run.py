"""`redline apply`: rules files + a base version → amended version, change log, affected list, redlines.

Everything is computed in memory first; files are written only when every instruction applied.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from redline.amend.affected import AFFECTED_COLUMNS, affected_records, affected_units
from redline.amend.engine import ApplyError, ApplyResult, apply_modification
from redline.amend.rules import load_rules
from redline.bundled import corpus_dir
from redline.emit.meta import EmitMeta
from redline.emit.summary import NotApplied, Summary
from redline.graph import ClauseGraph, read_graph
from redline.models import Affected, Change, ChangeKind, Instruction, Modification, RedlineError, Unresolved, Version
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


def load_modifications(rules: Sequence[str | Path]) -> list[Modification]:
    """The rules files read and ordered (:func:`order_modifications`); a modification given twice,
    by one file or two, is refused (one file given twice was applied once, unsaid)."""
    loaded = [load_rules(p) for p in rules]
    seen: dict[str, Modification] = {}
    for mod in loaded:
        if (first := seen.setdefault(mod.id, mod)) is not mod:
            raise RedlineError(f"{mod.file}: {mod.id} is given twice (also {first.file}): give each modification once")
    return order_modifications(loaded)


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


def apply_rules(rules: list[str | Path], base: Version, graph: ClauseGraph | None = None) -> ApplyRun:
    """Load, order and apply rules files to ``base`` cumulatively (``graph``: the base's clause
    graph, when the caller has it)."""
    mods = load_modifications(rules)
    run = ApplyRun(base, mods, base_graph=graph or ClauseGraph.build(base))
    version = base
    for mod in progress(mods, "applying"):
        try:
            result = apply_modification(version, mod, graph=run.base_graph, earlier=run.changes)
        except ApplyError as exc:
            raise _conflict(exc, run) from exc
        run.results.append(result)
        version = result.version
    return run


def _conflict(error: ApplyError, run: ApplyRun) -> ApplyError:
    """``error``, saying so when the unit its instruction names was changed by a modification
    applied before it in this run: the two conflict."""
    before = [m.id for m, r in zip(run.modifications, run.results, strict=False)
              if any(_touches(c, error.target) for c in r.changes)]
    if not error.target or not before:
        return error
    return ApplyError(f"{error}; {error.target} was changed by {' and '.join(before)}, applied before it in this "
                      "run: the modifications conflict there (`redline batch` classifies each against the other)",
                      error.target)


def _touches(change: Change, target: str) -> bool:
    """Whether ``change`` was made to ``target``, to a unit below it, or to one holding it (a
    deletion of G7.20 touches G7.20(a)), under the unit's id now or, renumbered or moved, before."""
    ids = {change.unit_id}
    if change.kind is ChangeKind.RENUMBER and change.after and change.unit_id.endswith(change.after):
        ids.add(change.unit_id[:len(change.unit_id) - len(change.after)] + change.before)
    elif change.kind is ChangeKind.MOVE:
        ids.add(change.before)
    return any(i and (i == target or target.startswith((f"{i}(", f"{i}:")) or i.startswith(f"{target}("))
               for i in ids)


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


def _drafted_change(instruction: Instruction) -> str:
    """"; drafted: replace “x” with “y”": the words of an instruction not applied, so no output
    loses them (a blocked renumbering says its new number in its drafter's line already)."""
    params = instruction.params
    parts = [f"replace “{pair.get('find', '')}” with “{pair.get('with', '')}”" for pair in params.get("replace", [])
             if isinstance(pair, dict)]
    parts += [f"{name} “{' '.join(str(params[name]).split())}”" for name in ("heading", "text") if params.get(name)]
    return f"; drafted: {'; '.join(parts)}" if parts else ""


def unresolved_not_applied(mod: Modification, item: Unresolved) -> NotApplied:
    """What the rules file leaves to a drafter (``[[unresolved]]``), citing where it was drafted;
    under the modification's id when it names no unit."""
    source = f"{mod.id}, {mod.file}" + (f": {item.source}" if item.source else "")
    return NotApplied("unresolved", item.unit or mod.id, item.described(), source)


def not_applied(run: ApplyRun, in_place: Sequence[tuple[str, str]] = ()) -> list[NotApplied]:
    """Everything the outputs do not carry: what the rules leave to a drafter, external redrafts,
    blocked instructions, undecided occurrences, and what in-place mode leaves to redline.docx
    (``in_place``: unit, why)."""
    items: list[NotApplied] = []
    for mod, result in zip(run.modifications, run.results, strict=True):
        items.extend(unresolved_not_applied(mod, item) for item in mod.unresolved)
        by_index = {i.index: i for i in mod.instructions}
        for change in result.not_applied:
            instruction = by_index[int(change.instruction.rsplit("#", 1)[1])]
            if instruction.kind == "replace_section":
                reason = change.reason.removeprefix("external redraft, not applied: ")
                items.append(instruction_not_applied(mod, instruction, "external redraft", change.unit_id, reason))
            else:
                reason = change.reason.removeprefix("blocked: ") + _drafted_change(instruction)
                items.append(instruction_not_applied(mod, instruction, "blocked", change.unit_id, reason))
        items.extend(NotApplied("undecided", u.unit_id, f"no context rule decides “…{u.context}…”; left unchanged",
                                f"{u.instruction}, {mod.file}") for u in result.undecided)
    items.extend(NotApplied("in place", unit_id, f"{why}: in redline.docx, not in the in-place copy")
                 for unit_id, why in in_place)
    return items


def drafted_against(mod: Modification, base: Version) -> str:
    """" (drafted against SEC 4.15)" when the base is not the version the modification was drafted
    against, so no output hides that its instructions meet another text; else ""."""
    return "" if base.name.removeprefix("sec-") == mod.baseline else f" (drafted against SEC {mod.baseline})"


def run_summary(run: ApplyRun, affected: list[Affected], in_place: Sequence[tuple[str, str]] = (),
                extra: Sequence[NotApplied] = ()) -> Summary:
    """The summary every output of the run opens with (``extra``: what a caller knows was not applied)."""
    changes = [c for c in run.changes if c.kind is not ChangeKind.NOT_APPLIED]
    heading = " + ".join(m.id + drafted_against(m, run.base) + (f" ‘{m.title}’" if m.title else "")
                         for m in run.modifications)
    counts = {"direct edits": sum(1 for c in changes if not c.consequential),
              "consequential edits": sum(1 for c in changes if c.consequential), "affected units": len(affected)}
    return Summary(heading, run.base.name, run.amended.name, counts, [*not_applied(run, in_place), *extra])


def emit_meta(run: ApplyRun, author: str | None, date: str | None) -> EmitMeta:
    """The revisions' author and date (given, else the last modification's) and the run's name; a
    title only for one modification (the last one's would name them all)."""
    last = run.modifications[-1]
    return EmitMeta(author=author or last.author or "redline", date=date or last.date or "",
                    modification="+".join(m.id for m in run.modifications),
                    title=last.title if len(run.modifications) == 1 else "")


def outputs_for(run: ApplyRun, out: Path, author: str | None = None, date: str | None = None,
                in_place: Sequence[tuple[str, str]] = (), extra: Sequence[NotApplied] = ()) -> dict[Path, bytes | str]:
    """Every output file of an apply run, as bytes or text keyed by path (nothing written); ``in_place``
    lists what an in-place copy leaves to redline.docx (unit, why), ``extra`` anything else not applied."""
    from redline.emit.render import render_all

    ids = "+".join(m.id for m in run.modifications)
    outputs: dict[Path, bytes | str] = {}
    affected = run.affected()
    meta = emit_meta(run, author, date)
    summary = run_summary(run, affected, in_place, extra)
    if len(run.modifications) > 1:  # one redline of them all: say whose each revision is not
        summary = dataclasses.replace(summary, revisions=(
            f"the changes of {', '.join(m.id for m in run.modifications)} are shown together, every revision "
            f"marked as by {meta.author} on {meta.date[:10]}; apply each alone for a redline per modification"))
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
    outputs[out / "affected.json"] = to_json({"affected": affected_records(affected, identities=True),
                                              "not_applied": missing})
    rows = records + [{"unit": i.unit, "direct": None, "reasons": [f"NOT APPLIED ({i.kind}): {i.reason}", i.source]}
                      for i in summary.not_applied]
    outputs[out / "affected.csv"] = render(rows, "csv", AFFECTED_COLUMNS) + "\n"
    outputs[out / "affected.md"] = (f"# Affected clauses: {ids}\n\n{render(records, 'md', AFFECTED_COLUMNS)}\n\n"
                                    + "\n".join(["## Not applied", "", *(f"- {i.line()}" for i in summary.not_applied)]
                                                 if summary.not_applied else ["Not applied: none."]) + "\n")
    for name, data in render_all(run.base, run.amended, affected, meta, summary).items():
        outputs[out / name] = data
    return outputs


def with_file(base: Version, document: Version) -> Version:
    """``base`` with each Section or Appendix that ``document`` holds replaced by the file's."""
    merged = base.clone()
    theirs = {unit.id: unit for unit in document.root.children}
    children = [theirs.pop(unit.id).copy_tree(merged.root) if unit.id in theirs else unit
                for unit in merged.root.children]
    children.extend(unit.copy_tree(merged.root) for unit in theirs.values())
    merged.root.children = children
    return merged


def in_place(run: ApplyRun, base_docx: Path, meta: EmitMeta) -> tuple[bytes, list[tuple[str, str]]]:
    """The user's Word file with the run's changes tracked in place, and (unit, why) for each
    change not written there.

    The instructions are matched against the file's own text as ``parse`` reads it (other
    authors' pending insertions in, their deletions out): the rules are applied again to the
    base with the file's Sections in place of the base's.  The file written is read back with
    every change accepted, and each unit that does not read as amended is reported.
    """
    from redline.emit.docx_inplace import revised_docx
    from redline.emit.inplace_plan import plan_edits

    document = read_version([base_docx])
    rerun = apply_rules([m.file for m in run.modifications], with_file(run.base, document))
    plan = plan_edits(document, rerun.amended)
    data, missed = revised_docx(base_docx, plan, meta)
    return data, plan.elsewhere + missed + _unlike(data, base_docx, document, rerun.amended)


def _unlike(data: bytes, base_docx: Path, document: Version, amended: Version) -> list[tuple[str, str]]:
    """(unit, why) for each unit of the file's Sections that, once every change is accepted, does
    not read as in ``amended`` (id, heading, text and tail; automatic numbering computed)."""
    import tempfile

    from redline.read import reread

    with tempfile.TemporaryDirectory() as tmp:
        written = Path(tmp) / base_docx.name
        written.write_bytes(data)
        accepted = reread(written)
    sections = {u.id for u in document.root.children}
    wanted = [(unit_id, unit) for section in amended.root.children if section.id in sections
              for unit, unit_id in section.walk_ids()]
    found = accepted.index()
    lines = []
    for unit_id, unit in wanted:
        got = found.get(unit_id)
        if got is None or (got.heading, got.text, got.tail) != (unit.heading, unit.text, unit.tail):
            reads = "is not there" if got is None else f"reads {got.full_text()[:60]!r}"
            lines.append((unit_id, f"once accepted, the file's copy {reads}"))
    return lines


def write_run(run: ApplyRun, out: Path, author: str | None = None, date: str | None = None,
              base_docx: Path | None = None, pdf: bool = False) -> tuple[list[Path], list[tuple[str, str]]]:
    """Compute every output, then write them all (amended/ version included) as the whole of ``out``.

    With ``base_docx`` (the user's own Word file of a Section), its copy with the changes
    tracked in place is written too; with ``pdf``, ``redline.pdf`` printed by LibreOffice.
    Returns the paths written and (unit, why) for each change not written in place (they are in
    redline.docx).
    """
    ids = "+".join(m.id for m in run.modifications)
    elsewhere: list[tuple[str, str]] = []
    copy: dict[Path, bytes | str] = {}
    if base_docx is not None:
        from redline.emit.package import fixed_zip

        meta = emit_meta(run, author, date)
        data, elsewhere = in_place(run, base_docx, meta)
        if missing := not_applied(run, elsewhere):  # said in the copy itself, as in every output
            from redline.emit.docx_inplace import with_comment

            data = with_comment(data, [f"Not applied by redline ({len(missing)}), as every output of this run "
                                       "lists it:", *(f"– {item.line()}" for item in missing)], meta)
        copy[out / f"{base_docx.stem}-{ids}.docx"] = fixed_zip(data, meta.date)
    outputs = {**outputs_for(run, out, author, date, elsewhere), **copy}
    if pdf:
        from redline.emit.pdf import fixed_pdf, print_pdf

        docx = outputs[out / "redline.docx"]
        assert isinstance(docx, bytes)
        when = emit_meta(run, author, date).date
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
    base, graph = read_graph([base_dir])  # the graph too, from the cache when there
    return apply_rules(list(rules), base, graph)
