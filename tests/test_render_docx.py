"""render.docx: GB/T 9704 page, fonts with eastAsia attributes, page numbers, official merged tables."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from synthetic import make_report

from xxgk.model.statutory import BALANCE_NOTE, SECTIONS
from xxgk.render.docx import BODY_FONT, HEADING_FONT, SUBHEADING_FONT, TITLE_FONT, render_docx


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    r = make_report("2021", 1)
    r.sections["overview"] = "总体说明。\n（一）强化组织领导。本机关成立领导小组。"
    path = render_docx(r, tmp_path_factory.mktemp("docx") / "r.docx")
    return r, docx.Document(path)


def _east_asia(p):
    return p.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_page_is_gbt9704(doc):
    _, d = doc
    s = d.sections[0]
    mm = [round(x.mm, 1) for x in (s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin,
                                   s.right_margin)]
    assert mm == [210, 297, 37, 35, 28, 26]
    assert d.settings.odd_and_even_pages_header_footer
    odd = s.footer.paragraphs[0]
    assert odd.text == "— 1 —"  # the PAGE field's placeholder between the dashes
    assert 'PAGE' in odd._p.xml and s.even_page_footer.paragraphs[0].text == "— 1 —"


def test_title_headings_body_fonts(doc):
    r, d = doc
    paras = [p for p in d.paragraphs if p.text]
    assert paras[0].text == f"{r.meta.agency}{r.meta.year}年政府信息公开工作年度报告"
    assert _east_asia(paras[0]) == TITLE_FONT and paras[0].runs[0].font.size.pt == 22
    heads = [p for p in paras if p.text in {s.heading for s in SECTIONS}]
    assert [p.text for p in heads] == [s.heading for s in SECTIONS]
    assert {_east_asia(p) for p in heads} == {HEADING_FONT}
    body = next(p for p in paras if p.text == "总体说明。")
    assert _east_asia(body) == BODY_FONT and body.runs[0].font.size.pt == 16
    assert body.paragraph_format.line_spacing.pt == pytest.approx(28.95)
    sub = next(p for p in paras if p.text.startswith("（一）"))
    assert _east_asia(sub) == SUBHEADING_FONT


def test_tables_are_merged_as_the_template(doc):
    r, d = doc
    t2, t3, t4 = d.tables
    assert len(t3.rows) == 28 and len(t3.columns) == 10
    assert t3.cell(0, 0).text == BALANCE_NOTE and t3.cell(2, 2).text == BALANCE_NOTE  # one merged cell
    assert t3.cell(0, 3)._tc is t3.cell(0, 9)._tc  # 申请人情况 spans seven columns
    assert t3.cell(7, 1).text == "（三）不予公开" and t3.cell(14, 1)._tc is t3.cell(7, 1)._tc
    assert t3.cell(3, 9).text == str(r.value("applications.new.total"))
    assert len(t4.columns) == 15 and t4.cell(0, 5).text == "行政诉讼" and t4.cell(0, 14).text == "行政诉讼"
    assert t4.cell(3, 4).text == str(r.value("reviews.review.total"))
    assert t2.cell(0, 0).text == "第二十条第（一）项" and t2.cell(0, 3)._tc is t2.cell(0, 0)._tc
    # the head rows of table 三 repeat on each page
    assert t3.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
