"""xxgk.ingest.scan_grid: table grids from ruling lines in page images (no OCR engine needed).

Pages are drawn with OpenCV: a table with merged cells, digits "1" filling a low row (vertical strokes
that touch nothing but must not become column lines), an em-dash run in a cell (a horizontal stroke
that must not become a row line), a table cut at the page bottom; then rotated, blurred and noised.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

cv2 = pytest.importorskip("cv2")
np = pytest.importorskip("numpy")

from xxgk.ingest.scan_grid import analyze, binarize, estimate_skew, rotate  # noqa: E402

W, H = 1654, 1200
XS = [220, 520, 700, 880, 1060, 1240, 1440]  # 6 columns
YS = [200, 270, 340, 372, 404, 436, 506]  # 6 rows; rows 2-4 are low (32 px), like 表四's value row


def _page(open_bottom: bool = False) -> np.ndarray:
    img = np.full((H, W), 255, np.uint8)
    ys = YS[:-1] if open_bottom else YS
    bottom = YS[-1] + 60 if open_bottom else YS[-1]
    for y in ys:
        cv2.line(img, (XS[0], y), (XS[-1], y), 0, 2)
    for i, x in enumerate(XS):
        if i == 1:
            # column line 1 is absent in row 0: cell (0,0) spans two columns
            cv2.line(img, (x, YS[1]), (x, bottom), 0, 2)
        else:
            cv2.line(img, (x, YS[0]), (x, bottom), 0, 2)
    # the label cell (2,0) spans rows 2-4: erase the row lines inside column 0
    for y in (YS[3], YS[4]):
        cv2.line(img, (XS[0] + 2, y), (XS[1] - 2, y), 255, 3)
    # digits "1" nearly filling the low rows, centred in cells
    for r in (2, 3, 4):
        for c in range(1, 6):
            cx = (XS[c] + XS[c + 1]) // 2
            cv2.putText(img, "1", (cx - 8, YS[r + 1] - 4), cv2.FONT_HERSHEY_SIMPLEX, 1.1, 0, 3)
    # a dash run ("——") across most of a cell of row 5
    cv2.line(img, (XS[2] + 20, (YS[5] + YS[6]) // 2), (XS[3] - 20, (YS[5] + YS[6]) // 2), 0, 3)
    # body text lines above the table: strokes, not rulings
    for k in range(3):
        cv2.putText(img, "ABCDEFGHIJKLMNOPQRSTUV 1111 ----", (220, 60 + 40 * k), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    return img


def _damage(img: np.ndarray, angle: float) -> np.ndarray:
    out = rotate(img, angle)
    out = cv2.GaussianBlur(out, (0, 0), 0.8)
    rng = np.random.default_rng(1)
    out = np.clip(out.astype(np.float32) + rng.normal(0, 8, out.shape), 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, 55])
    return cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)


def _spans(page) -> dict[tuple[int, int], tuple[int, int]]:
    (t,) = page.tables
    return {(c.row, c.col): (c.rowspan, c.colspan) for c in t.cells}


def test_grid_rows_columns_and_merged_cells():
    page = analyze(_page())
    assert len(page.tables) == 1
    t = page.tables[0]
    assert (t.n_rows, t.n_cols) == (6, 6)
    assert [abs(a - b) <= 2 for a, b in zip(t.xs, XS, strict=True)] == [True] * 7
    assert [abs(a - b) <= 2 for a, b in zip(t.ys, YS, strict=True)] == [True] * 7
    spans = _spans(page)
    assert spans[(0, 0)] == (1, 2)  # header cell over two columns
    assert spans[(2, 0)] == (3, 1)  # label cell over three low rows
    assert (3, 0) not in spans and (0, 1) not in spans  # covered slots are not cells of their own
    assert spans[(2, 3)] == (1, 1)  # the digit "1" did not split its cell
    assert len(spans) == 36 - 1 - 2


def test_dash_in_a_cell_is_not_a_row_line():
    t = analyze(_page()).tables[0]
    mid = (YS[5] + YS[6]) // 2
    assert all(abs(y - mid) > 10 for y in t.ys)


def test_skewed_blurred_jpeg_page_gives_the_same_grid():
    clean = analyze(_page())
    for angle in (1.0, -1.2):
        page = analyze(_damage(_page(), angle))
        assert abs(page.angle + angle) <= 0.1, page.angle
        assert _spans(page) == _spans(clean)


def test_table_cut_at_the_page_bottom_keeps_its_last_row():
    page = analyze(_page(open_bottom=True))
    t = page.tables[0]
    assert t.n_rows == 6
    assert abs(t.ys[-1] - (YS[-1] + 60)) <= 3  # the ends of the column lines close the open side


def test_text_page_has_no_table_and_no_skew():
    img = np.full((H, W), 255, np.uint8)
    for k in range(12):
        cv2.putText(img, "LOREM IPSUM 1234567 ---- |||| 1111", (200, 100 + 60 * k), cv2.FONT_HERSHEY_SIMPLEX,
                    1.4, 0, 3)
    page = analyze(img)
    assert page.tables == []
    assert abs(page.angle) < 0.1
    assert int((page.ink > 0).sum()) > 10_000  # the text stays ink


def test_skew_of_text_lines():
    img = np.full((H, W), 255, np.uint8)
    for k in range(12):
        cv2.putText(img, "LOREM IPSUM DOLOR SIT AMET 12345", (200, 100 + 60 * k), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
    assert abs(estimate_skew(binarize(rotate(img, 2.0))) + 2.0) <= 0.1


def _no_lines_inside_cells(page) -> list[tuple[int, int]]:
    bad = []
    for t in page.tables:
        for c in t.cells:
            x0, y0, x1, y1 = c.box
            if (page.lines[y0 + 6 : y1 - 6, x0 + 6 : x1 - 6] > 0).any():
                bad.append((c.row, c.col))
    return bad


def test_drawn_cells_hold_no_ruling_pixels():
    assert _no_lines_inside_cells(analyze(_damage(_page(), 1.0))) == []


REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real" / "003_huaian_shi_2024.pdf"


@pytest.mark.skipif(not REAL.exists(), reason="corpus of real PDFs not present")
def test_a_run_of_digits_on_a_skewed_real_page_is_not_a_ruling():
    """Page 4 of a real report, turned 1.2° with blur, noise and JPEG: the bottoms of "88283" once
    joined into a 'line' whose digit strokes vouched for it, and the number lost its lower half."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from make_scans import Damage, damage, rasterize

    page = analyze(damage(rasterize(REAL)[3], 0, Damage(angle=1.2)))
    assert [t.n_rows for t in page.tables] == [6, 16]
    assert _no_lines_inside_cells(page) == []
