"""xxgk.ingest.docx: DOCX → Document, merged cells as true spans."""

from __future__ import annotations

import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from xxgk.errors import UnreadableFile
from xxgk.ingest import Paragraph, Table, read_document
from xxgk.ingest.docx import read_docx
from xxgk.model.statutory import ACTIVE_2021, APPLICANT_COLUMNS, APPLICATIONS_2021, REVIEW_COLUMNS

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "office"))
import office_fixtures as fx  # noqa: E402
from truthfiles import TRUTHS, requires_corpus  # noqa: E402

OFFICIAL = Path("/work/shared/research/official_format/third_party_blank_template_2021_govnianbao.docx")
needs_official = pytest.mark.skipif(not OFFICIAL.exists(), reason="official blank template not available")


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def span(cell) -> tuple[int, int, int, int]:
    return (cell.row, cell.col, cell.rowspan, cell.colspan)


def find(table: Table, text: str):
    hits = [c for r in table.rows for c in r if squash(c.text).startswith(text)]
    assert len(hits) == 1, (text, [c.text for c in hits])
    return hits[0]


@pytest.fixture(scope="module")
def official():
    return read_docx(OFFICIAL)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return read_docx(fx.make_report_docx(tmp_path_factory.mktemp("docx") / "report.docx"))


def body_docx(path: Path, body_xml: str) -> Path:
    """A DOCX whose body is the given WordprocessingML (blocks only; the section properties are kept)."""
    d = docx.Document()
    body = d.element.body
    for el in list(body)[:-1]:
        body.remove(el)
    wrapper = parse_xml(f"<w:body {nsdecls('w')}>{body_xml}</w:body>")
    for i, el in enumerate(list(wrapper)):
        body.insert(i, el)
    d.save(str(path))
    return path


def tc(text: str = "", pr: str = "") -> str:
    return f"<w:tc><w:tcPr>{pr}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


# --- the official 2021 blank template -------------------------------------------------------------


@needs_official
def test_official_template_block_order(official):
    kinds = [b.kind for b in official.blocks]
    assert kinds.count("table") == 3
    heads = [b.text for b in official.blocks if isinstance(b, Paragraph)]
    assert heads[0] == "政府信息公开工作年度报告格式模板"
    order = [(b.kind, b.text if isinstance(b, Paragraph) else None) for b in official.blocks]
    i2 = order.index(("paragraph", "二、主动公开政府信息情况"))
    i3 = order.index(("paragraph", "三、收到和处理政府信息公开申请情况"))
    i4 = order.index(("paragraph", "四、政府信息公开行政复议、行政诉讼情况"))
    assert order[i2 + 1][0] == order[i3 + 1][0] == order[i4 + 1][0] == "table"
    assert official.blocks[i3 + 1] is official.tables[1]
    assert official.properties["author"] == "张幸瑾"
    assert official.properties["created"] == "2025-12-03"  # 2025-12-03T06:30:00Z, Beijing date
    assert official.warnings == []


@needs_official
def test_official_table3_spans(official):
    t = official.tables[1]
    assert len(t.rows) == 28 and t.n_cols == 10
    assert span(t.rows[0][0]) == (0, 0, 3, 3)  # the 勾稽关系 note over the label block
    assert span(find(t, "申请人情况")) == (0, 3, 1, 7)
    assert span(find(t, APPLICANT_COLUMNS[0].label)) == (1, 3, 2, 1)  # 自然人, two rows high
    assert span(find(t, "法人或其他组织")) == (1, 4, 1, 5)
    assert [c.col for c in t.rows[2]] == [4, 5, 6, 7, 8]
    assert [squash(c.text) for c in t.rows[2]] == [c.label for c in APPLICANT_COLUMNS[1:6]]
    assert span(find(t, "三、本年度办理结果")) == (5, 0, 22, 1)
    assert span(find(t, "（三）不予公开")) == (7, 1, 8, 1)
    assert span(find(t, "（四）无法提供")) == (15, 1, 3, 1)
    assert span(find(t, "（五）不予处理")) == (18, 1, 5, 1)
    assert span(find(t, "（六）其他处理")) == (23, 1, 3, 1)
    assert span(find(t, "（七）总计")) == (26, 1, 1, 2)
    assert span(find(t, "四、结转下年度继续办理")) == (27, 0, 1, 3)


@needs_official
def test_official_table3_rows_match_statutory_labels(official):
    t = official.tables[1]
    dense = t.dense()
    data_rows = [r for r in APPLICATIONS_2021.rows if not r.subtotal]
    assert len(dense) - 3 == len(data_rows) == 25
    for i, row in enumerate(data_rows):
        line = dense[3 + i]
        label = squash(line[2].text)  # the innermost label cell covering column 2
        assert row.label.replace("“", "").replace("”", "") in label.replace("“", "").replace("”", ""), (row, label)
        values = line[3:]
        assert [c.col for c in values] == list(range(3, 10))
        assert all(c.rowspan == c.colspan == 1 and c.text == "" for c in values)  # the blank form
        assert all(c.at == {"table": 1, "row": 3 + i, "col": c.col} for c in values)


@needs_official
def test_official_table2_and_table4(official):
    t2, t4 = official.tables[0], official.tables[2]
    assert len(t2.rows) == 14 and t2.n_cols == 4
    assert span(t2.rows[0][0]) == (0, 0, 1, 4)  # 第二十条第（一）项 across the table
    assert [squash(c.text) for c in t2.rows[1]] == ["信息内容", *[c.label for c in ACTIVE_2021.rows[0].columns]]
    licensing = [r for r in t2.rows if r and r[0].text == "行政许可"][0]
    assert [span(c) for c in licensing] == [(6, 0, 1, 1), (6, 1, 1, 3)]
    assert len(t4.rows) == 4 and t4.n_cols == 15
    assert [span(c) for c in t4.rows[0]] == [(0, 0, 1, 5), (0, 5, 1, 10)]
    assert [span(c) for c in t4.rows[1]][:5] == [(1, j, 2, 1) for j in range(5)]
    assert [squash(c.text) for c in t4.rows[2]] == [c.label for c in REVIEW_COLUMNS] * 2
    assert [c.col for c in t4.rows[3]] == list(range(15))


# --- a report built in code -----------------------------------------------------------------------


def test_report_block_order(report):
    b = report.blocks
    assert [x.kind for x in b] == ["paragraph"] * 6 + ["table", "paragraph", "table", "table", "paragraph"]
    assert (b[0].text, b[0].at, b[0].style) == (fx.HEADER, {"header": 0, "line": 0}, "header")
    # the text box comes once (not again from its VML fallback), anchored at body paragraph 0
    assert (b[1].text, b[1].at) == (fx.BOX_TEXT, {"paragraph": 0, "textbox": 0, "line": 0})
    assert report.text().count(fx.BOX_TEXT) == 1
    assert (b[2].text, b[2].at, b[2].style) == (fx.TITLE, {"paragraph": 1}, "Title")
    assert b[3].style.lower() == "heading 1"
    assert b[4].text == "本年度共收到政府信息公开申请21件。"
    assert report.properties["title"] == fx.TITLE and report.properties["author"] == "县政府办"


def test_report_table3_values_at_their_grid_positions(report):
    t = report.tables[0]
    assert len(t.rows) == fx.HEAD_ROWS + len(fx.ROWS) and t.n_cols == 10
    dense = t.dense()
    for i, row in enumerate(fx.ROWS):
        r = fx.HEAD_ROWS + i
        assert [dense[r][fx.VALUE_COL0 + j].text for j in range(7)] == fx.VALUES[row.key], row.key
        assert squash(dense[r][2].text) == squash(fx.label(row))
    assert dense[fx.HEAD_ROWS][fx.VALUE_COL0 + 6].text == "21"  # 一、本年新收 · 总计
    blank = dense[fx.HEAD_ROWS + [r.key for r in fx.ROWS].index("denied_law")][fx.VALUE_COL0]
    assert blank.text == "" and blank.at == {"table": 0, "row": blank.row, "col": fx.VALUE_COL0}
    assert span(find(t, "三、本年度办理结果")) == (5, 0, 22, 1)
    assert span(find(t, "（三）不予公开")) == (7, 1, 8, 1)
    assert span(find(t, "法人或其他组织")) == (1, 4, 1, 5)


def test_nested_table_follows_outer_and_outer_text_kept(report):
    outer, inner = report.tables[1], report.tables[2]
    assert [c.text for c in outer.rows[0]] == [fx.NESTED_NOTE, ""]
    assert inner.at == {"table": 2, "in": {"table": 1, "row": 0, "col": 1}}
    assert inner.texts() == [["项目", "件数"], ["依申请", "21"]]
    assert inner.rows[1][1].at == {"table": 2, "row": 1, "col": 1}


# --- XML edge cases -------------------------------------------------------------------------------


HRESTART = '<w:hMerge w:val="restart"/>'


def test_grid_before_and_hmerge(tmp_path):
    xml = (
        "<w:tbl><w:tblGrid>" + "<w:gridCol w:w='1000'/>" * 4 + "</w:tblGrid>"
        f"<w:tr>{tc('A')}{tc('B')}{tc('C')}{tc('D')}</w:tr>"
        f"<w:tr><w:trPr><w:gridBefore w:val='2'/></w:trPr>{tc('x')}{tc('y')}</w:tr>"
        f"<w:tr>{tc('h', HRESTART)}{tc('', '<w:hMerge/>')}{tc('3')}{tc('4')}</w:tr>"
        "</w:tbl>"
    )
    t = read_docx(body_docx(tmp_path / "g.docx", xml)).tables[0]
    assert [(c.text, c.col) for c in t.rows[1]] == [("x", 2), ("y", 3)]
    assert [span(c) for c in t.rows[2]] == [(2, 0, 1, 2), (2, 2, 1, 1), (2, 3, 1, 1)]
    assert [c.text for c in t.rows[2]] == ["h", "3", "4"]


def test_content_controls_tracked_changes_tabs_breaks(tmp_path):
    xml = (
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>控件内段落</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "<w:p><w:r><w:t>共收到</w:t></w:r><w:del><w:r><w:delText>12</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>21</w:t></w:r></w:ins><w:r><w:t>件</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r></w:p>"
        "<w:p/>"
        "<w:tbl><w:tr><w:sdt><w:sdtContent>" + tc("5") + "</w:sdtContent></w:sdt>" + tc("\u3000") + "</w:tr></w:tbl>"
    )
    doc = read_docx(body_docx(tmp_path / "s.docx", xml))
    paras = [(p.text, p.at["paragraph"]) for p in doc.paragraphs]
    assert paras == [("控件内段落", 0), ("共收到21件", 1), ("甲\t乙\n丙", 2)]  # empty paragraph 3 skipped
    assert [(c.text, c.col) for c in doc.tables[0].rows[0]] == [("5", 0), ("", 1)]  # U+3000 padding = blank


def test_vmerge_continue_without_restart_starts_a_cell(tmp_path):
    xml = f"<w:tbl><w:tr>{tc('a', '<w:vMerge/>')}{tc('b')}</w:tr><w:tr>{tc('', '<w:vMerge/>')}{tc('c')}</w:tr></w:tbl>"
    t = read_docx(body_docx(tmp_path / "v.docx", xml)).tables[0]
    # a row-0 "continue" has nothing above: it is its own cell, and row 1 continues it
    assert [span(c) for c in t.rows[0]] == [(0, 0, 2, 1), (0, 1, 1, 1)]
    assert [span(c) for c in t.rows[1]] == [(1, 1, 1, 1)]


def test_ragged_rows_warn(tmp_path):
    xml = f"<w:tbl><w:tr>{tc('a')}{tc('b')}{tc('c')}</w:tr><w:tr>{tc('d')}</w:tr></w:tbl>"
    doc = read_docx(body_docx(tmp_path / "r.docx", xml))
    assert doc.tables[0].texts() == [["a", "b", "c"], ["d"]]
    assert any("列数不一致" in w for w in doc.warnings)


def test_core_dates_are_beijing_dates(tmp_path):
    d = docx.Document()
    d.core_properties.created = datetime(2023, 12, 31, 20, 0, 0)  # written as 2023-12-31T20:00:00Z
    d.add_paragraph("x")
    d.save(str(tmp_path / "d.docx"))
    props = read_docx(tmp_path / "d.docx").properties
    assert props["created"] == "2024-01-01"
    assert props["created_at"] == "2024-01-01T04:00:00+08:00"


def test_properties_not_invented_when_core_part_missing(tmp_path):
    src = fx.make_report_docx(tmp_path / "a.docx")
    dst = tmp_path / "b.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            if item.filename != "docProps/core.xml":
                zout.writestr(item, zin.read(item.filename))
    props = read_docx(dst).properties
    assert "title" not in props and "modified" not in props  # python-docx would say "Word Document", now


def test_dangling_relationship_falls_back_to_raw_xml(tmp_path):
    src = fx.make_report_docx(tmp_path / "a.docx")
    dst = tmp_path / "b.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            if not item.filename.startswith("word/header"):
                zout.writestr(item, zin.read(item.filename))
    doc = read_docx(dst)
    assert any("python-docx" in w for w in doc.warnings)
    assert doc.paragraphs[0].text == fx.BOX_TEXT  # header part gone, the body is read as before
    assert fx.TITLE in [p.text for p in doc.paragraphs]
    assert doc.tables[0].dense()[fx.HEAD_ROWS][fx.VALUE_COL0 + 6].text == "21"


# --- damaged files --------------------------------------------------------------------------------


def test_truncated_docx(tmp_path):
    data = fx.make_report_docx(tmp_path / "a.docx").read_bytes()
    bad = tmp_path / "cut.docx"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableFile, match="DOCX 文件已损坏"):
        read_docx(bad)
    with pytest.raises(UnreadableFile, match="cut.docx"):
        read_document(bad)


def test_zip_without_document_xml(tmp_path):
    bad = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/styles.xml", "<x/>")
    with pytest.raises(UnreadableFile, match="word/document.xml"):
        read_docx(bad)


def test_broken_document_xml(tmp_path):
    src = fx.make_report_docx(tmp_path / "a.docx")
    dst = tmp_path / "b.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    with pytest.raises(UnreadableFile, match="DOCX 文件已损坏"):
        read_docx(dst)


def test_zero_byte_docx(tmp_path):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableFile, match="文件为空"):
        read_document(empty)
    with pytest.raises(UnreadableFile):
        read_docx(empty)


def test_read_document_dispatches_docx(tmp_path):
    doc = read_document(fx.make_report_docx(tmp_path / "a.docx"))
    assert doc.source["format"] == "docx" and len(doc.source["sha256"]) == 64
    assert len(doc.tables) == 3


NUMBERING = (
    '<w:abstractNum {ns} w:abstractNumId="90">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
    "</w:abstractNum>"
)


def numbered(text: str, ilvl: int | None, num_id: int = 90) -> str:
    pr = "" if ilvl is None else f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
    return f"<w:p>{pr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def test_automatic_list_numbers_are_rendered(tmp_path):
    """Word draws "一、" "（三）" "1." from numbering.xml; the text must carry them as printed."""
    body = "".join([
        numbered("总体情况", 0), numbered("予以公开", 1), numbered("部分公开", 1), numbered("不予公开", 1),
        numbered("属于国家秘密", 2), numbered("其他法律行政法规禁止公开", 2), numbered("不编号", None),
        numbered("主动公开政府信息情况", 0), numbered("规章", 1),
        "<w:tbl><w:tr><w:tc>" + numbered("表内条目", 1) + "</w:tc></w:tr></w:tbl>",
        numbered("取消编号", 0, num_id=0),
    ])
    path = body_docx(tmp_path / "n.docx", body)
    d = docx.Document(str(path))
    numbering = d.part.numbering_part.element
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    abstract = parse_xml(NUMBERING.format(ns=nsdecls("w")))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    d.save(str(path))
    doc = read_docx(path)
    assert [p.text for p in doc.paragraphs] == [
        "一、总体情况", "（一）予以公开", "（二）部分公开", "（三）不予公开", "1.属于国家秘密",
        "2.其他法律行政法规禁止公开", "不编号", "二、主动公开政府信息情况", "（一）规章", "取消编号",
    ]
    assert doc.tables[0].rows[0][0].text == "（二）表内条目"  # counting goes on inside the table


VRESTART = '<w:vMerge w:val="restart"/>'


def wtc(text: str, width: int, pr: str = "") -> str:
    return tc(text, f'<w:tcW w:w="{width}" w:type="dxa"/>{pr}')


def test_ragged_table_aligned_by_cell_widths(tmp_path):
    """Converters sometimes drop gridSpan; the widths still show which columns a cell covers."""
    xml = (
        "<w:tbl>"
        f"<w:tr>{wtc('项目', 3000, VRESTART)}{wtc('申请人情况', 7000)}</w:tr>"
        f"<w:tr>{wtc('', 3000, '<w:vMerge/>')}" + "".join(wtc(f"h{j}", 1000) for j in range(7)) + "</w:tr>"
        f"<w:tr>{wtc('一、本年新收', 3000)}" + "".join(wtc(str(j), 1000) for j in range(7)) + "</w:tr>"
        f"<w:tr>{wtc('三、办理结果', 1000)}{wtc('（一）予以公开', 2010)}"
        + "".join(wtc(str(10 + j), 995) for j in range(7)) + "</w:tr>"
        "</w:tbl>"
    )
    doc = read_docx(body_docx(tmp_path / "w.docx", xml))
    t = doc.tables[0]
    assert [span(c) for c in t.rows[0]] == [(0, 0, 2, 2), (0, 2, 1, 7)]
    assert [c.col for c in t.rows[1]] == list(range(2, 9))
    assert [(c.col, c.colspan) for c in t.rows[2]] == [(0, 2), *[(j, 1) for j in range(2, 9)]]
    assert [(c.text, c.col, c.colspan) for c in t.rows[3][:3]] == [("三、办理结果", 0, 1), ("（一）予以公开", 1, 1),
                                                                  ("10", 2, 1)]
    assert t.dense()[3][8].text == "16" and t.dense()[2][8].text == "6"
    assert any("按单元格宽度" in w for w in doc.warnings)


# --- real reports, rendered to DOCX by xxgk.render and read back ----------------------------------


def known_cells(report):
    for tkey, rows in report.tables.items():
        for row, cols in rows.items():
            for col, cell in cols.items():
                if cell.status != "missing":
                    yield f"{tkey}.{row}.{col}", cell


# one report per template kind (2019, 2021, 2021-hybrid): rendering is the slow part
ONE_PER_TEMPLATE = list({t.data.get("meta", {}).get("template"): t for t in reversed(TRUTHS)}.values())


@requires_corpus
@pytest.mark.parametrize("truth", ONE_PER_TEMPLATE, ids=lambda t: t.name)
def test_rendered_real_report_reads_back(truth, tmp_path):
    """Every value of a real report's answer file survives render → DOCX → read_docx → extract."""
    import xxgk
    from xxgk.render.docx import render_docx

    want = truth.report()
    got = xxgk.parse(render_docx(want, tmp_path / "r.docx"), checks=False)
    cells = dict(known_cells(want))
    assert cells
    diffs = {p: (c.value, c.status, got.cell(p) and (got.cell(p).value, got.cell(p).status))
             for p, c in cells.items() if got.cell(p) is None or (got.cell(p).value, got.cell(p).status) != (c.value, c.status)}
    assert diffs == {}
    assert (got.meta.year, got.meta.template) == (want.meta.year, want.meta.template)


def with_alt_chunk(path: Path, data: bytes, content_type: str, before: str, after: str) -> Path:
    """A DOCX whose body imports an embedded part (w:altChunk) between two paragraphs."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    d = docx.Document()
    d.add_paragraph(before)
    doc_part = d.part
    chunk = Part(PackURI("/word/afchunk1.htm"), content_type, data, doc_part.package)
    rid = doc_part.relate_to(chunk, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk")
    body = d.element.body
    body.insert(len(body) - 1, parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rid}"/>'))
    d.add_paragraph(after)
    d.save(str(path))
    return path


def test_alt_chunk_html_is_read_in_place(tmp_path):
    html = ("<html><head><meta charset='gb2312'></head><body><p>一、总体情况</p>"
            "<table><tr><td rowspan='2'>行政复议</td><td>结果维持</td></tr><tr><td>3</td></tr></table>"
            "</body></html>").encode("gbk")
    doc = read_docx(with_alt_chunk(tmp_path / "c.docx", html, "text/html", "标题在前", "落款在后"))
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph", "table", "paragraph"]
    assert [p.text for p in doc.paragraphs] == ["标题在前", "一、总体情况", "落款在后"]
    assert doc.paragraphs[1].at == {"chunk": 0, "paragraph": 0}
    assert doc.paragraphs[2].at == {"paragraph": 1}
    t = doc.tables[0]
    assert [[(c.text, span(c)) for c in r] for r in t.rows] == [
        [("行政复议", (0, 0, 2, 1)), ("结果维持", (0, 1, 1, 1))], [("3", (1, 1, 1, 1))]]
    assert t.at == {"table": 0, "chunk": 0}


def test_hidden_text_is_not_read(tmp_path):
    xml = ("<w:p><w:r><w:t>共收到</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>（隐藏批注）</w:t></w:r>"
           "<w:r><w:rPr><w:vanish w:val='0'/></w:rPr><w:t>21件</w:t></w:r></w:p>")
    assert [p.text for p in read_docx(body_docx(tmp_path / "h.docx", xml)).paragraphs] == ["共收到21件"]


def test_numbered_by_paragraph_style_alone(tmp_path):
    """No w:numPr in the body: the number comes from the paragraph style (python-docx's "List Number")."""
    xml = ('<w:p><w:pPr><w:pStyle w:val="ListNumber"/></w:pPr><w:r><w:t>第一项</w:t></w:r></w:p>'
           '<w:p><w:pPr><w:pStyle w:val="ListNumber"/></w:pPr><w:r><w:t>第二项</w:t></w:r></w:p>'
           "<w:p><w:r><w:t>正文</w:t></w:r></w:p>")
    assert [p.text for p in read_docx(body_docx(tmp_path / "s.docx", xml)).paragraphs] == [
        "1.第一项", "2.第二项", "正文"]


def test_hidden_runs_of_every_shape_are_not_read(tmp_path):
    """Hidden runs holding a tab, a symbol or properties after the text, beside visible ones of the same shapes."""
    xml = ("<w:p><w:r><w:t>甲</w:t><w:tab/></w:r>"
           "<w:r><w:rPr><w:vanish/></w:rPr><w:tab/><w:t>隐一</w:t></w:r>"
           '<w:r><w:rPr><w:vanish/></w:rPr><w:sym w:font="SimSun" w:char="4E00"/><w:t>隐二</w:t></w:r>'
           '<w:r><w:sym w:font="SimSun" w:char="4E59"/><w:t>丙</w:t></w:r>'
           "<w:r><w:t>隐三</w:t><w:rPr><w:vanish/></w:rPr></w:r>"
           "<w:r><w:t>丁</w:t><w:rPr><w:b/></w:rPr><w:rPr><w:vanish/></w:rPr></w:r></w:p>"
           "<w:tbl><w:tr>" + tc("格内") + "<w:tc><w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>藏</w:t></w:r>"
           "<w:r><w:t>显</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")
    doc = read_docx(body_docx(tmp_path / "h2.docx", xml))
    assert [p.text for p in doc.paragraphs] == ["甲\t乙丙丁"]
    assert doc.tables[0].texts() == [["格内", "显"]]
