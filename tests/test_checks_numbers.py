"""N.NEGATIVE, N.NOT_NUMBER, N.BLANK."""

from __future__ import annotations

from synthetic import make_report, set_cell, zero_report

from xxgk.checks import run_checks
from xxgk.model import Cell

N = ("N.NEGATIVE", "N.NOT_NUMBER", "N.BLANK")


def numbers(report):
    return [f for f in run_checks(report, rules=N) if f.evaluable]


def test_clean_report_has_no_number_findings():
    for template in ("2019", "2021", "2021-hybrid"):
        assert numbers(make_report(template, 11)) == []


def test_negative_count_is_an_error_but_change_may_be_negative():
    r = zero_report("2019")
    set_cell(r, "active.licensing.change", -3)
    assert numbers(r) == []
    set_cell(r, "active.licensing.decisions", -1)
    set_cell(r, "applications.granted.natural", -2)
    found = numbers(r)
    assert [f.rule for f in found] == ["N.NEGATIVE", "N.NEGATIVE"]
    assert found[0].severity == "error"
    assert found[0].message == "表二“行政许可”行“处理决定数量”列为负数（-1）"
    assert found[1].message == "表三“（一）予以公开”行“自然人”列为负数（-2）"
    assert found[1].cells == ["applications.granted.natural"]


def test_unreadable_cell_shows_its_raw_text():
    r = zero_report("2019")
    set_cell(r, "active.licensing.prev_items", status="unreadable", raw="4h")
    (f,) = numbers(r)
    assert f.rule == "N.NOT_NUMBER"
    assert f.message == "表二“行政许可”行“上一年项目数量”列印为“4h”，不是可用的数字"
    assert f.cells == ["active.licensing.prev_items"]


def test_ambiguous_reading_is_not_an_error():
    # 009_pingtan_shiyanqu_2024: 规范性文件 "6233440" glued; 废止/现行有效 not decidable
    r = zero_report("2021")
    r.set_cell("active.normative.in_force", Cell(None, raw="6233440", status="unreadable", candidates=[0, 40, 440, 3440]))
    assert numbers(r) == []
    (f,) = run_checks(r, rules=N)
    assert (f.rule, f.severity, f.evaluable) == ("N.NOT_NUMBER", "info", False)
    assert f.message == "无法确定表二“行政规范性文件”行“现行有效件数”列的数值：印为“6233440”，可能的读数有0、40、440、3440"


def test_fractional_count_is_not_a_number_but_money_may_be():
    r = zero_report("2021")
    set_cell(r, "active.fees.amount", 156.04)
    assert numbers(r) == []
    set_cell(r, "reviews.review.upheld", 2.5)
    (f,) = numbers(r)
    assert f.rule == "N.NOT_NUMBER"
    assert "表四“行政复议”栏“结果维持”列为2.5" in f.message


def test_blank_cells_one_finding_per_table():
    r = zero_report("2021")
    set_cell(r, "applications.new.natural", status="blank")
    set_cell(r, "applications.new.business", status="blank")
    set_cell(r, "applications.carried_forward.total", status="na", raw="/")
    set_cell(r, "applications.other_misc.legal", status="blank")
    set_cell(r, "reviews.suit_direct.total", status="na", raw="—")
    set_cell(r, "applications.granted.research", status="missing")  # missing is not blank
    found = numbers(r)
    assert [f.rule for f in found] == ["N.BLANK", "N.BLANK"]
    three, four = found
    assert three.severity == "warning"
    assert three.message == ("表三有4个单元格为空或“/”（无数据应填0）：“一、本年新收政府信息公开申请数量”行“自然人”“商业企业”列；"
                             "“（六）其他处理 3.其他”行“法律服务机构”列等3行")
    assert sorted(three.cells) == sorted(["applications.new.natural", "applications.new.business",
                                          "applications.carried_forward.total", "applications.other_misc.legal"])
    assert four.message == "表四有1个单元格为空或“/”（无数据应填0）：“行政诉讼·未经复议直接起诉”栏“总计”（印为“—”）列"
    assert four.cells == ["reviews.suit_direct.total"]
