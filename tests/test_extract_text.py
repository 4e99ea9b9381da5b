"""Text reports of every layout → exact cells (fixtures built in code)."""

from __future__ import annotations

import copy

import pytest
from textfixtures import random_values, render_text

from xxgk.extract import extract
from xxgk.ingest.text import read_text
from xxgk.model.statutory import TEMPLATES


def parse_text(text: str | bytes):
    return extract(read_text(text.encode("utf-8") if isinstance(text, str) else text, "fixture.txt"))


def assert_values(report, values, *, inferred_ok: bool = False):
    for table, rows in values.items():
        for row, cols in rows.items():
            for col, want in cols.items():
                cell = report.cell(f"{table}.{row}.{col}")
                assert cell is not None, f"{table}.{row}.{col} absent"
                assert cell.value == want, f"{table}.{row}.{col}: {cell.value!r} ({cell.status}, raw {cell.raw!r}) != {want!r}"
                if not inferred_ok:
                    assert cell.status == "ok" and cell.confidence == 1


@pytest.mark.parametrize("template", ["2019", "2021"])
@pytest.mark.parametrize("layout", ["tabs", "cells"])
@pytest.mark.parametrize("seed", range(6))
def test_round_trip_layouts(template, layout, seed):
    values = random_values(template, seed, big=seed % 2 == 1)
    report = parse_text(render_text(values, template, layout))
    assert report.meta.template == template
    assert report.meta.agency == "某某市某某局"
    assert report.meta.year == 2023
    assert report.meta.published_on == "2024-01-20"
    assert_values(report, values)
    assert report.section_order == ["overview", "active", "applications", "reviews", "problems", "other"]


@pytest.mark.parametrize("seed", range(8))
def test_glued_crawler_text_never_wrong(seed):
    """Glued digits: every cell is the true value (inferred, confidence < 1) or unreadable with candidates."""
    values = random_values("2021", seed, big=True)
    report = parse_text(render_text(values, "2021", "glued"))
    assert report.meta.template == "2021"
    exact = 0
    for table in ("applications", "reviews"):
        for row, cols in values[table].items():
            for col, want in cols.items():
                cell = report.cell(f"{table}.{row}.{col}")
                if cell.status == "ok":
                    assert cell.value == want, f"{table}.{row}.{col}"
                    assert cell.confidence < 1
                    exact += 1
                else:
                    assert cell.status == "unreadable" and cell.value is None
                    assert want in (cell.candidates or []), f"{table}.{row}.{col}: truth not among candidates"
    assert exact > 0


def test_glued_ambiguous_split_is_unreadable_with_candidates():
    values = random_values("2021", 3)
    for row in values["applications"].values():
        for k in row:
            row[k] = 0
    amb = {"natural": 1, "business": 10, "research": 0, "nonprofit": 0, "legal": 0, "other_org": 0, "total": 11}
    for key in ("new", "granted", "total"):
        values["applications"][key] = dict(amb)
    report = parse_text(render_text(values, "2021", "glued"))
    cell = report.cell("applications.new.natural")
    assert cell.status == "unreadable" and cell.value is None
    assert cell.candidates == [1, 11]
    assert report.cell("applications.new.business").candidates == [0, 10]
    # the total is the same in every split that satisfies the rules: read, but marked inferred
    total = report.cell("applications.new.total")
    assert total.value == 11 and total.confidence < 1
    # rows whose split is unique are inferred
    assert report.cell("applications.partial.total").value == 0


def test_glued_unique_split():
    values = random_values("2021", 1)
    values["applications"]["new"] = {"natural": 71, "business": 3, "research": 0, "nonprofit": 0, "legal": 0,
                                     "other_org": 0, "total": 74}
    text = render_text(values, "2021", "glued")
    assert "713000074" in text
    report = parse_text(text)
    assert report.cell("applications.new.natural").value == 71
    assert report.cell("applications.new.business").value == 3
    assert report.cell("applications.new.natural").confidence < 1


@pytest.mark.parametrize("layout", ["tabs", "cells"])
def test_page_break_rows_are_missing_not_shifted(layout):
    values = random_values("2019", 11, big=True)
    lost = ("new", "carried_over", "granted", "partial", "denied_secret")
    report = parse_text(render_text(values, "2019", layout, drop_rows=lost + ("fees",)))
    for row in lost:
        for col, cell in report.tables["applications"][row].items():
            assert cell.status == "missing" and cell.value is None, (row, col)
    assert all(c.status == "missing" for c in report.tables["active"]["fees"].values())
    kept = copy.deepcopy(values)
    for row in lost:
        del kept["applications"][row]
    del kept["active"]["fees"]
    assert_values(report, kept)


TAB_TABLE_2019 = """\
某某区人民政府2019年政府信息公开工作年度报告
一、总体情况
本年度，我区认真贯彻落实条例。
二、主动公开政府信息情况
第二十条第（一）项\t\t\t
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t０\t0\t0
规范性文件\t1\t2\t３
第二十条第（五）项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t4h\t本年增加12项\t249
其他对外管理服务事项\t0\t减少3\t/
第二十条第（六）项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t5\t-3\t0
行政强制\t0\t0\t
第二十条第（八）项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t
行政事业性收费\t0\t0\t
第二十条第（九）项\t\t\t
信息内容\t采购项目数量\t采购总金额\t
政府集中采购\t1\t180000元\t
三、收到和处理政府信息公开申请情况
\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计
一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1
三、本年度办理结果\t（三）不予公开\t2.其他法律行政止公开\t0\t0\t0\t0\t0\t0\t0
"""


def test_cell_values_and_ocr_garbage():
    r = parse_text(TAB_TABLE_2019)
    assert r.meta.template == "2019"
    assert r.value("active.rules.made") == 0  # full-width digit
    assert r.value("active.normative.total") == 3
    bad = r.cell("active.licensing.prev_items")
    assert bad.status == "unreadable" and bad.value is None and bad.raw == "4h"
    assert r.value("active.licensing.change") == 12
    assert r.value("active.other_services.change") == -3
    assert r.cell("active.other_services.decisions").status == "na"
    assert r.value("active.penalty.change") == -3
    assert r.cell("active.coercion.decisions").status == "blank"
    assert r.value("active.procurement.amount") == 18  # 180000元 → 18 万元
    assert r.value("applications.new.natural") == 1


def test_label_typo_matched_and_repair_recorded():
    r = parse_text(TAB_TABLE_2019)
    assert r.value("applications.denied_law.total") == 0
    info = r.extraction["applications"]["rows"]["denied_law"]
    assert info["repaired_from"] == "2.其他法律行政止公开"
    assert all(c.status == "missing" for c in r.tables["applications"]["granted"].values())


def test_encodings_give_the_same_report():
    base = parse_text(TAB_TABLE_2019)
    for data in (TAB_TABLE_2019.encode("gb18030"), TAB_TABLE_2019.encode("gbk"),
                 b"\xef\xbb\xbf" + TAB_TABLE_2019.encode("utf-8"), TAB_TABLE_2019.encode("utf-16")):
        r = parse_text(data)
        assert r.values() == base.values()
        assert r.meta.agency == "某某区人民政府"


def test_meta_agency_never_named_is_none():
    text = "2019年度政府信息公开工作年度报告\n一、总体情况\n2019年，我局认真落实条例。\n"
    r = parse_text(text)
    assert r.meta.agency is None
    assert r.meta.year == 2019


def test_meta_agency_on_line_above_title_and_year_from_period():
    text = ("秀洲区经济信息商务局\n\n政府信息公开工作年度报告\n"
            "本报告所列数据统计期限自2019年1月1日至2019年12月31日。\n一、总体情况\n正文。\n")
    r = parse_text(text)
    assert r.meta.agency == "秀洲区经济信息商务局"
    assert r.meta.year == 2019
    assert (r.meta.tier, r.meta.body) == ("县", "department")


def test_meta_government_level_and_shared_title_word():
    r = parse_text("2019 年四方台区人民政府信息公开工作 年 度 报 告\n一、总体情况\n正文\n")
    assert r.meta.agency == "四方台区人民政府"
    assert (r.meta.tier, r.meta.body, r.meta.level) == ("县", "government", "县级政府")
    r = parse_text("淮安市人民政府2024年政府信息公开工作年度报告\n一、总体情况\n正文\n")
    assert r.meta.agency == "淮安市人民政府"
    assert r.meta.tier == "市"


def test_headings_numbered_with_digits_inline_and_missing():
    text = ("某某局2020年政府信息公开工作年度报告\n1、 总体情况\n概述。\n二、主动公开政府信息情况\n无。\n"
            "正文。三、收到和处理政府信息公开申请情况 本年未收到申请。四、政府信息公开行政法复议、行政诉讼情况\n无。\n"
            "六、其他需要报告的事项\n无。\n")
    r = parse_text(text)
    assert r.section_order == ["overview", "active", "applications", "reviews", "other"]
    assert r.section_headings["overview"]["number"] == "1"
    assert r.sections["applications"] == "本年未收到申请。"
    assert r.sections["problems"] is None
    assert r.sections["overview"] == "概述。"


def test_crawler_fields_give_title_date_and_agency():
    text = ("标题: 某某县2024年度政府信息公开工作年度报告\n发布时间: 2025-03-10 15:35\n发布机构: 某某县政府办公室\n"
            "==================== 正文 ====================\n一、总体情况 正文。\n")
    r = parse_text(text)
    assert r.meta.agency == "某某县"  # the title names the body; 发布机构 is who posted it
    assert r.meta.published_on == "2025-03-10"
    assert r.meta.year == 2024


def test_templates_are_recognised_hybrid():
    values = random_values("2021-hybrid", 5)
    r = parse_text(render_text(values, "2021-hybrid", "tabs"))
    assert r.meta.template == "2021-hybrid"
    assert_values(r, values)


def test_no_tables_before_2019_is_pre_2019():
    r = parse_text("某某局2017年政府信息公开工作年度报告\n一、概述\n2017年，我局主动公开信息120条。\n")
    assert r.meta.template == "pre-2019"
    assert TEMPLATES.get(r.meta.template) is None


def test_old_format_statistics_table_is_pre_2019_even_with_a_total_row():
    text = ("某某县2018年政府信息公开工作年度报告\n一、概述\n正文。\n二、主动公开政府信息情况\n"
            "政府信息公开情况统计表\n统计指标\t单位\t统计数\n主动公开政府信息数\t条\t120\n"
            "三、依申请公开情况\n收到申请数\t件\t3\n总计\t件\t3\n")
    r = parse_text(text)
    assert r.meta.template == "pre-2019"
    assert r.tables == {"active": {}, "applications": {}, "reviews": {}}


def test_ocr_garbled_label_is_placed_by_position_and_flagged():
    values = random_values("2019", 21, big=True)
    text = render_text(values, "2019", "tabs")
    assert "3.要求提供公开出版物" in text
    text = text.replace("3.要求提供公开出版物", "比6 4分")  # what an OCR engine made of it
    text = text.replace("4.无正当理由大量反复申请", "4. 无正当理由大量 反复申请")  # a label broken by spaces
    r = parse_text(text)
    assert_values(r, {"applications": {k: v for k, v in values["applications"].items() if k != "rejected_publication"}})
    for col, want in values["applications"]["rejected_publication"].items():
        cell = r.cell(f"applications.rejected_publication.{col}")
        assert cell.value == want and cell.confidence < 1
    assert r.extraction["applications"]["rows"]["rejected_publication"]["label"] == "比6 4分"


def test_label_tail_on_its_own_row_is_not_a_row():
    """Word exports sometimes put a wrapped label's tail on a row of its own ("已获取信息")."""
    values = random_values("2019", 22)
    text = render_text(values, "2019", "tabs")
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if "要求行政机关确认或重新出具已获取信息" in line)
    lines[i] = lines[i].replace("已获取信息", "")
    lines.insert(i + 1, "\t已获取信息\t\t\t\t\t\t\t")
    r = parse_text("\n".join(lines))
    assert_values(r, values)


def test_row_with_dropped_cells_is_unreadable_not_shifted():
    values = random_values("2021", 30)
    text = render_text(values, "2021", "tabs")
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if "（一）予以公开" in line)
    cells = lines[i].split("\t")
    lines[i] = "\t".join(cells[:-2])  # two value cells lost (OCR drop-out, column cut off)
    r = parse_text("\n".join(lines))
    for col, cell in r.tables["applications"]["granted"].items():
        assert cell.status == "unreadable" and cell.value is None, col
        assert cell.raw == " | ".join(cells[2:-2])
    assert r.value("applications.partial.total") == values["applications"]["partial"]["total"]


def test_text_that_is_no_report_is_refused_in_chinese():
    from xxgk.errors import NotAReport

    with pytest.raises(NotAReport, match="不像是政府信息公开工作年度报告"):
        parse_text("会议通知\n请各单位于下周一上午九点到会议室开会。\n")
