"""xxgk.ingest.pdf: born-digital PDFs → Document.

Real reports from ../shared/corpus/real (values checked against their truth files) and tiny PDFs
written byte by byte below (a CID font needs no embedding, so no PDF library is required).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from xxgk.errors import EncryptedPdf, MissingTool, UnreadableFile
from xxgk.ingest import read_document
from xxgk.ingest.document import Document, Paragraph, Table
from xxgk.ingest.pdf import read_pdf
from xxgk.model.statutory import APPLICANT_COLUMNS, REVIEW_COLUMNS, SECTIONS, template

REAL = Path("/work/shared/corpus/real")
if not REAL.exists():
    REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
PDFS = sorted(REAL.glob("*.pdf"))
CREATED = {"001": "2024-02-26", "002": "2025-02-25", "003": "2025-02-25"}
_NUM = re.compile(r"^\d+(?:\.\d+)?$")

needs_corpus = pytest.mark.skipif(not PDFS, reason="corpus of real PDFs not present")


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docs() -> dict[str, tuple[Document, dict]]:
    out = {}
    for p in PDFS:
        truth = json.loads(p.with_suffix(".truth.json").read_text(encoding="utf-8"))
        out[p.name[:3]] = (read_pdf(p), truth)
    return out


def _table_with(doc: Document, fragment: str) -> Table:
    for t in doc.tables:
        if any(fragment in c.text for r in t.rows for c in r):
            return t
    raise AssertionError(f"no table contains {fragment!r}")


def _row(t: Table, fragment: str) -> list:
    """The dense grid row whose label cells contain ``fragment``."""
    for r in t.dense():
        labels = [c.text for c in r if c is not None and not _NUM.match(c.text)]
        if any(fragment in lab for lab in labels):
            return r
    raise AssertionError(f"no row labelled {fragment!r}")


def _values(row: list, n: int) -> list[str]:
    cells = []
    for c in row:
        if c is not None and (not cells or cells[-1] is not c):
            cells.append(c)
    return [c.text for c in cells[-n:]]


def _num(v) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def _block_index(doc: Document, pred) -> int:
    for i, b in enumerate(doc.blocks):
        if pred(b):
            return i
    raise AssertionError("block not found")


# --- real reports ----------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("key", ["001", "002", "003"])
def test_table3_rows_match_truth(docs, key):
    doc, truth = docs[key]
    apps = truth["applications"]
    cols = [c.key for c in APPLICANT_COLUMNS]
    t = _table_with(doc, "本年新收")
    for row_key, fragment in (("new", "本年新收"), ("carried_over", "上年结转"), ("total", "总计"),
                              ("carried_forward", "结转下年度")):
        row = _row(t, fragment) if row_key != "total" else _row(t, "（七）")
        assert _values(row, 7) == [_num(apps[row_key][c]) for c in cols], row_key
    # Every value row of the grid, in printed order, is the truth's rows in template order.
    spec = template(truth["meta"]["template"]).applications
    expected = [[_num(apps[r.key][c]) for c in cols] for r in spec.rows if not r.subtotal and r.key in apps]
    got = []
    for r in t.rows:
        texts = [c.text for c in r]
        if len(texts) >= 7 and all(_NUM.match(x) for x in texts[-7:]):
            got.append(texts[-7:])
    assert got == expected


@needs_corpus
@pytest.mark.parametrize("key", ["001", "002", "003"])
def test_table4_values_match_truth(docs, key):
    doc, truth = docs[key]
    t = _table_with(doc, "未经复议直接起诉")
    numeric = [r for r in t.rows if len(r) == 15 and all(_NUM.match(c.text) for c in r)]
    assert len(numeric) == 1
    expected = [_num(truth["reviews"][b][c.key]) for b in ("review", "suit_direct", "suit_after_review")
                for c in REVIEW_COLUMNS]
    assert [c.text for c in numeric[0]] == expected
    assert [c.col for c in numeric[0]] == list(range(15))


@needs_corpus
@pytest.mark.parametrize("key", ["001", "002", "003"])
def test_table2_rows_match_truth(docs, key):
    doc, truth = docs[key]
    act = truth["active"]
    t = _table_with(doc, "行政规范性文件")
    assert _values(_row(t, "规章"), 3) == [_num(act["rules"][c]) for c in ("issued", "repealed", "in_force")]
    assert _values(_row(t, "行政规范性文件"), 3) == [
        _num(act["normative"][c]) for c in ("issued", "repealed", "in_force")
    ]
    for row_key, label in (("licensing", "行政许可"), ("penalty", "行政处罚"), ("coercion", "行政强制")):
        assert _values(_row(t, label), 1) == [_num(act[row_key]["decisions"])]
    assert float(_values(_row(t, "行政事业性收费"), 1)[0]) == act["fees"]["amount"]
    # Table 二 continues on the next page: one Table, each cell keeping its own page.
    assert len(t.at["pages"]) == 2
    assert _row(t, "规章")[0].at["page"] == t.at["pages"][0]
    assert _row(t, "行政事业性收费")[0].at["page"] == t.at["pages"][1]


@needs_corpus
@pytest.mark.parametrize("key", ["001", "002", "003"])
def test_vertical_group_label_is_one_cell_over_its_rows(docs, key):
    doc, _ = docs[key]
    t = _table_with(doc, "本年新收")
    labels = [c for r in t.rows for c in r if c.text == "三、本年度办理结果"]
    assert len(labels) == 1
    cell = labels[0]
    first = next(r for r in t.dense() if r[cell.col + 1] is not None and "予以公开" in r[cell.col + 1].text)
    last = next(r for r in t.dense() if any(c is not None and "（七）" in c.text for c in r))
    rows = [i for i, r in enumerate(t.dense()) if r[cell.col] is cell]
    assert rows[0] == t.dense().index(first) and rows[-1] == t.dense().index(last)
    assert cell.rowspan == len(rows) >= 20
    # The label is printed across the page break: it keeps both pages.
    assert cell.at["page"] == t.at["pages"][0]
    assert cell.at["continued"][0]["page"] == t.at["pages"][1]
    assert len(cell.at["bbox"]) == 4


@needs_corpus
def test_label_cut_by_page_break_is_joined(docs):
    # 003: "（四）无" at the foot of page 4, "法提供" at the head of page 5.
    doc, _ = docs["003"]
    t = _table_with(doc, "本年新收")
    cell = next(c for r in t.rows for c in r if c.text == "（四）无法提供")
    assert cell.rowspan == 3
    assert cell.at["page"] == 4 and cell.at["continued"][0]["page"] == 5


@needs_corpus
@pytest.mark.parametrize("key", ["001", "002", "003"])
def test_no_page_number_in_cells_or_text(docs, key):
    doc, _ = docs[key]
    n = doc.source["pages"]
    assert doc.properties["page_labels"] == [str(i) for i in range(1, n + 1)]
    page_no = re.compile(r"^[-—\s]*\d{1,2}[-—\s]*$")
    for t in doc.tables:
        for r in t.rows:
            for c in r:
                assert not re.match(r"^[-—]\s*\d+\s*[-—]$", c.text)
    for p in doc.paragraphs:
        assert not page_no.match(p.text), p.text
        assert not p.text.endswith(("- 1 -", "-1-")), p.text


@needs_corpus
@pytest.mark.parametrize("key", ["001", "002", "003"])
def test_headings_are_paragraphs_in_order_around_tables(docs, key):
    doc, _ = docs[key]
    heads = [
        _block_index(doc, lambda b, s=s: isinstance(b, Paragraph) and b.text == s.heading) for s in SECTIONS
    ]
    assert heads == sorted(heads)
    t2 = _block_index(doc, lambda b: isinstance(b, Table) and "行政规范性文件" in b.texts().__str__())
    t3 = _block_index(doc, lambda b: isinstance(b, Table) and "本年新收" in b.texts().__str__())
    t4 = _block_index(doc, lambda b: isinstance(b, Table) and "复议后起诉" in b.texts().__str__())
    assert heads[1] < t2 < heads[2] < t3 < heads[3] < t4 < heads[4]
    assert len(doc.tables) == 3
    for p in doc.paragraphs:
        assert set(p.at) >= {"page", "line", "bbox"}


@needs_corpus
@pytest.mark.parametrize("key", ["001", "002", "003"])
def test_metadata(docs, key):
    doc, truth = docs[key]
    assert doc.properties["created"] == CREATED[key]
    assert doc.properties["created"] in truth["notes"]
    assert doc.properties["author"] == "王守强"  # UTF-16LE with BOM in the Info dictionary
    assert "政府信息公开工作年度报告" in doc.properties["title"]
    assert doc.source["format"] == "pdf"
    assert doc.source["pages"] == (6 if key == "003" else 5)


@needs_corpus
def test_paragraph_cut_by_page_break_is_one_paragraph(docs):
    doc, _ = docs["001"]
    p = next(p for p in doc.paragraphs if p.text.startswith("加强区政府门户网站"))
    assert "严格执行“分级审核、先审后发”程序" in p.text  # "分" ends page 1, "级审核" starts page 2
    assert p.at["page"] == 1 and p.at["to"]["page"] == 2
    run_in = next(p for p in doc.paragraphs if p.text.startswith("（四）政府信息公开平台建设情况。"))
    assert "将相关功能进行集约整合" in run_in.text


@needs_corpus
def test_read_document_dispatches_to_pdf():
    doc = read_document(PDFS[0])
    assert doc.source["format"] == "pdf" and len(doc.source["sha256"]) == 64
    assert len(doc.tables) == 3


# --- tiny PDFs written by hand ---------------------------------------------------------------


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def make_pdf(pages: list[list[tuple]], info: dict[str, bytes] | None = None, width=595, height=842) -> bytes:
    """A PDF from drawing operations, coordinates from the top-left like pdfplumber's.

    ("t", x, top, size, text)   text in STSong-Light (UniGB-UCS2-H, not embedded; every glyph 1 em wide)
    ("l", x0, top0, x1, top1)   a 0.5 pt ruling line
    ("img",)                    a grey image over the whole page (a scan)
    """
    objs: list[bytes] = []

    def add(b: bytes) -> int:
        objs.append(b)
        return len(objs)

    cat = add(b"")
    pages_id = add(b"")
    font = add(b"")
    cid = add(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /ItalicAngle 0 "
        b"/FontBBox [0 -120 1000 880] /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >> >>"
    )
    objs[font - 1] = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [%d 0 R] >>" % cid
    )
    img = add(
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream"
    )
    kids = []
    for ops in pages:
        out = []
        for op in ops:
            if op[0] == "t":
                _, x, top, size, text = op
                y = height - top - size * 0.88
                out.append(f"BT /F1 {size} Tf 1 0 0 1 {x} {y:.2f} Tm <{_hex(text)}> Tj ET")
            elif op[0] == "l":
                _, x0, t0, x1, t1 = op
                out.append(f"0.5 w {x0} {height - t0} m {x1} {height - t1} l S")
            elif op[0] == "img":
                out.append(f"q {width} 0 0 {height} 0 0 cm /Im1 Do Q")
        stream = "\n".join(out).encode()
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
                % (pages_id, width, height, content, font, img)
            )
        )
    objs[cat - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objs[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info_id = None
    if info:
        entries = b" ".join(b"/%s <%s>" % (k.encode(), v.hex().encode()) for k, v in info.items())
        info_id = add(b"<< " + entries + b" >>")
    data = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    data += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objs) + 1, cat)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    data += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(data)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# 50 characters: an indented first line of 24 and a full line of 26 (16 pt, from x=80 to the margin at 496)
_FILL = "本年度各项工作按计划推进，全面完成年度任务。现将有关情况报告如下，请审阅并提出意见和修改建议，谢谢。"
assert len(_FILL) == 50


def _para_lines(top: float, first: str, rest: list[str], size=16, left=80) -> list[tuple]:
    ops = [("t", left + 2 * size, top, size, first)]
    for i, line in enumerate(rest, 1):
        ops.append(("t", left, top + i * 28, size, line))
    return ops


def _grid_ops(xs: list[float], hs: list[tuple], vs: list[tuple]) -> list[tuple]:
    return [("l", x0, y, x1, y) for y, x0, x1 in hs] + [("l", x, y0, x, y1) for x, y0, y1 in vs]


def _split_table_pdf() -> bytes:
    """Two pages; a table cut by the page break, its header repeated, a vertical label over the break."""
    head = ("t", 200, 30, 10, "测试市人民政府文件")
    xs = [80, 200, 300, 400, 500]
    p1 = [head, ("t", 112, 100, 16, "一、总体情况")]
    p1 += _para_lines(140, _FILL[:24], [_FILL[24:50], "建议。"])
    p1 += [("t", 112, 560, 16, "二、测试表格")]
    p1 += _grid_ops(
        xs,
        [(600, 80, 500), (630, 80, 500), (660, 200, 500), (700, 200, 500)],
        [(80, 600, 760), (200, 630, 760), (300, 600, 760), (400, 600, 760), (500, 600, 760)],
    )
    p1 += [("t", 210, 608, 10, "项目"), ("t", 310, 608, 10, "数量"), ("t", 410, 608, 10, "合计")]
    for i, ch in enumerate("办理结果"):
        p1.append(("t", 135, 640 + i * 24, 10, ch))
    p1 += [("t", 210, 640, 10, "1.甲类"), ("t", 310, 640, 10, "3"), ("t", 410, 640, 10, "3")]
    p1 += [("t", 210, 675, 10, "2.乙类"), ("t", 310, 675, 10, "12"), ("t", 410, 675, 10, "15")]
    p1 += [("t", 210, 720, 10, "3.丙类"), ("t", 310, 720, 10, "0"), ("t", 410, 720, 10, "15")]
    p1 += [("t", 290, 800, 12, "- 1 -")]
    p2 = [head]
    p2 += _grid_ops(
        xs,
        [(80, 80, 500), (110, 80, 500), (140, 200, 500), (170, 80, 500), (200, 80, 500)],
        [(80, 80, 200), (200, 110, 170), (300, 80, 200), (400, 80, 200), (500, 80, 200)],
    )
    p2 += [("t", 210, 88, 10, "项目"), ("t", 310, 88, 10, "数量"), ("t", 410, 88, 10, "合计")]
    p2 += [("t", 210, 118, 10, "4.丁类"), ("t", 310, 118, 10, "7"), ("t", 410, 118, 10, "22")]
    p2 += [("t", 210, 148, 10, "5.戊类"), ("t", 310, 148, 10, ""), ("t", 410, 148, 10, "22")]
    p2 += [("t", 90, 178, 10, "总计"), ("t", 310, 178, 10, "22"), ("t", 410, 178, 10, "22")]
    p2 += [("t", 112, 240, 16, "三、其他事项")]
    p2 += _para_lines(280, "无。", [])
    p2 += [("t", 290, 800, 12, "— 2 —")]
    return make_pdf([p1, p2], info={"CreationDate": b"D:20250115093000+08'00'",
                                    "Title": b"\xff\xfe" + "测试报告".encode("utf-16-le")})


def test_synthetic_table_split_over_pages(tmp_path):
    doc = read_pdf(_write(tmp_path, "split.pdf", _split_table_pdf()))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.at["pages"] == [1, 2]
    texts = [[c.text for c in r] for r in t.rows]
    assert texts == [
        ["项目", "数量", "合计"],  # the header repeated on page 2 is dropped
        ["办理结果", "1.甲类", "3", "3"],
        ["2.乙类", "12", "15"],
        ["3.丙类", "0", "15"],
        ["4.丁类", "7", "22"],
        ["5.戊类", "", "22"],  # a blank cell stays a (blank) cell
        ["总计", "22", "22"],
    ]
    label = t.rows[1][0]
    assert (label.row, label.col, label.rowspan, label.colspan) == (1, 0, 5, 1)
    assert label.at["page"] == 1 and label.at["continued"][0]["page"] == 2
    head = t.rows[0][0]
    assert (head.col, head.colspan) == (0, 2)
    total = t.rows[6][0]
    assert (total.col, total.colspan) == (0, 2)
    assert [c.col for c in t.rows[4]] == [1, 2, 3]
    assert t.rows[4][0].at == {"page": 2, "bbox": [200.0, 110.0, 300.0, 140.0]}
    # Reading order, running header and page numbers.
    kinds = [b.text if isinstance(b, Paragraph) else "<table>" for b in doc.blocks]
    assert kinds == [
        "一、总体情况",
        _FILL[:50] + "建议。",
        "二、测试表格",
        "<table>",
        "三、其他事项",
        "无。",
    ]
    assert doc.properties["page_labels"] == ["1", "2"]
    assert doc.properties["created"] == "2025-01-15"
    assert doc.properties["title"] == "测试报告"
    p = doc.paragraphs[1]
    assert p.at["page"] == 1 and p.at["line"] == 2 and p.at["to"] == {"page": 1, "line": 4}


def test_synthetic_paragraph_over_page_break(tmp_path):
    full = "这一行文字排满整个版心宽度用于测试段落跨页的拼接效果好"  # 26 chars of 16 pt: 80 → 496
    p1 = [("t", 112, 100, 16, "一、总体情况"), ("t", 112, 140, 16, full[2:]), ("t", 80, 168, 16, full),
          ("t", 80, 196, 16, full), ("t", 290, 800, 12, "第1页")]
    p2 = [("t", 80, 90, 16, "续行结束。"), ("t", 112, 118, 16, "新的一段。"), ("t", 290, 800, 12, "第2页")]
    doc = read_pdf(_write(tmp_path, "para.pdf", make_pdf([p1, p2])))
    texts = [p.text for p in doc.paragraphs]
    assert texts == ["一、总体情况", full[2:] + full + full + "续行结束。", "新的一段。"]
    assert doc.paragraphs[1].at["to"] == {"page": 2, "line": 1}
    assert doc.properties["page_labels"] == ["1", "2"]


def test_synthetic_borderless_table(tmp_path):
    rows = [("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "1", "0", "11"),
            ("行政规范性文件", "8", "26", "66")]
    ops = [("t", 112, 100, 16, "二、主动公开政府信息情况")]
    for i, row in enumerate(rows):
        for x, text in zip((80, 230, 330, 430), row, strict=True):
            ops.append(("t", x, 140 + i * 24, 10, text))
    ops += [("t", 112, 240, 16, "三、收到和处理政府信息公开申请情况"), ("t", 290, 800, 12, "3")]
    doc = read_pdf(_write(tmp_path, "borderless.pdf", make_pdf([ops])))
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]
    t = doc.tables[0]
    assert t.at.get("borderless") is True
    assert t.texts() == [list(r) for r in rows]
    assert [[c.col for c in r] for r in t.rows] == [[0, 1, 2, 3]] * 3
    assert t.rows[1][3].at["page"] == 1 and t.rows[1][3].at["bbox"][0] == 430
    assert doc.properties["page_labels"] == ["3"]


def test_prose_with_wide_gaps_is_not_a_table(tmp_path):
    ops = [("t", 80, 100 + i * 28, 16, "短句。") for i in range(2)]
    ops += [("t", 80, 160, 16, "单位"), ("t", 300, 160, 16, "日期")]
    doc = read_pdf(_write(tmp_path, "prose.pdf", make_pdf([ops])))
    assert doc.tables == []


def test_scan_without_ocr_raises_missing_tool(tmp_path, monkeypatch):
    import xxgk.ingest as ingest_pkg

    monkeypatch.setitem(__import__("sys").modules, "xxgk.ingest.ocr", None)  # as if ocr.py were absent
    monkeypatch.delattr(ingest_pkg, "ocr", raising=False)
    path = _write(tmp_path, "scan.pdf", make_pdf([[("img",)], [("img",)]]))
    with pytest.raises(MissingTool, match="OCR"):
        read_pdf(path)


def test_scan_page_among_text_pages_is_a_warning(tmp_path, monkeypatch):
    import xxgk.ingest as ingest_pkg

    monkeypatch.setitem(__import__("sys").modules, "xxgk.ingest.ocr", None)
    monkeypatch.delattr(ingest_pkg, "ocr", raising=False)
    text = [("t", 112, 100, 16, "一、总体情况"), ("t", 112, 140, 16, "正文。")]
    doc = read_pdf(_write(tmp_path, "mixed.pdf", make_pdf([text, [("img",)]])))
    assert [p.text for p in doc.paragraphs] == ["一、总体情况", "正文。"]
    assert len(doc.warnings) == 1 and "第 2 页" in doc.warnings[0] and "OCR" in doc.warnings[0]


def test_scan_page_goes_through_ocr_hook(tmp_path, monkeypatch):
    import types

    calls = []

    def ocr_pdf_page(path, page_index):
        calls.append(page_index)
        return [Paragraph(text="识别出的文字", at={"page": page_index + 1})]

    fake = types.ModuleType("xxgk.ingest.ocr")
    fake.ocr_pdf_page = ocr_pdf_page
    import xxgk.ingest as ingest_pkg

    monkeypatch.setitem(__import__("sys").modules, "xxgk.ingest.ocr", fake)
    monkeypatch.delattr(ingest_pkg, "ocr", raising=False)
    text = [("t", 112, 100, 16, "第一页正文，共十二个字。")]
    doc = read_pdf(_write(tmp_path, "mixed.pdf", make_pdf([text, [("img",)]])))
    assert calls == [1]
    assert [p.text for p in doc.paragraphs] == ["第一页正文，共十二个字。", "识别出的文字"]
    assert doc.warnings == []


def test_blank_pdf_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="没有任何文字"):
        read_pdf(_write(tmp_path, "blank.pdf", make_pdf([[]])))


def test_encrypted_pdf(tmp_path):
    pypdf = pytest.importorskip("pypdf", reason="pypdf (test extra) builds the encrypted PDF")
    src = _write(tmp_path, "plain.pdf", _split_table_pdf())
    w = pypdf.PdfWriter(clone_from=src)
    w.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    enc = tmp_path / "enc.pdf"
    with open(enc, "wb") as fh:
        w.write(fh)
    with pytest.raises(EncryptedPdf, match="PDF 文件已加密，请先解除密码保护后再处理"):
        read_pdf(enc)
    with pytest.raises(EncryptedPdf):
        read_document(enc)


def test_owner_password_only_pdf_is_read(tmp_path):
    pypdf = pytest.importorskip("pypdf", reason="pypdf (test extra) builds the encrypted PDF")
    src = _write(tmp_path, "plain.pdf", _split_table_pdf())
    w = pypdf.PdfWriter(clone_from=src)
    w.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    enc = tmp_path / "owner.pdf"
    with open(enc, "wb") as fh:
        w.write(fh)
    assert len(read_pdf(enc).tables) == 1


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.02])
def test_truncated_pdf_is_unreadable(tmp_path, cut):
    data = _split_table_pdf()
    path = _write(tmp_path, "cut.pdf", data[: int(len(data) * cut)])
    with pytest.raises(UnreadableFile, match="损坏|不完整|没有"):
        read_document(path)


def test_zero_byte_and_garbage_pdf(tmp_path):
    empty = _write(tmp_path, "empty.pdf", b"")
    with pytest.raises(UnreadableFile):
        read_pdf(empty)
    with pytest.raises(UnreadableFile):
        read_document(empty)
    junk = _write(tmp_path, "junk.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(UnreadableFile):
        read_document(junk)


def test_synthetic_row_broken_across_pages(tmp_path):
    # Word lets a row break across pages: its label continues on the next page, its numbers stay above.
    # No rule is drawn at the break (the lattice is closed from the rule ends).
    p1 = [("t", 112, 60, 16, "表格")]
    p1 += _grid_ops([], [(100, 80, 500), (130, 80, 500)], [(x, 100, 160) for x in (80, 300, 400, 500)])
    p1 += [("t", 90, 108, 10, "1.甲类"), ("t", 310, 108, 10, "3"), ("t", 410, 108, 10, "3")]
    p1 += [("t", 90, 140, 10, "5.要求确认或"), ("t", 310, 140, 10, "1"), ("t", 410, 140, 10, "1")]
    p2 = _grid_ops([], [(110, 80, 500), (140, 80, 500)], [(x, 80, 140) for x in (80, 300, 400, 500)])
    p2 += [("t", 90, 88, 10, "重新出具信息")]
    p2 += [("t", 90, 118, 10, "总计"), ("t", 310, 118, 10, "4"), ("t", 410, 118, 10, "4")]
    doc = read_pdf(_write(tmp_path, "rowsplit.pdf", make_pdf([p1, p2])))
    (t,) = doc.tables
    assert t.texts() == [["1.甲类", "3", "3"], ["5.要求确认或重新出具信息", "1", "1"], ["总计", "4", "4"]]
    assert [[(c.row, c.col, c.rowspan) for c in r] for r in t.rows] == [
        [(0, 0, 1), (0, 1, 1), (0, 2, 1)],
        [(1, 0, 1), (1, 1, 1), (1, 2, 1)],
        [(2, 0, 1), (2, 1, 1), (2, 2, 1)],
    ]
    label = t.rows[1][0]
    assert label.at["page"] == 1 and label.at["continued"][0]["page"] == 2
    assert t.rows[2][1].at["page"] == 2


def test_pages_are_read_with_pdfium(tmp_path, monkeypatch):
    # A failing fast path falls back to pdfplumber without a word; only the speed would show it.
    import xxgk.ingest.pdf as pdf_module

    used: list[int] = []
    real = pdf_module.read_page_objects

    def spy(fast_page, page, cache=None):
        objs = real(fast_page, page, cache)
        used.append(page.page_number)
        return objs

    monkeypatch.setattr(pdf_module, "read_page_objects", spy)
    doc = read_pdf(_write(tmp_path, "split.pdf", _split_table_pdf()))
    assert used == [1, 2] and len(doc.tables) == 1
    if PDFS:
        used.clear()
        real_doc = read_pdf(PDFS[0])
        assert used == list(range(1, real_doc.source["pages"] + 1))
