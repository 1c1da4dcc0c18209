"""``redline site``: a static, offline edition of a version, hyperlinked and searchable.

One page per Section and Appendix, an index with the contents, every cross-reference a link to
its target and every defined term's use a link to its definition, "Cited by" on every unit cited,
and a search box over ``search-index.js``.  With an ``apply`` output folder, the amended version
is shown with its insertions and deletions inline, the consequentially affected units
highlighted with their reasons, and a summary with the "Not applied" list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib.resources import files
from pathlib import Path

from redline.emit.pairs import pair_versions
from redline.graph import analyse
from redline.models import Version
from redline.site.changes import ChangeSet, read_changes
from redline.site.links import Links, page_name
from redline.site.pages import PageWriter, search_index

#: The stylesheet and script every page loads, shipped as package data.
ASSETS = ("site.css", "site.js")


def site_files(version: Version, changes: ChangeSet | None = None,
               progress: Callable[[Iterable], Iterable] = lambda items: items) -> dict[str, str]:
    """File name → text for the whole site (nothing written)."""
    shown = changes.amended if changes else version
    links = Links.of(shown, *analyse(shown))
    root = pair_versions(version, shown)
    writer = PageWriter(links, changes)
    title = version.name + (f" with {', '.join(changes.modifications)}" if changes else "")
    out = {"index.html": writer.index(root, title), "search-index.js": search_index(links, root)}
    for top in progress(root.children):
        out[page_name(top.unit)] = writer.page(top)
    for name in ASSETS:
        out[name] = files("redline.site").joinpath("assets", name).read_text(encoding="utf-8")
    return out


def build_site(version: Version, changes_dir: Path | None = None,
               progress: Callable[[Iterable], Iterable] = lambda items: items) -> dict[str, str]:
    """The site of ``version``, with the changes of an ``apply`` output folder when given."""
    changes = read_changes(changes_dir, version) if changes_dir else None
    return site_files(version, changes, progress)
