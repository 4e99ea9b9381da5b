"""A3.BALANCE, A3.RESULTS, A3.SUBTOTAL, A3.ROW, A4.BLOCK on small reports built in code."""

from __future__ import annotations

import pytest
from synthetic import add, make_report, set_cell, zero_report

from xxgk.checks import run_checks
from xxgk.checks.arithmetic import identities

ARITH = ("A3.BALANCE", "A3.RESULTS", "A3.SUBTOTAL", "A3.ROW", "A4.BLOCK")
TEMPLATES = ("2019", "2021", "2021-hybrid")


def arith(report, *, evaluable=True):
    return [f for f in run_checks(report, rules=ARITH) if f.evaluable is evaluable]


def apps(report, row, col, delta):
    add(report, f"applications.{row}.{col}", delta)


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("subtotals", [False, True])
@pytest.mark.parametrize("seed", range(5))
def test_consistent_reports_raise_nothing(template, subtotals, seed):
    report = make_report(template, seed, subtotals=subtotals)
    assert run_checks(report, rules=ARITH) == []


def test_balance_message_names_printed_rows_and_column():
    r = zero_report("2021")
    for row in ("new", "total", "granted"):
        apps(r, row, "natural", 3 if row == "new" else 2)
        apps(r, row, "total", 3 if row == "new" else 2)
    found = arith(r)
    assert [f.rule for f in found] == ["A3.BALANCE", "A3.BALANCE"]
    natural = found[0]
    assert natural.severity == "error"
    assert natural.message == "表三“自然人”列：本年新收(3)+上年结转(0)=3，但（七）总计(2)+结转下年度(0)=2"
    assert natural.cells == ["applications.new.natural", "applications.carried_over.natural",
                             "applications.total.natural", "applications.carried_forward.natural"]
    assert "“总计”列" in found[1].message


def test_results_2021_counts_split_other_rows_not_subtotal():
    r = make_report("2021", 3, subtotals=True)
    # one more 逾期不补正 in the item row only: （七）总计 no longer equals the items; the printed
    # （六） subtotal now disagrees with its items too
    apps(r, "other_no_correction", "natural", 1)
    apps(r, "other_no_correction", "total", 1)
    rules = sorted(f.rule for f in arith(r))
    assert rules == ["A3.RESULTS", "A3.RESULTS", "A3.SUBTOTAL", "A3.SUBTOTAL"]
    results = next(f for f in arith(r) if f.rule == "A3.RESULTS")
    assert results.message.startswith("表三“自然人”列：（七）总计为")
    assert "各项办理结果之和为" in results.message
    assert "applications.other.natural" not in results.cells  # the subtotal is never summed
    assert "applications.other_no_correction.natural" in results.cells


@pytest.mark.parametrize("template", ["2019", "2021-hybrid"])
def test_results_single_other_row_is_an_item(template):
    r = zero_report(template)
    apps(r, "other", "legal", 1)
    apps(r, "other", "total", 1)
    found = arith(r)
    assert sorted({f.rule for f in found}) == ["A3.RESULTS"]
    assert {f.message.split("：")[0] for f in found} == {"表三“法律服务机构”列", "表三“总计”列"}
    # balance it: one more 新收 and one more （七）总计
    for row in ("new", "total"):
        apps(r, row, "legal", 1)
        apps(r, row, "total", 1)
    assert arith(r) == []


def test_subtotal_stands_in_for_a_group_whose_items_are_absent():
    r = make_report("2021", 5, subtotals=True)
    for row in ("denied_secret", "denied_law", "denied_safety", "denied_third_party", "denied_internal",
                "denied_process", "denied_enforcement", "denied_inquiry"):
        for col in r.tables["applications"][row]:
            set_cell(r, f"applications.{row}.{col}", status="missing")
    assert arith(r) == []
    assert arith(r, evaluable=False) == []
    ident = next(i for i in identities(r, ("A3.RESULTS",)))
    assert "applications.denied.natural" in ident.cells
    assert [f.rule for f in run_checks(r) if f.rule == "S.ROWS"] == ["S.ROWS"]  # the items are still missing


def test_subtotal_mismatch_names_the_subtotal_row():
    r = make_report("2019", 2, subtotals=True)
    apps(r, "unable", "business", 1)
    apps(r, "unable", "total", 1)
    found = [f for f in arith(r) if f.rule == "A3.SUBTOTAL"]
    assert len(found) == 2
    assert found[0].message == ("表三“（四）无法提供（小计）”行“商业企业”列：（四）无法提供（小计）为1，"
                                "但1.本机关不掌握相关政府信息(0)+2.没有现成信息需要另行制作(0)+3.补正后申请内容仍不明确(0)=0")
    assert [f.rule for f in arith(r)] == ["A3.SUBTOTAL", "A3.SUBTOTAL"]  # A3.ROW still holds on that row
    apps(r, "denied", "natural", 1)
    denied = next(f for f in arith(r) if "（三）不予公开（小计）”行“自然人”列" in f.message)
    assert "所属各项之和为" in denied.message  # eight items: summarised, not spelled out


def test_row_sum():
    r = zero_report("2021")
    set_cell(r, "applications.granted.natural", 3)
    set_cell(r, "applications.granted.business", 1)
    set_cell(r, "applications.granted.total", 5)
    rows = [f for f in arith(r) if f.rule == "A3.ROW"]
    assert len(rows) == 1
    assert rows[0].message == ("表三“（一）予以公开”行：总计为5，但自然人(3)+商业企业(1)+科研机构(0)+社会公益组织(0)"
                               "+法律服务机构(0)+法人或其他组织·其他(0)=4")


def test_row_sum_of_a_grouped_item_names_its_group():
    r = zero_report("2021")
    set_cell(r, "applications.denied_secret.total", 1)
    row = next(f for f in arith(r) if f.rule == "A3.ROW")
    assert row.message.startswith("表三“（三）不予公开 1.属于国家秘密”行：总计为1")


def test_review_block_real_publisher_error():
    # 001_huaian_hongze_qu_2023: 行政复议 维持10 纠正1 but 总计 0
    r = zero_report("2021-hybrid", 2023)
    set_cell(r, "reviews.review.upheld", 10)
    set_cell(r, "reviews.review.corrected", 1)
    found = arith(r)
    assert [f.rule for f in found] == ["A4.BLOCK"]
    assert found[0].message == "表四“行政复议”栏：总计为0，但结果维持(10)+结果纠正(1)+其他结果(0)+尚未审结(0)=11"
    add(r, "reviews.suit_direct.pending", 1)
    assert any("表四“行政诉讼·未经复议直接起诉”栏" in f.message for f in arith(r))


def test_blank_operand_gives_one_not_evaluable_finding_per_instance():
    r = make_report("2021", 1)
    set_cell(r, "applications.carried_over.natural", status="blank")
    info = arith(r, evaluable=False)
    assert arith(r) == []
    assert sorted(f.rule for f in info) == ["A3.BALANCE", "A3.ROW"]
    balance = next(f for f in info if f.rule == "A3.BALANCE")
    assert balance.severity == "info"
    assert balance.message == "无法核对表三“自然人”列：表三“二、上年结转政府信息公开申请数量”行“自然人”列为空"


def test_not_evaluable_names_status_of_each_unknown_cell():
    r = make_report("2019", 4)
    set_cell(r, "reviews.review.other", status="na", raw="—")
    set_cell(r, "reviews.review.pending", status="unreadable", raw="4h")
    (f,) = arith(r, evaluable=False)
    assert f.rule == "A4.BLOCK"
    assert f.message == "无法核对表四“行政复议”栏：表四“行政复议”栏“其他结果”列为“—”、“行政复议”栏“尚未审结”列无法识别（印为“4h”）"


def test_missing_rows_make_balance_not_evaluable_and_skip_row_sums():
    r = make_report("2021", 2)
    for col in list(r.tables["applications"]["new"]):
        set_cell(r, f"applications.new.{col}", status="missing")
    info = arith(r, evaluable=False)
    assert {f.rule for f in info} == {"A3.BALANCE"}
    assert len(info) == 7
    assert all("缺失" in f.message for f in info)


def test_absent_tables_and_pre_2019_are_not_checked():
    r = make_report("2021", 0)
    r.tables["applications"] = {}
    r.tables["reviews"] = {}
    assert run_checks(r, rules=ARITH) == []
    old = zero_report("2019")
    set_cell(old, "applications.new.total", 5)
    old.meta.template = "pre-2019"
    assert run_checks(old, rules=ARITH) == []


def test_unknown_template_is_checked_with_the_rows_it_has():
    r = make_report("2021", 7)
    r.meta.template = "unknown"
    assert arith(r) == []
    apps(r, "other_misc", "natural", 1)
    assert {f.rule for f in arith(r)} == {"A3.RESULTS", "A3.ROW"}
