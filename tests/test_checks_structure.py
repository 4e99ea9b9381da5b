"""S.ROWS, S.TEMPLATE, S.META, S.SECTIONS."""

from __future__ import annotations

import pytest
from synthetic import make_report, set_cell

from xxgk.checks import run_checks


def only(report, rule, *, evaluable=True):
    return [f for f in run_checks(report, rules=[rule]) if f.evaluable is evaluable]


def drop_row(report, table, row):
    for col in list(report.tables[table][row]):
        set_cell(report, f"{table}.{row}.{col}", status="missing")


# --- S.ROWS -----------------------------------------------------------------------------------


def test_missing_row_is_named_as_printed():
    r = make_report("2019", 1)
    drop_row(r, "active", "rules")
    (f,) = only(r, "S.ROWS")
    assert f.severity == "error"
    assert f.message == "表二缺少模板规定的行：“规章”"
    assert f.cells == ["active.rules.made", "active.rules.published", "active.rules.total"]


def test_many_missing_rows_are_summarised():
    r = make_report("2021", 1)
    for row in ("new", "carried_over", "granted", "partial", "denied_secret"):
        drop_row(r, "applications", row)
    (f,) = only(r, "S.ROWS")
    assert f.message.startswith("表三缺少模板规定的行：“一、本年新收政府信息公开申请数量”、“二、上年结转政府信息公开申请数量”")
    assert f.message.endswith("等5行")


def test_subtotal_rows_are_optional_but_the_2019_other_row_is_not():
    assert only(make_report("2021", 2), "S.ROWS") == []  # no subtotal rows printed
    r = make_report("2019", 2)
    drop_row(r, "applications", "other")
    (f,) = only(r, "S.ROWS")
    assert f.message == "表三缺少模板规定的行：“（六）其他处理”"


def test_missing_column():
    r = make_report("2021", 3)
    for row in r.tables["applications"]:
        set_cell(r, f"applications.{row}.total", status="missing")
    (f,) = only(r, "S.ROWS")
    assert f.message == "表三缺少模板规定的“总计”列"
    assert len(f.cells) == 25


def test_absent_table_is_not_a_missing_row():
    r = make_report("2021", 3)
    for row in list(r.tables["reviews"]):
        drop_row(r, "reviews", row)
    assert only(r, "S.ROWS") == []


# --- S.TEMPLATE -------------------------------------------------------------------------------


@pytest.mark.parametrize(("template", "year", "fires"), [
    ("2019", 2019, False), ("2019", 2020, False), ("2019", 2021, True),
    ("2021", 2021, False), ("2021", 2020, True), ("2021-hybrid", 2023, True),
    ("pre-2019", 2018, False), ("pre-2019", 2019, True), ("unknown", 2022, False),
])
def test_template_fits_year(template, year, fires):
    r = make_report("2019" if template in ("pre-2019", "unknown") else template, 0)
    r.meta.template, r.meta.year = template, year
    assert bool(only(r, "S.TEMPLATE")) is fires


def test_template_messages():
    r = make_report("2019", 0)
    r.meta.year = 2022
    (f,) = only(r, "S.TEMPLATE")
    assert f.message == "本报告为2022年度，应使用国办公开办函〔2021〕30号格式，实际使用了国办公开办函〔2019〕60号格式"
    (h,) = only(make_report("2021-hybrid", 0), "S.TEMPLATE")
    assert "新旧格式混用" in h.message and "“（六）其他处理”" in h.message


# --- S.META -----------------------------------------------------------------------------------


def test_meta():
    r = make_report("2021", 0)
    assert only(r, "S.META") == []
    r.meta.agency = None
    assert [f.message for f in only(r, "S.META")] == ["无法确定发布机关"]
    r.meta.year = None
    assert [f.message for f in only(r, "S.META")] == ["无法确定发布机关和报告年度"]


# --- S.SECTIONS -------------------------------------------------------------------------------


def test_sections_complete_report_passes():
    assert run_checks(make_report("2021", 0), rules=["S.SECTIONS"]) == []


def test_section_absent():
    r = make_report("2019", 0)
    r.sections["other"] = None
    r.section_order.remove("other")
    del r.section_headings["other"]
    (f,) = only(r, "S.SECTIONS")
    assert f.severity == "warning"
    assert f.message == "缺少第六部分：“六、其他需要报告的事项”"


def test_section_numbered_with_arabic_digits():
    # 000_45341397d840fa72: "1、 总体情况" then 二..五
    r = make_report("2019", 0)
    r.section_headings["overview"] = {"text": "1、 总体情况", "number": "1", "at": {"line": 5}}
    (f,) = only(r, "S.SECTIONS")
    assert f.message == "部分标题编号不符合格式（应为一、至六、）：“1、 总体情况”应为“一、总体情况”"
    assert f.at == {"line": 5}


def test_sections_out_of_order():
    r = make_report("2021", 0)
    r.section_order = ["overview", "active", "reviews", "applications", "problems", "other"]
    (f,) = only(r, "S.SECTIONS")
    assert f.message.startswith("各部分顺序不符合格式（应为一至六）：一、总体情况 → 二、主动公开政府信息情况 → 四、")


def test_no_section_information_is_not_evaluable():
    r = make_report("2021", 0)
    r.sections = dict.fromkeys(r.sections)
    r.section_order, r.section_headings = [], {}
    (f,) = run_checks(r, rules=["S.SECTIONS"])
    assert (f.evaluable, f.severity) == (False, "info")
