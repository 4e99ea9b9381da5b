"""render.html: semantic table with rowspan/colspan and scope, self-contained page, print CSS."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import lxml.html
import pytest
from synthetic import make_report

from xxgk.model.statutory import BALANCE_NOTE, SECTIONS
from xxgk.render.html import render_html, to_html

ARTIFACTS = Path(__file__).parents[1] / "test-artifacts" / "render"


@pytest.fixture(scope="module")
def page():
    r = make_report("2021", 3)
    return r, lxml.html.fromstring(to_html(r).encode("utf-8"))


def test_page_is_self_contained_and_accessible(page):
    r, root = page
    assert root.get("lang") == "zh-CN"
    assert not root.xpath("//link | //script | //img | //*[@src]")
    assert [h.text for h in root.xpath("//h2")] == [s.heading for s in SECTIONS]
    assert root.xpath("//h1")[0].text == f"{r.meta.agency}{r.meta.year}年政府信息公开工作年度报告"
    css = root.xpath("//style")[0].text
    assert "@media print" in css and "@page" in css and 'counter(page)' in css


def test_table_three_spans_and_scopes(page):
    r, root = page
    t3 = root.xpath("//table[@class='applications']")[0]
    assert t3.get("aria-label").startswith("表三")
    head = t3.xpath("./thead/tr")
    assert len(head) == 3
    note = head[0][0]
    assert (note.text, note.get("rowspan"), note.get("colspan")) == (BALANCE_NOTE, "3", "3")
    assert (head[0][1].text, head[0][1].get("colspan"), head[0][1].get("scope")) == ("申请人情况", "7", "colgroup")
    group = t3.xpath(".//th[text()='（三）不予公开']")[0]
    assert (group.get("rowspan"), group.get("scope")) == ("8", "rowgroup")
    cell = t3.xpath(".//td[@data-cell='applications.new.total']")[0]
    assert cell.text == str(r.value("applications.new.total"))
    assert len(t3.xpath("./tbody/tr")) == 25


def test_table_two_bodies_and_table_four(page):
    r, root = page
    t2 = root.xpath("//table[@class='active']")[0]
    assert len(t2.xpath("./tbody")) == 4  # one per 第二十条 item
    assert t2.xpath("./tbody/tr/th[@colspan='4']")[0].text == "第二十条第（一）项"
    t4 = root.xpath("//table[@class='reviews']")[0]
    assert len(t4.xpath(".//td")) == 15
    assert [th.get("colspan") for th in t4.xpath("./thead/tr[1]/th")] == ["5", "10"]


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("weasyprint") is None,
                    reason="weasyprint not installed (needed only to picture the HTML print view)")
def test_html_print_view_png(tmp_path):
    """The HTML's print view as PNG (WeasyPrint follows @page, margins and the page-number box)."""
    import shutil
    import subprocess

    import weasyprint

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) not installed")
    html = render_html(make_report("2021", 3), tmp_path / "r.html")
    weasyprint.HTML(filename=str(html)).write_pdf(tmp_path / "r.pdf")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(tmp_path / "r.pdf"),
                    str(ARTIFACTS / "html-print")], check=True)
    assert sorted(p.name for p in ARTIFACTS.glob("html-print-*.png"))[:2] == ["html-print-1.png", "html-print-2.png"]
