"""P.RULES_AUTHORITY, P.FEE_NOTE, P.DEADLINE."""

from __future__ import annotations

import pytest
from synthetic import make_report, set_cell, zero_report

from xxgk.checks import run_checks


def only(report, rule, *, evaluable=True):
    return [f for f in run_checks(report, rules=[rule]) if f.evaluable is evaluable]


# --- P.RULES_AUTHORITY ------------------------------------------------------------------------


def rules_report(agency, template="2021", tier=None, body=None, **values):
    r = zero_report(template, 2023 if template == "2021" else 2019)
    r.meta.agency, r.meta.tier, r.meta.body = agency, tier, body
    for col, v in values.items():
        set_cell(r, f"active.rules.{col}", v)
    return r


def test_county_department_reporting_rules():
    # 003_89ace2059534ea4c: 秀洲区经济信息商务局 reports 规章 新公开10 / 总数79
    r = rules_report("秀洲区经济信息商务局", "2019", published=10, total=79)
    (f,) = only(r, "P.RULES_AUTHORITY")
    assert f.severity == "warning"
    assert f.message == ("秀洲区经济信息商务局（县级部门）没有规章制定权（立法法第九十三条：仅省级和设区的市、自治州人民政府可以制定规章），"
                         "表二“规章”行却填报“本年新公开数量”10、“对外公开总数量”79")
    assert f.cells == ["active.rules.published", "active.rules.total"]


@pytest.mark.parametrize(("agency", "fires"), [
    ("淮安市洪泽区人民政府", True), ("某某县人民政府", True), ("某某镇人民政府", True), ("淮安市教育局", True),
    ("淮安市人民政府", False), ("江苏省人民政府", False), ("延边朝鲜族自治州人民政府", False),
    ("国家统计局", False), ("平潭综合实验区", False), (None, False),
])
def test_rule_power_from_the_name(agency, fires):
    assert bool(only(rules_report(agency, issued=1), "P.RULES_AUTHORITY")) is fires


def test_meta_tier_and_body_win_over_the_name():
    assert only(rules_report("某某管理机构", tier="县", body="government", in_force=3), "P.RULES_AUTHORITY")
    assert not only(rules_report("某某区人民政府", tier="市", body="government", in_force=3), "P.RULES_AUTHORITY")


def test_no_rules_or_only_repealed_is_fine():
    assert only(rules_report("某某县人民政府"), "P.RULES_AUTHORITY") == []
    assert only(rules_report("某某县人民政府", repealed=2), "P.RULES_AUTHORITY") == []


# --- P.FEE_NOTE -------------------------------------------------------------------------------


def test_fee_note():
    r = make_report("2021", 0)
    assert only(r, "P.FEE_NOTE") == []
    r.sections["other"] = "无其他需要报告的事项。"
    (f,) = only(r, "P.FEE_NOTE")
    assert (f.severity, f.message) == ("info", "“六、其他需要报告的事项”部分未说明信息处理费的收取情况")
    r.meta.template = "2019"
    assert only(r, "P.FEE_NOTE") == []


def test_fee_note_hybrid_and_whole_text_fallback():
    r = make_report("2021-hybrid", 0)
    r.sections["other"] = None
    r.text = "……表二 行政事业性收费 12.5 ……"  # a fee row of 表二 is not the 信息处理费
    (f,) = only(r, "P.FEE_NOTE")
    assert f.message.startswith("未找到“六、其他需要报告的事项”部分")
    r.text += "本年度未收取信息处理费。"
    assert only(r, "P.FEE_NOTE") == []
    r.text = ""
    assert len(only(r, "P.FEE_NOTE", evaluable=False)) == 1


# --- P.DEADLINE -------------------------------------------------------------------------------


@pytest.mark.parametrize(("agency", "published", "outcome"), [
    ("淮安市人民政府", "2025-03-31", None),
    ("淮安市人民政府", "2025-04-01", "late"),
    ("淮安市教育局", "2025-01-31", None),
    ("淮安市教育局", "2025-02-01", "late"),
    ("某某管委会", "2025-01-15", None),  # before either deadline
    ("某某管委会", "2025-02-15", "unknown"),  # depends on the kind of body
    ("某某管委会", "2025-05-01", "late"),  # after both
    ("平潭综合实验区", "2025-03-10", None),  # 009_pingtan_shiyanqu_2024
])
def test_deadline(agency, published, outcome):
    r = make_report("2021", 0, year=2024)
    r.meta.agency, r.meta.tier, r.meta.body, r.meta.published_on = agency, None, None, published
    late, unknown = only(r, "P.DEADLINE"), only(r, "P.DEADLINE", evaluable=False)
    assert (bool(late), bool(unknown)) == (outcome == "late", outcome == "unknown")


def test_deadline_message_and_missing_date():
    r = make_report("2021", 0, year=2024)
    r.meta.published_on = "2025-04-02"
    (f,) = only(r, "P.DEADLINE")
    assert f.message == "2024年度报告发布于2025-04-02，晚于法定期限2025年3月31日（条例第四十九条，市级政府）"
    r.meta.published_on = None
    (g,) = only(r, "P.DEADLINE", evaluable=False)
    assert g.message == "无法核对发布期限：未找到发布日期"
