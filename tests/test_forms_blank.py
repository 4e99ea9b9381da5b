"""forms.blank: empty reports per template, and next year's report carried over from last year's."""

from __future__ import annotations

import pytest
from synthetic import make_pair, make_report

from xxgk.errors import FormError
from xxgk.forms.blank import blank_report, carry_over
from xxgk.model.statutory import TEMPLATES, cell_paths


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_blank_report_has_every_cell_blank(key):
    r = blank_report(key, "某某局", 2025)
    paths = [p for p, _ in r.iter_cells()]
    assert sorted(paths) == sorted(cell_paths(TEMPLATES[key]))
    assert {c.status for _, c in r.iter_cells()} == {"blank"}
    assert all(c.value is None for _, c in r.iter_cells())
    assert (r.meta.agency, r.meta.year, r.meta.template) == ("某某局", 2025, key)


def test_blank_report_counts():
    # 2021: 表二 3+3+1+1+1+1, 表三 25 rows × 7, 表四 15
    assert len(list(blank_report("2021").iter_cells())) == 10 + 175 + 15
    assert len(list(blank_report("2019").iter_cells())) == 22 + 161 + 15


def test_unknown_template_is_a_chinese_error():
    with pytest.raises(FormError, match="未知的模板"):
        blank_report("2018")


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_carry_over_takes_carried_forward(template):
    prev, _ = make_pair(template, 3)
    nxt = carry_over(prev)
    assert nxt.meta.year == prev.meta.year + 1
    assert nxt.meta.agency == prev.meta.agency
    for col in ("natural", "business", "research", "nonprofit", "legal", "other_org", "total"):
        assert nxt.value(f"applications.carried_over.{col}") == prev.value(f"applications.carried_forward.{col}")
        assert nxt.cell(f"applications.new.{col}").status == "blank"


def test_carry_over_2021_in_force_and_2019_items():
    prev = make_report("2021", 5, year=2023)
    nxt = carry_over(prev)
    assert nxt.meta.template == "2021"
    assert nxt.value("active.normative.in_force") == prev.value("active.normative.in_force")
    assert nxt.cell("active.normative.issued").status == "blank"
    old = make_report("2019", 5, year=2019)
    nxt19 = carry_over(old)
    assert nxt19.meta.template == "2019" and nxt19.meta.year == 2020
    for row in ("licensing", "penalty", "fees"):
        want = old.value(f"active.{row}.prev_items") + old.value(f"active.{row}.change")
        assert nxt19.value(f"active.{row}.prev_items") == want
        assert nxt19.cell(f"active.{row}.change").status == "blank"


def test_carry_over_2020_report_gives_2021_template():
    prev = make_report("2019", 2, year=2020)
    nxt = carry_over(prev)
    assert nxt.meta.template == "2021" and nxt.meta.year == 2021
    # 2019's 对外公开总数量 is not 2021's 现行有效件数: nothing is carried into table 二
    assert nxt.cell("active.rules.in_force").status == "blank"
    assert nxt.value("applications.carried_over.total") == prev.value("applications.carried_forward.total")
