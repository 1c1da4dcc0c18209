"""The ``redline`` command line (click).

Every command turns bad input into one line on stderr naming the file, line or clause, and
exit code 2; commands that find problems exit 1.
"""

from __future__ import annotations

import atexit
import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from redline.models import ReadReport, RedlineError, Unit
from redline.progress import set_quiet
from redline.read import read_version
from redline.support.gc import freeze_passes


def fails_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Report RedlineError as one line and exit 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RedlineError as exc:
            click.echo(f"redline: error: {exc}", err=True)
            sys.exit(2)

    return wrapper


def unit_record(unit: Unit) -> dict[str, Any]:
    """The JSON shape of one unit."""
    parent = unit.parent
    return {
        "id": unit.id,
        "uid": unit.uid,
        "kind": unit.kind.value,
        "label": unit.label,
        "heading": unit.heading or None,
        "text": unit.text,
        "tail": unit.tail or None,
        "parent": parent.id if parent is not None and parent.id else None,
        "source": str(unit.position) if unit.position else None,
    }


#: How many dropped lines of page furniture the reading report names one by one.
_DROPPED_SHOWN = 10


def report_to_stderr(rep: ReadReport) -> None:
    """Print a reading report (repairs, findings, dropped furniture) to stderr."""
    for repair in rep.repairs:
        click.echo(f"repair: {repair.position}: {repair.original!r} -> {repair.repaired!r} "
                   f"({repair.reason})", err=True)
    for finding in rep.findings:
        click.echo(f"warning: {finding.position}: {finding.message}", err=True)
    furniture = [(pos, text) for pos, text in rep.dropped if not text.startswith("#")]  # not metadata comments
    if furniture:
        shown = "; ".join(f"{pos}: {text[:60]!r}" for pos, text in furniture[:_DROPPED_SHOWN])
        more = f"; and {len(furniture) - _DROPPED_SHOWN} more" if len(furniture) > _DROPPED_SHOWN else ""
        click.echo(f"note: {len(furniture)} line(s) of page furniture dropped: {shown}{more}", err=True)
    if rep.comments:
        click.echo(f"note: {len(rep.comments)} margin balloon line(s) kept apart as comments",
                   err=True)


def example(*lines: str) -> str:
    """A command's ``--help`` epilog: its example command lines, kept as written."""
    return "\b\nExample:\n" + "\n".join(f"  {line}" for line in lines)


@click.group(epilog=example("redline apply rules/SECMP0049.toml --out out/SECMP0049",
                            "redline site corpus/sec-5.18 --changes out/SECMP0049 --out out/site"))
@click.version_option(package_name="redline")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars on stderr.")
def main(quiet: bool) -> None:
    """redline: redlines and consequential-impact checks for the Smart Energy Code."""
    set_quiet(quiet)
    import redline.read

    redline.read.on_read = _report_once()  # every command that reads a version warns as parse does


#: Commands that read one version and print: they may freeze what they read (see :func:`run`).
#: Others (apply, batch, site…) make and drop whole versions, which frozen would never be freed.
_READING_COMMANDS = frozenset({"parse", "xrefs", "terms", "impact", "check"})


def run() -> None:
    """The ``redline`` script: :func:`main`, then a cheap exit.

    A full-size Code is millions of objects: a reading command freezes what each whole-version
    pass leaves alive (:func:`redline.support.gc.freeze_passes`), and freeing them one by one
    as the interpreter shuts down would take a third of a second.  Output is flushed and exit
    handlers run first, then the process ends with ``main``'s exit code.
    """
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    if command in _READING_COMMANDS:
        freeze_passes()
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    sys.stdout.flush()
    sys.stderr.flush()
    atexit._run_exitfuncs()
    os._exit(code)


def _report_once() -> Callable[[ReadReport, tuple[Any, ...]], None]:
    """A reading-report printer that prints each set of files' report once per command."""
    seen: set[tuple[Any, ...]] = set()

    def report(rep: ReadReport, files: tuple[Any, ...]) -> None:
        if files not in seen:
            seen.add(files)
            report_to_stderr(rep)

    return report


@main.command(epilog=example("redline parse corpus/sec-5.18 --format json"))
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@fails_cleanly
def parse(paths: tuple[str, ...], fmt: str) -> None:
    """Read SEC text, .docx or .pdf (files or version directories) into the clause tree."""
    version = read_version(paths)
    if fmt == "json":
        from redline.support import jsonfmt

        click.echo(jsonfmt.dumps([unit_record(u) for u in version.units()]))
        return
    for unit in version.root.children:
        _echo_tree(unit, 0)


def _echo_tree(unit: Unit, depth: int) -> None:
    """Print a unit, its children indented, then its tail."""
    heading = f" [{unit.heading}]" if unit.heading else ""
    text = f" {unit.text}" if unit.text else ""
    click.echo(f"{'  ' * depth}{unit.id}{heading}{text}")
    for child in unit.children:
        _echo_tree(child, depth + 1)
    if unit.tail:
        click.echo(f"{'  ' * (depth + 1)}… {unit.tail}")


@main.command(epilog=example("redline apply rules/SECMP0049.toml --out out/SECMP0049",
                             "redline apply SECMP0049 --pdf --out out/SECMP0049"))
@click.argument("rules", nargs=-1, required=True)
@click.option("--base", "base_dir", help="Base version directory (default: the bundled corpus of the rules' baseline).")
@click.option("--out", "out_dir", default=None, help="Output directory (default: out/<MODIFICATION>).")
@click.option("--author", default=None, help="Revision author (default: the rules' author).")
@click.option("--date", default=None, help="Revision date, ISO 8601 (default: the rules' date).")
@click.option("--base-docx", default=None, help="Your own Word file of the Section: write the changes into a copy.")
@click.option("--pdf", is_flag=True, help="Also redline.pdf, printed by LibreOffice from redline.docx.")
@fails_cleanly
def apply(rules: tuple[str, ...], base_dir: str | None, out_dir: str | None, author: str | None,
          date: str | None, base_docx: str | None, pdf: bool) -> None:
    """Apply modifications' rules files to a base version; write the amended version, change log,
    affected list and redlines."""
    from pathlib import Path

    from redline.amend.run import apply_command, drafted_against, write_run
    from redline.emit.pdf import soffice

    run = apply_command(list(rules), base_dir)
    out = Path(out_dir or f"out/{'+'.join(m.id for m in run.modifications)}")
    if pdf and soffice() is None:
        click.echo("note: redline.pdf skipped: LibreOffice (soffice) is not installed", err=True)
        pdf = False
    written, elsewhere = write_run(run, out, author, date, Path(base_docx) if base_docx else None, pdf)
    for unit_id, why in elsewhere:
        click.echo(f"in place: {unit_id}: {why}; see redline.docx", err=True)
    for mod in run.modifications:
        if drafted := drafted_against(mod, run.base):
            click.echo(f"note: {mod.id}{drafted}, applied to {run.base.name}", err=True)
        for item in mod.unresolved:
            click.echo(f"unresolved: {mod.id}: {item.source or mod.file}: {item.problem}", err=True)
    for result in run.results:
        for change in result.not_applied:
            click.echo(f"not applied: {change.unit_id}: {change.reason} ({change.instruction})", err=True)
        for item in result.undecided:
            click.echo(f"undecided: {item.unit_id}: …{item.context}… ({item.instruction})", err=True)
    click.echo(f"{len(run.changes)} change(s); wrote {out}/amended/ and {len(written)} file(s) to {out}")


@main.command(epilog=example("redline emit corpus/sec-5.18 corpus/secmp0049-expected --out out/emit"))
@click.argument("base")
@click.argument("amended")
@click.option("--out", required=True, help="Directory for the outputs (replaced whole).")
@click.option("--author", default="redline", show_default=True, help="Author of every tracked change.")
@click.option("--date", default="", help="Date of every tracked change, YYYY-MM-DD[THH:MM:SSZ]; default today.")
@click.option("--modification", default="", help="Modification id, e.g. SECMP0049.")
@click.option("--title", default="", help="Modification title.")
@fails_cleanly
def emit(base: str, amended: str, out: str, author: str, date: str, modification: str, title: str) -> None:
    """Write redline.docx, legal-text.docx and redline.html for BASE → AMENDED (files or directories)."""
    from pathlib import Path

    from redline.emit import emit_all
    from redline.emit.meta import EmitMeta
    from redline.emit.pairs import changed_uids, direct_changes, moved_uids, pair_versions

    before, after = read_version([base]), read_version([amended])
    meta = EmitMeta(author=author, date=date, modification=modification, title=title)
    moved = moved_uids(before, after)  # the units that changed paired, not the whole Code
    affected = direct_changes(pair_versions(before, after, changed_uids(before, after, moved), moved))
    for path in emit_all(before, after, affected, meta, Path(out)):
        click.echo(str(path))


@main.command(epilog=example("redline synth --scale 0.125 --out out/synth"))
@click.option("--scale", default=1.0, show_default=True, type=float,
              help="Size relative to the full SEC (0.25 is a quarter).")
@click.option("--seed", default=0, show_default=True, type=int, help="Same seed, same bytes.")
@click.option("--out", "out_dir", required=True, help="Directory for one .txt per Section or Appendix.")
@click.option("--docx", is_flag=True, help="Also write each file as .docx into OUT/docx/ (slow).")
@fails_cleanly
def synth(scale: float, seed: int, out_dir: str, docx: bool) -> None:
    """Generate a synthetic, obviously fake, full-size SEC for tests and benchmarks."""
    from pathlib import Path

    from redline.tools.synth import generate, write_corpus

    corpus = generate(scale, seed)
    written = write_corpus(corpus, Path(out_dir), docx)
    click.echo(f"wrote {len(written)} file(s) to {out_dir}: {corpus.word_count():,} words, "
               f"{corpus.plan.clause_count:,} clauses, {corpus.plan.definition_count:,} definitions, "
               f"{corpus.reference_count:,} cross-references")


@main.command(epilog=example("redline batch --base corpus/sec-5.18 rules/SECMP0049.toml --out out/batch"))
@click.option("--base", "base_dir", required=True, help="The newly designated version (directory or files).")
@click.argument("rules", nargs=-1, required=True)
@click.option("--out", "out_dir", default="out/batch", show_default=True)
@click.option("--jobs", type=int, default=None, help="Worker processes (default: the number of cores).")
@fails_cleanly
def batch(base_dir: str, rules: tuple[str, ...], out_dir: str, jobs: int | None) -> None:
    """Re-apply every pending modification to a new base; classify each instruction."""
    from redline.batch.run import batch_command

    if jobs is not None and jobs < 1:
        raise RedlineError(f"--jobs {jobs}: must be at least 1")
    sys.exit(batch_command(base_dir, rules, out_dir, jobs))


@main.command(epilog=example("redline instructions corpus/seeds/secmp0049-draft-legal-text.txt -o SECMP0049.toml"))
@click.argument("doc")
@click.option("--base", "base_dir", default=None, help="Base version directory (default: the bundled SEC 5.18).")
@click.option("-o", "--out", "out_file", default=None, help="Rules file to write (default: stdout).")
@fails_cleanly
def instructions(doc: str, base_dir: str | None, out_file: str | None) -> None:
    """Read draft legal text (.txt, .docx with tracked changes, or a redlined .pdf) and write its rules file."""
    from redline.instructions import instructions_command
    from redline.instructions.to_rules import describe

    draft, text = instructions_command(doc, base_dir, out_file)
    for issue in draft.issues:
        click.echo(describe(issue), err=True)
    if out_file is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"{len(draft.instructions)} instruction(s) from {len(draft.headings)} instruction line(s); "
                   f"wrote {out_file}", err=True)
    if any(issue.severity == "unresolved" for issue in draft.issues):
        sys.exit(1)


_TABLE_FORMATS = click.Choice(["json", "csv"])


@main.command(epilog=example("redline xrefs corpus/sec-5.18 --format csv"))
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=_TABLE_FORMATS, default="json", show_default=True)
@click.option("--with-code", is_flag=True, help='Also list each "this Code" (kind this_code).')
@fails_cleanly
def xrefs(paths: tuple[str, ...], fmt: str, with_code: bool) -> None:
    """List every cross-reference with its resolved targets and status ("this Code", which
    names no unit, only with --with-code)."""
    from redline.records import XREF_COLUMNS, render, xref_rows
    from redline.refs import read_references, without_code

    found = read_references(paths)
    click.echo(render(xref_rows(found if with_code else without_code(found)), fmt, XREF_COLUMNS))


@main.command(epilog=example("redline terms corpus/sec-5.18 --format csv"))
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=_TABLE_FORMATS, default="json", show_default=True)
@fails_cleanly
def terms(paths: tuple[str, ...], fmt: str) -> None:
    """List every defined term: where it is defined and where it is used."""
    from redline.graph import read_analysis
    from redline.records import TERM_COLUMNS, render, term_rows

    version, _, defined, uses, _ = read_analysis(paths)
    click.echo(render(term_rows(version, defined, uses), fmt, TERM_COLUMNS))


@main.command(epilog=example("redline impact corpus/sec-5.18 --clause D1.3 --format md",
                             "redline impact corpus/sec-5.18 --term \"Modification Proposal\""))
@click.argument("paths", nargs=-1, required=True)
@click.option("--clause", "clause", help="A clause (or any unit) id, e.g. D1.3.")
@click.option("--term", "term", help="A defined term, e.g. \"Modification Proposal\".")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "md"]), default="json",
              show_default=True)
@fails_cleanly
def impact(paths: tuple[str, ...], clause: str | None, term: str | None, fmt: str) -> None:
    """List the units a change to a clause or a defined term reaches, direct ones first."""
    from redline.amend.affected import AFFECTED_COLUMNS, affected_records
    from redline.graph import read_analysis
    from redline.records import render

    if (clause is None) == (term is None):
        raise RedlineError("give exactly one of --clause ID or --term TEXT")
    *_, graph = read_analysis(paths)
    affected = graph.impact_of_clause(clause) if clause else graph.impact_of_term(term or "")
    click.echo(render(affected_records(affected), fmt, AFFECTED_COLUMNS))


@main.command("check", epilog=example("redline check corpus/sec-5.18 --format csv"))
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=_TABLE_FORMATS, default="json", show_default=True)
@fails_cleanly
def check_command(paths: tuple[str, ...], fmt: str) -> None:
    """Report unresolved references, stale quoted headings, unused or undefined terms and
    self-references; exit 1 when there are findings."""
    from redline.check import check
    from redline.graph import read_analysis
    from redline.records import FINDING_COLUMNS, finding_rows, render

    version, resolutions, defined, uses, _ = read_analysis(paths)
    findings = check(version, resolutions, defined, uses)
    click.echo(render(finding_rows(findings), fmt, FINDING_COLUMNS))
    if findings:
        sys.exit(1)


@main.command(epilog=example("redline site corpus/sec-5.18 --out out/site",
                             "redline site corpus/sec-5.18 --changes out/SECMP0049 --out out/site-SECMP0049"))
@click.argument("version", nargs=-1, required=True)
@click.option("--changes", "changes_dir", default=None, type=click.Path(file_okay=False),
              help="An 'apply' output folder: show its changes, affected units and what was not applied.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Directory for the site.")
@fails_cleanly
def site(version: tuple[str, ...], changes_dir: str | None, out_dir: str) -> None:
    """Write a static, offline, hyperlinked and searchable edition of VERSION (files or a directory)."""
    from pathlib import Path

    from redline.progress import progress
    from redline.site import build_site
    from redline.write import write_tree

    base = read_version(version)
    pages = build_site(base, Path(changes_dir) if changes_dir else None, lambda items: progress(items, "pages"))
    out = Path(out_dir)
    write_tree(out, {out / name: text for name, text in pages.items()})  # the whole folder, or nothing
    click.echo(f"wrote {len(pages)} file(s) to {out}; open {out / 'index.html'}")


if __name__ == "__main__":  # python3 -m redline.cli … (it had printed nothing)
    run()
