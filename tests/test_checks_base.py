"""Shared helpers of the checks: printed names, tolerance, sums."""

from __future__ import annotations

from xxgk.checks.base import cell_name, equal, num, row_name, short_row_name, total_of
from xxgk.model import TEMPLATES
from xxgk.model.statutory import APPLICANT_COLUMNS, REVIEWS


def test_printed_names():
    apps = TEMPLATES["2021"].applications
    assert row_name(apps.row("total")) == "（七）总计"
    assert row_name(apps.row("new")) == "一、本年新收政府信息公开申请数量"
    assert row_name(apps.row("denied_secret")) == "（三）不予公开 1.属于国家秘密"
    assert row_name(apps.row("other")) == "（六）其他处理（小计）"
    assert row_name(TEMPLATES["2019"].applications.row("other")) == "（六）其他处理"
    assert short_row_name(apps.row("carried_over")) == "上年结转"
    assert short_row_name(apps.row("unable_create")) == "2.没有现成信息需要另行制作"
    assert cell_name(apps, apps.row("total"), APPLICANT_COLUMNS[0]) == "表三“（七）总计”行“自然人”列"
    assert cell_name(apps, apps.row("new"), APPLICANT_COLUMNS[5]) == "表三“一、本年新收政府信息公开申请数量”行“法人或其他组织·其他”列"
    suit = REVIEWS.row("suit_direct")
    assert cell_name(REVIEWS, suit, suit.column("total")) == "表四“行政诉讼·未经复议直接起诉”栏“总计”列"
    active = TEMPLATES["2021"].active
    fees = active.row("fees")
    assert cell_name(active, fees, fees.column("amount")) == "表二“行政事业性收费”行“本年收费金额（单位：万元）”列"


def test_money_tolerance_and_exact_counts():
    assert equal(156.04, 156.045, "money")
    assert equal(18, 18.01, "money")
    assert not equal(18, 18.02, "money")
    assert not equal(3, 4)
    assert equal(3, 3.0)


def test_sums_and_numbers():
    assert total_of([0.1, 0.2]) == 0.3
    assert total_of([1, 2, 3]) == 6 and isinstance(total_of([1, 2]), int)
    assert num(18.0) == "18" and num(156.04) == "156.04" and num(-3) == "-3" and num(None) == "空"
