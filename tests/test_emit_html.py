"""redline.html: self-contained, escaped, anchored, affected list linked."""

from __future__ import annotations

import re
from pathlib import Path

from emit_samples import AUTHOR, DATE, sample_pair
from lxml import etree

from redline.emit import html
from redline.emit.meta import EmitMeta
from redline.emit.pairs import direct_changes, pair_versions
from redline.models import Affected


def _page(tmp_path: Path) -> str:
    base, amended = sample_pair(tmp_path)
    affected = direct_changes(pair_versions(base, amended))
    affected.append(Affected("C3.1", ["refers to C3.2"]))
    return html.render(base, amended, affected, EmitMeta(author=AUTHOR, date=DATE))


def test_self_contained_and_escaped(tmp_path: Path) -> None:
    page = _page(tmp_path)
    assert "<script" not in page and "&lt;script&gt;" in page
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page)
    assert "<style>" in page and "<link" not in page


def test_ins_del_and_anchors(tmp_path: Path) -> None:
    page = _page(tmp_path)
    tree = etree.fromstring(page.encode(), etree.HTMLParser())
    assert "Draft" in "".join(tree.xpath("//ins//text()"))
    assert "Modification" in "".join(tree.xpath("//del//text()"))
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    links = tree.xpath("//div[@class='affected']//a/@href")
    assert links and all(link[1:] in ids for link in links)
    consequential = tree.xpath("//details[@class='consequential']")
    assert consequential and "refers to C3.2" in consequential[0].xpath("string()")
    assert "#u-C3-1" in links  # an affected but unchanged clause is shown for context


def test_legend_then_grouped_collapsible_affected_then_changes(tmp_path: Path) -> None:
    base, amended = sample_pair(tmp_path)
    affected = direct_changes(pair_versions(base, amended))
    affected += [Affected("C3.1", ["refers to C3.2 (changed by this modification)"]),
                 Affected("C1.1", ["refers to C3.2 (changed by this modification)", "uses term Panel"])]
    page = html.render(base, amended, affected, EmitMeta(author=AUTHOR, date=DATE))
    assert page.index("<h2>Legend</h2>") < page.index("<h2>Affected clauses</h2>") < page.index('id="changes"')
    tree = etree.fromstring(page.encode(), etree.HTMLParser())
    legend = tree.xpath("//table[@class='legend']")[0]
    assert legend.xpath(".//ins") and legend.xpath(".//del")
    groups = tree.xpath("//div[@class='affected']/details")
    assert all(g.get("open") is None for g in groups)  # collapsed to one line each
    summaries = [g.xpath("string(summary)") for g in groups]
    assert summaries[0].startswith("edited directly (")
    assert "refers to C3.2 (changed by this modification) (2)" in summaries
    refers = groups[summaries.index("refers to C3.2 (changed by this modification) (2)")]
    assert "C3.1" in refers.xpath("string(.//p)") and "C1.1" in refers.xpath("string(.//p)")
    assert "uses term Panel (1)" in summaries
    assert "@media print" in page and "details::details-content" in page
