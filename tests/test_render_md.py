"""render.md: Markdown preview with headings and pipe tables."""

from __future__ import annotations

from synthetic import make_report

from xxgk.model.statutory import SECTIONS
from xxgk.render.md import to_markdown


def test_markdown_preview():
    r = make_report("2019", 4)
    md = to_markdown(r)
    lines = md.splitlines()
    assert lines[0] == f"# {r.meta.agency}{r.meta.year}年政府信息公开工作年度报告"
    assert [x[3:] for x in lines if x.startswith("## ")] == [s.heading for s in SECTIONS]
    v = r.value("applications.carried_forward.total")
    assert any(x.startswith("| 四、结转下年度继续办理 |") and x.endswith(f"| {v} |") for x in lines)
    assert "| （三）不予公开 1.属于国家秘密 |" in md
    assert "**第二十条第（九）项**" in md and "| 政府集中采购 |" in md
    assert f"| 行政诉讼 复议后起诉 | {r.value('reviews.suit_after_review.upheld')} |" in md
