"""X.CARRY, X.IN_FORCE, X.ITEMS, P.OUTLIER: this year's report against last year's."""

from __future__ import annotations

import pytest
from synthetic import add, make_pair, make_report, set_cell
from truthfiles import TRUTHS, requires_corpus

from xxgk.checks import run_checks

CROSS = ("X.CARRY", "X.IN_FORCE", "X.ITEMS", "P.OUTLIER")


def cross(report, prev, *, evaluable=True, rules=CROSS):
    return [f for f in run_checks(report, prev, rules=rules) if f.evaluable is evaluable]


@pytest.mark.parametrize("template", ["2019", "2021", "2021-hybrid"])
@pytest.mark.parametrize("seed", range(4))
def test_consistent_pairs_raise_no_cross_year_rule(template, seed):
    prev, report = make_pair(template, seed)
    assert run_checks(report, prev, rules=("X.CARRY", "X.IN_FORCE", "X.ITEMS")) == []


def test_no_prev_no_cross_year_findings():
    prev, report = make_pair("2021", 0)
    add(report, "applications.carried_over.natural", 1)
    assert [f for f in run_checks(report) if f.rule in CROSS] == []


def test_carry_per_column():
    prev, report = make_pair("2021", 1)
    add(report, "applications.carried_over.business", 2)
    (f,) = cross(report, prev, rules=["X.CARRY"])
    before = prev.value("applications.carried_forward.business")
    assert f.severity == "warning"
    assert f.message == (f"表三“商业企业”列：本年“二、上年结转政府信息公开申请数量”为{before + 2}，"
                         f"但上年报告“四、结转下年度继续办理”为{before}")
    assert f.cells == ["applications.carried_over.business", "applications.carried_forward.business"]


def test_carry_not_evaluable_when_last_year_is_blank():
    prev, report = make_pair("2019", 1)
    set_cell(prev, "applications.carried_forward.natural", status="blank")
    (f,) = cross(report, prev, evaluable=False, rules=["X.CARRY"])
    assert f.message == ("无法跨年核对表三“自然人”列：上年表三“四、结转下年度继续办理”行“自然人”列为空")


def test_years_must_be_consecutive():
    prev, report = make_pair("2021", 2)
    report.meta.year += 1
    found = cross(report, prev, evaluable=False)
    assert {f.rule for f in found} == {"X.CARRY", "X.IN_FORCE"}
    assert "不是本报告（2023年度）的上一年度" in found[0].message
    assert cross(report, prev) == []


def test_in_force():
    prev, report = make_pair("2021", 3)
    add(report, "active.normative.in_force", 1)
    (f,) = cross(report, prev, rules=["X.IN_FORCE"])
    p, i, d = (prev.value("active.normative.in_force"), report.value("active.normative.issued"),
               report.value("active.normative.repealed"))
    assert f.message == (f"表二“行政规范性文件”行：上年现行有效({p})+本年制发({i})−本年废止({d})={p + i - d}，"
                         f"但本年“现行有效件数”为{p + i - d + 1}")


def test_in_force_needs_2021_columns_in_both_years():
    prev = make_report("2019", 0, year=2020)
    report = make_report("2021", 0, year=2021)
    assert cross(report, prev, rules=["X.IN_FORCE"]) == []
    assert cross(report, prev, evaluable=False, rules=["X.IN_FORCE"]) == []


def test_items_uses_last_years_change():
    # In year N's report "上一年项目数量" is the count at the end of N-1 and "本年增/减" the change in N.
    prev, report = make_pair("2019", 4)
    assert report.meta.year == prev.meta.year + 1
    # this year's own change does not enter the relation
    set_cell(report, "active.penalty.change", 999)
    assert cross(report, prev, rules=["X.ITEMS"]) == []
    set_cell(prev, "active.penalty.change", prev.value("active.penalty.change") + 1)
    (f,) = cross(report, prev, rules=["X.ITEMS"])
    assert f.message.startswith("表二“行政处罚”行：上年报告“上一年项目数量”(")
    assert f.cells == ["active.penalty.prev_items", "active.penalty.prev_items", "active.penalty.change"]


def test_outlier():
    prev, report = make_pair("2021", 5)
    set_cell(prev, "active.licensing.decisions", 550)
    set_cell(report, "active.licensing.decisions", 9487)
    set_cell(prev, "active.penalty.decisions", 3)
    set_cell(report, "active.penalty.decisions", 0)  # both below 10: noise
    set_cell(prev, "active.coercion.decisions", 60)
    set_cell(report, "active.coercion.decisions", 12)  # exactly 1/5: not below
    mine = {"active.licensing.decisions", "active.penalty.decisions", "active.coercion.decisions"}
    found = [f for f in cross(report, prev, rules=["P.OUTLIER"]) if f.cells[0] in mine]
    assert [f.cells for f in found] == [["active.licensing.decisions"]]
    assert found[0].severity == "info"
    assert found[0].message == "表二“行政许可”行“本年处理决定数量”列由上年的550增加到9487（约17.2倍），请核实"
    set_cell(prev, "active.coercion.decisions", 61)  # 12 < 61/5
    assert any(f.cells == ["active.coercion.decisions"] for f in cross(report, prev, rules=["P.OUTLIER"]))


@requires_corpus
def test_real_pair_huaian_hongze_2023_2024():
    """002's truth notes: 规范性文件 5+3-0=8 (X.IN_FORCE ok), 结转 0=0 (X.CARRY ok); 行政许可 550 -> 9487 (P.OUTLIER)."""
    by_name = {t.name: t for t in TRUTHS}
    prev, report = by_name["001_huaian_hongze_qu_2023"].report(), by_name["002_huaian_hongze_qu_2024"].report()
    found = cross(report, prev)
    assert {f.rule for f in found} == {"P.OUTLIER"}
    assert ["active.licensing.decisions"] in [f.cells for f in found]
