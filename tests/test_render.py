"""render: the checks gate (error-level findings stop a render unless force) and format dispatch."""

from __future__ import annotations

import pytest
from synthetic import add, make_report

from xxgk.errors import ReportHasErrors, UnknownFormat
from xxgk.render import render


def test_clean_report_renders(tmp_path):
    path, findings = render(make_report("2021", 2), "html", tmp_path / "r.html")
    assert path.exists() and not [f for f in findings if f.severity == "error"]


def test_errors_stop_the_render_and_are_listed(tmp_path):
    r = add(make_report("2021", 2), "reviews.review.total", 1)
    with pytest.raises(ReportHasErrors) as e:
        render(r, "md", tmp_path / "r.md")
    assert {f.rule for f in e.value.findings} == {"A4.BLOCK"}
    assert "报告有 1 处错误" in str(e.value) and "[A4.BLOCK]" in str(e.value) and "--force" in str(e.value)
    assert not (tmp_path / "r.md").exists()


def test_force_renders_and_returns_the_errors(tmp_path):
    r = add(make_report("2019", 2), "applications.new.natural", 1)
    path, findings = render(r, "md", tmp_path / "r.md", force=True)
    assert path.exists()
    assert {"A3.BALANCE", "A3.ROW"} <= {f.rule for f in findings if f.severity == "error"}


def test_unknown_format(tmp_path):
    with pytest.raises(UnknownFormat, match="不支持的输出格式"):
        render(make_report("2021", 2), "odt", tmp_path / "r.odt")
