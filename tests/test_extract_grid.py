"""Grids with spans (as CMS pages and Word print them) → template cells."""

from __future__ import annotations

from xxgk.extract import extract
from xxgk.ingest.html import read_html


def _tr(*cells: str) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def td(text: str = "&nbsp;", colspan: int = 1, rowspan: int = 1) -> str:
    attrs = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    return f"<td{attrs}><p>{text}</p></td>"


# A CMS page in the shape many 2019-format reports were published in: table 二's value cells merged
# differently from its header cells, blank (&nbsp;) applicant cells, and table 四 with blank cells.
TABLE2 = "".join([
    _tr(td("第二十条第（一）项", colspan=5)),
    _tr(td("信息内容"), td("本年新<br/>制作数量"), td("本年新<br/>公开数量", colspan=2), td("对外公开总数量")),
    _tr(td("规章"), td("13"), td("13", colspan=2), td("524")),
    _tr(td("规范性文件"), td("60"), td("60", colspan=2), td("368")),
    _tr(td("第二十条第（五）项", colspan=5)),
    _tr(td("信息内容"), td("上一年项目数量"), td("本年增/减", colspan=2), td("处理决定数量")),
    _tr(td("行政许可"), td("7", colspan=2), td("-2"), td("31")),
    _tr(td("其他对外管理服务事项"), td("0", colspan=2), td("0"), td("0")),
    _tr(td("第二十条第（六）项", colspan=5)),
    _tr(td("信息内容"), td("上一年项目数量"), td("本年增/减", colspan=2), td("处理决定数量")),
    _tr(td("行政处罚"), td("4", colspan=2), td("0"), td("9")),
    _tr(td("行政强制"), td("0", colspan=2), td("0"), td("0")),
    _tr(td("第二十条第（八）项", colspan=5)),
    _tr(td("信息内容"), td("上一年项目数量", colspan=2), td("本年增/减", colspan=2)),
    _tr(td("行政事业性收费"), td("1", colspan=2), td("0", colspan=2)),
    _tr(td("第二十条第（九）项", colspan=5)),
    _tr(td("信息内容"), td("采购项目数量", colspan=2), td("采购总金额", colspan=2)),
    _tr(td("政府集中采购"), td("6", colspan=2), td("251000元", colspan=2)),
])

APPS = [  # row label, group label (rowspan), values natural..total ("" = blank)
    ("一、本年新收政府信息公开申请数量", None, ["21", "3", "", "", "1", "", "25"]),
    ("二、上年结转政府信息公开申请数量", None, ["2", "", "", "", "", "", "2"]),
    ("（一）予以公开", "三、本年度办理结果", ["10", "1", "", "", "1", "", "12"]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", ["3", "", "", "", "", "", "3"]),
    ("1.属于国家秘密", "（三）不予公开", ["1", "", "", "", "", "", "1"]),
    ("2.其他法律行政法规禁止公开", "", [""] * 7),
    ("3.危及“三安全一稳定”", "", [""] * 7),
    ("4.保护第三方合法权益", "", [""] * 7),
    ("5.属于三类内部事务信息", "", [""] * 7),
    ("6.属于四类过程性信息", "", ["2", "1", "", "", "", "", "3"]),
    ("7.属于行政执法案卷", "", [""] * 7),
    ("8.属于行政查询事项", "", [""] * 7),
    ("1.本机关不掌握相关政府信息", "（四）无法提供", ["4", "", "", "", "", "", "4"]),
    ("2.没有现成信息需要另行制作", "", [""] * 7),
    ("3.补正后申请内容仍不明确", "", [""] * 7),
    ("1.信访举报投诉类申请", "（五）不予处理", ["1", "", "", "", "", "", "1"]),
    ("2.重复申请", "", [""] * 7),
    ("3.要求提供公开出版物", "", [""] * 7),
    ("4.无正当理由大量反复申请", "", [""] * 7),
    ("5.要求行政机关确认或重新出具已获取信息", "", [""] * 7),
    ("（六）其他处理", "", [""] * 7),
    ("（七）总计", "", ["21", "2", "", "", "1", "", "24"]),
    ("四、结转下年度继续办理", None, ["2", "1", "", "", "", "", "3"]),
]
GROUP_SPANS = {"三、本年度办理结果": 20, "（三）不予公开": 8, "（四）无法提供": 3, "（五）不予处理": 5}


def _table3() -> str:
    rows = [
        _tr(td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan=3, rowspan=3),
            td("申请人情况", colspan=7)),
        _tr(td("自然人", rowspan=2), td("法人或其他组织", colspan=5), td("总计", rowspan=2)),
        _tr(*(td(x) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"))),
    ]
    for label, group, vals in APPS:
        cells = []
        if group is None:
            cells.append(td(label, colspan=3))
        else:
            if group == "三、本年度办理结果":
                cells.append(td(group, rowspan=GROUP_SPANS[group]))
            if label.startswith("（"):
                cells.append(td(label, colspan=2))
            else:
                if label.startswith("1."):
                    owner = next(g for lab, g, _v in APPS if lab == label and g)
                    cells.append(td(owner, rowspan=GROUP_SPANS[owner]))
                cells.append(td(label))
        cells.extend(td(v or "&nbsp;") for v in vals)
        rows.append(_tr(*cells))
    return "".join(rows)


TABLE4 = "".join([
    _tr(td("行政复议", colspan=5), td("行政诉讼", colspan=10)),
    _tr(*(td(x, rowspan=2) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")),
        td("未经复议直接起诉", colspan=5), td("复议后起诉", colspan=5)),
    _tr(*(td(x) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2)),
    _tr(td("5"), td(), td(), td("2"), td("7"), td("8"), td(), td(), td("1"), td("9"), td(), td(), td(), td(), td()),
])

PAGE = f"""<html><head><meta charset="gbk"><title>某某市人民政府办公厅2019年政府信息公开工作年度报告</title></head>
<body><div class="nav">首页 &gt; 政务公开 &gt; 年报</div><div class="article">
<p style="text-align:center">某某市人民政府办公厅2019年政府信息公开工作年度报告</p>
<p>本年度报告中所列数据统计期限从2019年1月1日到12月31日止。</p>
<p>一、总体情况</p><p>（一）主动公开方面</p><p>主动公开规章13件。</p>
<p>二、主动公开政府信息情况</p><table border="1">{TABLE2}</table>
<p>三、收到和处理政府信息公开申请情况</p><table border="1">{_table3()}</table>
<p><br/>四、政府信息公开行政复议、行政诉讼情况</p><table border="1">{TABLE4}</table>
<p>五、政府信息公开工作存在的主要问题及改进情况</p><p>一是解读有待加强。</p>
<p>六、其他需要报告的事项</p><p>无。</p></div></body></html>"""


def parse_page():
    return extract(read_html(PAGE.encode("gbk"), "page.html"))


def test_table2_values_under_headers_merged_differently():
    r = parse_page()
    assert r.meta.template == "2019"
    assert r.meta.agency == "某某市人民政府办公厅"
    want = {
        "rules": {"made": 13, "published": 13, "total": 524},
        "normative": {"made": 60, "published": 60, "total": 368},
        "licensing": {"prev_items": 7, "change": -2, "decisions": 31},
        "penalty": {"prev_items": 4, "change": 0, "decisions": 9},
        "fees": {"prev_items": 1, "change": 0},
        "procurement": {"projects": 6, "amount": 25.1},
    }
    for row, cols in want.items():
        for col, v in cols.items():
            assert r.value(f"active.{row}.{col}") == v, (row, col)


def test_table3_blank_cells_stay_blank_and_values_are_in_their_columns():
    r = parse_page()
    keys = [k for k in r.tables["applications"]]
    assert keys[0] == "new" and keys[-1] == "carried_forward"
    cols = ["natural", "business", "research", "nonprofit", "legal", "other_org", "total"]
    order = [k for k in r.template.applications.row_keys if not r.template.applications.row(k).subtotal]
    for key, (_label, _group, vals) in zip(order, APPS, strict=True):
        for col, v in zip(cols, vals, strict=True):
            cell = r.cell(f"applications.{key}.{col}")
            if v:
                assert cell.value == int(v) and cell.status == "ok", (key, col)
            else:
                assert cell.value is None and cell.status == "blank", (key, col)


def test_table4_blank_cells_positional():
    r = parse_page()
    assert r.value("reviews.review.upheld") == 5
    assert r.cell("reviews.review.corrected").status == "blank"
    assert r.value("reviews.review.total") == 7
    assert r.value("reviews.suit_direct.upheld") == 8
    assert r.value("reviews.suit_direct.total") == 9
    assert all(c.status == "blank" for c in r.tables["reviews"]["suit_after_review"].values())


def test_sections_and_subheading_not_taken_for_a_section():
    r = parse_page()
    assert r.section_order == ["overview", "active", "applications", "reviews", "problems", "other"]
    assert r.sections["overview"].startswith("（一）主动公开方面")
    assert r.sections["problems"] == "一是解读有待加强。"
