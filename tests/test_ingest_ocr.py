"""xxgk.ingest.ocr: scanned PDFs and images → Document → Report, offline.

Fixtures (tests/fixtures/scans, rebuilt by ``python tools/make_scans.py tests/fixtures/scans --fixtures``):
a synthetic 2019 report rendered in the official layout and scanned at 200 dpi with damage (rotation
about 1°, blur, noise, JPEG 55) as a PDF without a text layer, and the last page of a 2021 report as a
clean PNG. Their ``*.truth.json`` hold the values printed. The real reports of ../shared/corpus are
rasterised at 200 dpi at test time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("cv2")
pytest.importorskip("rapidocr_onnxruntime")

import numpy as np  # noqa: E402

import xxgk  # noqa: E402
from xxgk.errors import MissingTool, NotAReport, UnreadableFile, XxgkError  # noqa: E402
from xxgk.ingest import ocr, read_document  # noqa: E402
from xxgk.ingest.document import Paragraph  # noqa: E402
from xxgk.model.report import TABLE_KEYS, Report  # noqa: E402
from xxgk.model.statutory import REVIEWS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "scans"
REAL = ROOT.parent / "shared" / "corpus" / "real"
sys.path.insert(0, str(ROOT / "tools"))


def _truth(name: str) -> Report:
    return Report.from_dict(json.loads((FIX / f"{name}.truth.json").read_text(encoding="utf-8")))


def _diff(expected: Report, got: Report) -> tuple[int, list[str], list[str]]:
    """(cells compared, cells not exact, wrong numbers the engine was sure of)."""
    n, off, sure = 0, [], []
    for table in TABLE_KEYS:
        for row, cols in expected.tables.get(table, {}).items():
            for col, exp in cols.items():
                if exp.status != "ok":
                    continue
                n += 1
                g = got.tables.get(table, {}).get(row, {}).get(col)
                if g is None or g.status != "ok" or g.value != exp.value:
                    off.append(f"{table}.{row}.{col}: {exp.value} → {g and (g.value, g.status, g.raw)}")
                    if g is not None and g.status == "ok" and g.confidence >= 0.95:
                        sure.append(off[-1])
    return n, off, sure


@pytest.fixture(scope="module")
def scan2019() -> Report:
    return xxgk.parse(FIX / "scan2019.damaged.pdf")


def test_models_ship_in_the_wheel():
    import rapidocr_onnxruntime

    models = {p.name for p in (Path(rapidocr_onnxruntime.__file__).parent / "models").glob("*.onnx")}
    assert "ch_PP-OCRv4_rec_infer.onnx" in models
    assert ocr.available()


def test_damaged_scan_reads_every_cell(scan2019):
    n, off, sure = _diff(_truth("scan2019"), scan2019)
    assert n == 198
    assert off == []
    assert sure == []
    assert scan2019.source["format"] == "pdf"
    assert (scan2019.meta.year, scan2019.meta.template, scan2019.meta.agency) == (2019, "2019", "样例市人民政府")


def test_negative_change_keeps_its_sign(scan2019):
    assert scan2019.value("active.coercion.change") == -4
    assert scan2019.value("active.licensing.change") == -3


def test_ocr_cells_carry_where_and_how_sure(scan2019):
    cell = scan2019.cell("applications.new.total")
    assert cell.at["ocr"] is True and cell.at["page"] == 2
    x0, top, x1, bottom = cell.at["bbox"]
    assert 450 < x0 < x1 < 530 and 100 < top < bottom < 842  # PDF points, right-hand column of page 2
    for _, c in scan2019.iter_cells():
        if c.status == "ok":
            assert 0 < c.confidence < 1
    # every number of 表三 and 表四 is confirmed by the sums it takes part in
    apps = [c for c in scan2019.tables["applications"]["new"].values()]
    assert all(c.confidence >= 0.99 and "核对无误" in (c.note or "") for c in apps)


def test_sections_come_through_ocr(scan2019):
    assert scan2019.section_order[:4] == ["overview", "active", "applications", "reviews"]
    assert "共收到政府信息公开申请45件" in (scan2019.sections["overview"] or "")


@pytest.fixture(scope="module")
def page3():
    return read_document(FIX / "scan2021.p3.png")


def test_png_grid_spans_and_values(page3):
    truth = _truth("scan2021")
    (table,) = page3.tables
    assert table.layout == "grid" and table.at["page"] == 1
    assert [(c.text, c.rowspan, c.colspan) for c in table.rows[0]] == [("行政复议", 1, 5), ("行政诉讼", 1, 10)]
    assert [(c.rowspan, c.colspan) for c in table.rows[1]] == [(2, 1)] * 5 + [(1, 5), (1, 5)]
    assert table.rows[1][5].text == "未经复议直接起诉"
    values = [c.text for c in table.rows[3]]
    expected = [str(truth.value(f"reviews.{r.key}.{c.key}")) for r in REVIEWS.rows for c in r.columns]
    assert values == expected
    assert all(0 < c.confidence < 1 for c in table.rows[3])


def test_png_paragraphs_in_reading_order(page3):
    texts = [b.text for b in page3.blocks if isinstance(b, Paragraph)]
    assert texts[:2] == ["五、存在的主要问题及改进情况", "公开质量仍需提高。"]
    assert "六、其他需要报告的事项" in texts
    assert not any(t.strip("—- 一") == "3" for t in texts)  # the page number is not body text
    kinds = [type(b).__name__ for b in page3.blocks]
    assert kinds[0] == "Table"  # the table stands above the text on the page
    assert page3.source["format"] == "image"


def test_multipage_tiff(tmp_path):
    from PIL import Image

    im = Image.open(FIX / "scan2021.p3.png")
    top = im.crop((0, 0, im.width, 1000))
    path = tmp_path / "two.tif"
    top.save(path, save_all=True, append_images=[top])
    doc = xxgk.read(path)
    assert [t.at["page"] for t in doc.tables] == [1, 2]


def test_blank_image_is_not_a_report(tmp_path):
    import cv2

    path = tmp_path / "blank.png"
    cv2.imwrite(str(path), np.full((1200, 900), 255, np.uint8))
    with pytest.raises(NotAReport, match="不像政府信息公开工作年度报告"):
        read_document(path)
    noise = tmp_path / "photo.jpg"
    cv2.imwrite(str(noise), np.random.default_rng(0).integers(0, 255, (900, 1200, 3), dtype=np.uint8))
    with pytest.raises(NotAReport):
        read_document(noise)


def test_broken_images_give_chinese_errors(tmp_path):
    cut = tmp_path / "cut.png"
    cut.write_bytes((FIX / "scan2021.p3.png").read_bytes()[:4000])
    with pytest.raises(UnreadableFile, match="图片无法解码"):
        read_document(cut)
    tiny = tmp_path / "icon.png"
    import cv2

    cv2.imwrite(str(tiny), np.zeros((32, 32), np.uint8))
    with pytest.raises(NotAReport, match="图片太小"):
        read_document(tiny)
    # in a batch each file fails or succeeds on its own
    results = []
    for p in (cut, FIX / "scan2021.p3.png", tiny):
        try:
            results.append(type(read_document(p)).__name__)
        except XxgkError as e:
            results.append(type(e).__name__)
    assert results == ["UnreadableFile", "Document", "NotAReport"]


def test_without_the_engine_a_chinese_error(monkeypatch):
    monkeypatch.setattr(ocr._Engine, "_instance", None)
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    with pytest.raises(MissingTool, match="pip install 'xxgk\\[ocr\\]'"):
        read_document(FIX / "scan2021.p3.png")
    assert not ocr.available()


@pytest.mark.skipif(not (REAL / "001_huaian_hongze_qu_2023.pdf").exists(), reason="corpus of real PDFs not present")
def test_real_report_scanned(tmp_path):
    """A real report in its own layout (gray header rows, a table cut by page breaks, vertical label
    text), rasterised at 200 dpi into an image-only PDF."""
    from make_scans import images_to_pdf, rasterize
    from truthfiles import report_from_truth

    src = REAL / "001_huaian_hongze_qu_2023.pdf"
    scan = images_to_pdf(rasterize(src, 200), tmp_path / "scan.pdf")
    truth = report_from_truth(json.loads(src.with_suffix(".truth.json").read_text(encoding="utf-8")))
    got = xxgk.parse(scan)
    n, off, sure = _diff(truth, got)
    assert n > 150
    assert sure == []
    # the report prints two 表四 blocks that do not add up (10+1+0+0 ≠ 0, 5+0+0+0 ≠ 0): the checks must
    # still see that, and a doubted cell keeps its reading for a person, never a computed value
    assert "A4.BLOCK" in {f.rule for f in got.findings if f.severity == "error"}
    for line in off:
        path = line.split(":")[0]
        cell = got.cell(path)
        assert path.startswith("reviews.") and cell.status == "unreadable", line
        assert cell.candidates == [truth.value(path)] and "不成立" in cell.note
    assert len(off) <= 2
    assert [t["table"] for t in got.extraction["tables"]] == ["active", "active", "applications", "applications",
                                                                "reviews"]  # 二 and 三 each cut by a page break
