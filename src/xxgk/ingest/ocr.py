"""Scanned pages and images → Document, by offline OCR.

The engine is RapidOCR's PP-OCRv4 recogniser on onnxruntime; its models ship inside the
``rapidocr-onnxruntime`` wheel, so nothing is downloaded at run time (``pip install 'xxgk[ocr]'``).

A page is deskewed and its tables found from their ruling lines (:mod:`.scan_grid`). Text is located
by its ink, not by a text detector: inside each grid cell the rows of ink are the cell's lines; outside
the tables the rows of ink are the page's lines. Every such line ("piece") is cut from the page with
the ruling lines whitened, and the pieces of a table (or of the page text) are packed close together
into strips; each strip is read once, and each CTC frame goes back to the piece it lies in. So a table
is read in a few recogniser calls (lone digits, which the recogniser reads poorly, are read as a line
of text), and a digit can never stray into the next cell.

Value cells (a reading without CJK ideographs) are decoded again over digits and signs only: the
engine's probability for anything else lowers the confidence, and a glyph that is no digit gives
"�". The number of marks in the ink is compared with the digits read (a lost digit caps the
confidence at 0.5). Every grid cell gets ``confidence`` = the lowest character probability of its text
(at most 0.999: an OCR'd cell is never certain) and ``at = {"page", "bbox", "ocr": True}``; a cell
with ink that reads as nothing gets the text "�" (unreadable, never blank). Paragraphs carry
``at["confidence"]`` likewise. Page bboxes are in PDF points for PDF pages (like :mod:`.pdf`) and in
pixels for image files. :mod:`xxgk.extract.verify` then checks the numbers by the tables' sums.
"""

from __future__ import annotations

import math
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MissingTool, NotAReport, UnreadableFile
from .document import Block, Document, GridCell, Paragraph, Table
from .scan_grid import GRID_SETTINGS, GridSettings, PageImage, TableGrid, analyze

if TYPE_CHECKING:
    import numpy as np

__all__ = ["DEFAULT_SETTINGS", "OcrSettings", "ocr_image", "ocr_pdf_page", "read_image"]

UNREADABLE = "\ufffd"  # ink that reads as nothing
MAX_CONFIDENCE = 0.999  # a machine reading is never certain


@dataclass(frozen=True)
class OcrSettings:
    """Parameters of the OCR reader; lengths in pixels at 200 dpi unless said otherwise."""

    dpi: int = 200  # PDF pages are rendered at this resolution
    threads: int = 0  # onnxruntime threads; 0: XXGK_OCR_THREADS or min(2, cores)
    strip_width: int = 1000  # recogniser input width (model px, height 48) a strip is filled up to
    gap: int = 6  # white gap between pieces in a strip (model px; a CTC frame is 8)
    cell_inset: int = 4  # px kept clear of a cell's ruling lines
    min_blob: int = 8  # px²: smaller ink specks are noise
    line_gap: float = 2.5  # pieces of one page line further apart than this many text heights split
    margin_band: float = 0.08  # share of page height at top and bottom where page numbers live
    max_side: int = 3600  # larger images are scaled down first
    min_cjk: int = 8  # an image with fewer recognised CJK characters is not a report
    grid: GridSettings = GRID_SETTINGS


DEFAULT_SETTINGS = OcrSettings()

_PAGE_NUMBER = re.compile(r"^[\s\-–—－~·•.一]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?"
                          r"[\s\-–—－~·•.一]*$")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[)）])")
_DASHES = {"一", "一一", "-", "--", "_", "—", "——", "－", "–", "~"}


# --- the engine ---------------------------------------------------------------------------------


class _Engine:
    """The PP-OCR text recogniser (and detector, for odd regions), loaded once per process."""

    _lock = threading.Lock()
    _instance: _Engine | None = None

    def __init__(self, threads: int) -> None:
        try:
            import rapidocr_onnxruntime
            from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
            from rapidocr_onnxruntime.utils import read_yaml
        except ImportError:
            raise MissingTool(
                "读取扫描件和图片需要 OCR 组件（rapidocr-onnxruntime），请安装：pip install 'xxgk[ocr]'"
            ) from None
        root = Path(rapidocr_onnxruntime.__file__).parent
        cfg = read_yaml(str(root / "config.yaml"))["Rec"]
        cfg["model_path"] = str(root / cfg["model_path"])
        if not Path(cfg["model_path"]).is_file():
            raise MissingTool(f"OCR 识别模型文件缺失（{cfg['model_path']}），请重新安装 rapidocr-onnxruntime")
        cfg["intra_op_num_threads"] = threads
        cfg["inter_op_num_threads"] = 1
        rec = TextRecognizer(cfg)
        self.session = rec.session
        self.chars: list[str] = rec.postprocess_op.character
        self._numeric: list[tuple[str, list[int]]] | None = None

    def numeric_groups(self) -> list[tuple[str, list[int]]]:
        """Class groups for value cells: blank first, then digits and signs with their look-alike forms."""
        if self._numeric is None:
            index: dict[str, list[int]] = {}
            for i, ch in enumerate(self.chars):
                index.setdefault(ch, []).append(i)
            forms = {str(d): [str(d), chr(0xFF10 + d)] for d in range(10)}
            forms["0"].append("〇")
            forms.update({".": [".", "．"], "-": ["-", "－", "—", "–", "−"], "/": ["/", "／"], "%": ["%", "％"],
                          ",": [",", "，"], "+": ["+", "＋"], " ": [" ", "\u3000"]})
            groups = [("", [0])]
            for key, alts in forms.items():
                idx = [i for a in alts for i in index.get(a, [])]
                if idx:
                    groups.append((key, idx))
            self._numeric = groups
        return self._numeric

    @classmethod
    def get(cls, threads: int = 0) -> _Engine:
        with cls._lock:
            if cls._instance is None:
                n = threads or int(os.environ.get("XXGK_OCR_THREADS") or 0) or min(2, os.cpu_count() or 1)
                cls._instance = cls(n)
            return cls._instance

    def run(self, batch: np.ndarray) -> np.ndarray:
        return self.session(batch)[0]


def available() -> bool:
    """True when the OCR engine can be loaded (its package and model file are installed)."""
    try:
        _Engine.get()
    except MissingTool:
        return False
    return True


# --- pieces of text -----------------------------------------------------------------------------


@dataclass
class _Piece:
    """One line of ink to read: its ink box and the crop around it (page px, deskewed)."""

    ink: tuple[int, int, int, int]
    crop: tuple[int, int, int, int]  # may reach past ``limit``: that part is read as white
    limit: tuple[int, int, int, int]
    text: str = ""
    conf: float = 0.0
    chars: list[tuple[str, float]] = field(default_factory=list)
    glyphs: int = 0  # separate marks in the ink, dots and commas not counted
    band: int = 0  # page text: the line the piece belongs to


def _blobs(ink: np.ndarray, min_blob: int) -> np.ndarray:
    """The ink mask without specks smaller than ``min_blob`` px."""
    import cv2
    import numpy as np

    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return ink
    keep = np.zeros(n, np.uint8)
    keep[1:] = (stats[1:, cv2.CC_STAT_AREA] >= min_blob).astype(np.uint8) * 255
    return keep[labels]


def _bands(mask: np.ndarray, min_gap: int = 2) -> list[tuple[int, int]]:
    """Runs of non-empty rows: [(start, end_exclusive)], runs closer than ``min_gap`` joined."""
    return _runs(mask.any(axis=1), min_gap)


def _merge_thin(bands: list[tuple[int, int]], text_h: float) -> list[tuple[int, int]]:
    """Join bands thinner than a line of text to the nearer neighbour ("二" splits into two strokes)."""
    out = list(bands)
    changed = True
    while changed and len(out) > 1:
        changed = False
        for i, (a, b) in enumerate(out):
            if b - a >= 0.55 * text_h:
                continue
            cands = []
            if i > 0:
                cands.append((a - out[i - 1][1], i - 1))
            if i + 1 < len(out):
                cands.append((out[i + 1][0] - b, i + 1))
            gap, j = min(cands)
            lo, hi = min(out[j][0], a), max(out[j][1], b)
            if hi - lo <= 1.5 * text_h and gap <= 0.6 * text_h:
                out[min(i, j)] = (lo, hi)
                del out[max(i, j)]
                changed = True
                break
    return out


def _runs(cols: np.ndarray, min_gap: int) -> list[tuple[int, int]]:
    """Runs of True in a 1-D array, runs closer than ``min_gap`` joined."""
    import numpy as np

    idx = np.flatnonzero(cols)
    if idx.size == 0:
        return []
    out = []
    start = prev = int(idx[0])
    for x in idx[1:]:
        x = int(x)
        if x - prev > min_gap:
            out.append((start, prev + 1))
            start = x
        prev = x
    out.append((start, prev + 1))
    return out


def _crop_box(x0: int, y0: int, x1: int, y1: int, text_h: float) -> tuple[int, int, int, int]:
    """A crop around an ink box: tall margins, hardly any at the sides (pieces packed close together
    read like one line of text, which the recogniser reads far more surely than lone digits). A flat
    mark ("—", ".") is given half a text height, so that it is not blown up to the input's height."""
    h = max(y1 - y0, 0.5 * text_h)
    cy = (y0 + y1) / 2
    my = 0.45 * h
    mx = 0.05 * h
    return (int(x0 - mx), int(cy - h / 2 - my), int(math.ceil(x1 + mx)), int(math.ceil(cy + h / 2 + my)))


def _text_height(ink: np.ndarray, regions: list[tuple[int, int, int, int]], default: float) -> float:
    import numpy as np

    hs = []
    for x0, y0, x1, y1 in regions:
        for a, b in _bands(ink[y0:y1, x0:x1]):
            if b - a >= 6:
                hs.append(b - a)
    return float(np.median(hs)) if hs else default


# --- reading strips -----------------------------------------------------------------------------

_H = 48  # recogniser input height
_EDGE = 16  # white margin at both ends of a strip (model px): the first character is read surely


def _recognise(gray: np.ndarray, pieces: list[_Piece], s: OcrSettings, numeric: bool = False) -> None:
    """Read every piece: pack into strips, one recogniser pass per strip, frames back to pieces.

    With ``numeric``, a piece that reads without CJK characters is decoded again over digits and
    signs only (table value cells): "o", "〇", "З" become the digit the engine ranks highest, and the
    probability the engine gave to anything else lowers the piece's confidence.
    """
    import cv2
    import numpy as np

    if not pieces:
        return
    eng = _Engine.get(s.threads)
    imgs = []
    for p in pieces:
        crop = _cut(gray, p.crop, p.limit)
        if crop is None:
            imgs.append(None)
            continue
        w = max(1, int(round(crop.shape[1] * _H / crop.shape[0])))
        interp = cv2.INTER_AREA if crop.shape[0] > _H else cv2.INTER_CUBIC
        imgs.append(cv2.resize(crop, (w, _H), interpolation=interp))
    # pack in order; a piece wider than a strip gets a strip of its own
    strips: list[list[int]] = []
    width = 0
    for i, im in enumerate(imgs):
        if im is None:
            continue
        w = im.shape[1] + s.gap
        if strips and width + w <= s.strip_width:
            strips[-1].append(i)
            width += w
        else:
            strips.append([i])
            width = s.gap // 2 + w
    half = s.gap // 2
    for members in strips:
        total = 2 * _EDGE + sum(imgs[i].shape[1] + s.gap for i in members) - s.gap
        total = max(320, int(math.ceil(total / 8)) * 8)
        canvas = np.full((_H, total), 255, np.uint8)
        spans = []
        x = _EDGE
        for i in members:
            w = imgs[i].shape[1]
            canvas[:, x : x + w] = imgs[i]
            spans.append((x, x + w))
            x += w + s.gap
        batch = ((canvas.astype(np.float32) / 255.0 - 0.5) / 0.5)[None, None, :, :].repeat(3, axis=1)
        preds = eng.run(batch)[0]
        stride = total / preds.shape[0]
        # every frame goes to the piece whose span is nearest (the gaps are split in the middle)
        # (the strip's white ends belong to nobody: the model invents characters there)
        bounds = [max(0, math.floor((spans[0][0] - half) / stride))]
        bounds += [round((spans[k][1] + spans[k + 1][0]) / 2 / stride) for k in range(len(spans) - 1)]
        bounds.append(min(preds.shape[0], math.ceil((spans[-1][1] + half) / stride)))
        for k, i in enumerate(members):
            _decode(pieces[i], preds[bounds[k] : bounds[k + 1]], eng, numeric)


def _cut(gray: np.ndarray, box: tuple[int, int, int, int], limit: tuple[int, int, int, int]) -> np.ndarray | None:
    """``box`` of the page, white outside ``limit`` (a cell's box: the neighbour's text stays out)."""
    import numpy as np

    x0, y0, x1, y1 = box
    if x1 <= x0 or y1 <= y0:
        return None
    out = np.full((y1 - y0, x1 - x0), 255, np.uint8)
    h, w = gray.shape
    lx0, ly0 = max(x0, limit[0], 0), max(y0, limit[1], 0)
    lx1, ly1 = min(x1, limit[2], w), min(y1, limit[3], h)
    if lx1 > lx0 and ly1 > ly0:
        out[ly0 - y0 : ly1 - y0, lx0 - x0 : lx1 - x0] = gray[ly0:ly1, lx0:lx1]
    return out


def _decode(p: _Piece, frames: np.ndarray, eng: _Engine, numeric: bool) -> None:
    chars = _ctc(frames.argmax(axis=1), frames.max(axis=1), eng.chars)
    text = "".join(c for c, _ in chars).strip()
    if numeric and text and not any(_is_cjk(c) and c != "〇" for c in text):
        chars = _ctc_numeric(frames, eng)
        text = "".join(c for c, _ in chars).strip()
    p.chars = chars
    p.text = text
    probs = [q for c, q in chars if c.strip()]
    p.conf = min(probs) if probs else 0.0


def _is_cjk(ch: str) -> bool:
    """A CJK ideograph (not CJK punctuation such as "。", which OCR reads for a small "0")."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _ctc(ids: np.ndarray, probs: np.ndarray, alphabet: list[str]) -> list[tuple[str, float]]:
    """Greedy CTC: (character, peak probability) for each emitted character."""
    out: list[tuple[str, float]] = []
    t, n = 0, len(ids)
    while t < n:
        j = t
        while j + 1 < n and ids[j + 1] == ids[t]:
            j += 1
        if ids[t] != 0:
            out.append((alphabet[int(ids[t])], float(probs[t : j + 1].max())))
        t = j + 1
    return out


def _ctc_numeric(frames: np.ndarray, eng: _Engine) -> list[tuple[str, float]]:
    """CTC over digits and signs only. A character's probability is its class group's probability
    (ASCII and full-width forms together), lowered by what the engine gave to other characters."""
    import numpy as np

    groups = eng.numeric_groups()
    merged = np.stack([frames[:, idx].sum(axis=1) for _, idx in groups], axis=1)
    other = np.clip(1.0 - merged.sum(axis=1), 0.0, 1.0)
    ids = merged.argmax(axis=1)
    out: list[tuple[str, float]] = []
    t, n = 0, len(ids)
    while t < n:
        j = t
        while j + 1 < n and ids[j + 1] == ids[t]:
            j += 1
        if ids[t] != 0:
            peak = float(merged[t : j + 1, ids[t]].max())
            doubt = float(other[t : j + 1].max())
            out.append((groups[int(ids[t])][0], min(peak, 1.0 - doubt)))
        elif float(other[t : j + 1].max()) > 0.5:
            # the engine saw a glyph here that is no digit: keep it as unreadable, not as nothing
            out.append((UNREADABLE, 1.0 - float(other[t : j + 1].max())))
        t = j + 1
    return out


# --- a page -------------------------------------------------------------------------------------


@dataclass
class _Line:
    box: tuple[int, int, int, int]
    text: str
    conf: float


def ocr_image(image: np.ndarray, page: int = 1, unit: float = 1.0, s: OcrSettings = DEFAULT_SETTINGS
              ) -> list[Block]:
    """OCR one page image (grey or BGR array) → blocks in reading order.

    ``unit`` converts page pixels to the bbox unit of ``at`` (72/dpi for PDF points).
    """
    import cv2
    import numpy as np

    pg = analyze(image, s.grid)
    gray = pg.gray.copy()
    gray[cv2.dilate(pg.lines, np.ones((5, 5), np.uint8)) > 0] = 255
    ink = _blobs(pg.ink, s.min_blob)
    h, w = ink.shape
    default_h = 0.014 * w  # 10.5 pt at A4 width
    tables = [_table_pieces(pg, t, ink, s) for t in pg.tables]
    lines = _page_lines(pg, ink, default_h, s)
    _recognise(gray, [p for _, cells in tables for _, ps in cells for p in ps], s, numeric=True)
    _recognise(gray, lines, s)
    blocks: list[tuple[int, Block]] = []
    for grid, cells in tables:
        blocks.append((grid.bbox[1], _grid_table(grid, cells, page, unit)))
    text_lines = _lines(lines)
    for top, para in _paragraphs(text_lines, page, unit, h, s):
        blocks.append((top, para))
    blocks.sort(key=lambda b: b[0])
    return [b for _, b in blocks]


def _table_pieces(pg: PageImage, grid: TableGrid, ink: np.ndarray, s: OcrSettings):
    """Per cell: its lines of ink as pieces to read."""
    inset = s.cell_inset
    interiors = []
    for c in grid.cells:
        x0, y0, x1, y1 = c.box
        interiors.append((x0 + inset, y0 + inset, max(x0 + inset, x1 - inset), max(y0 + inset, y1 - inset)))
    text_h = _text_height(ink, interiors, 0.014 * ink.shape[1])
    cells = []
    for c, (x0, y0, x1, y1) in zip(grid.cells, interiors, strict=True):
        sub = ink[y0:y1, x0:x1]
        pieces = []
        for a, b in _merge_thin(_bands(sub), text_h):
            cols = sub[a:b].any(axis=0)
            runs = _runs(cols, max(2, int(2.5 * text_h)))
            if not runs:
                continue
            xa, xb = runs[0][0], runs[-1][1]
            box = (x0 + xa, y0 + a, x0 + xb, y0 + b)
            piece = _Piece(ink=box, crop=_crop_box(*box, text_h), limit=c.box)
            piece.glyphs = _glyphs(sub[a:b], text_h)
            pieces.append(piece)
        cells.append((c, pieces))
    return grid, cells


def _glyphs(band: np.ndarray, text_h: float) -> int:
    """Marks separated by white columns, without the small ones (".", ",")."""
    import numpy as np

    n = 0
    for xa, xb in _runs(band.any(axis=0), 1):
        rows = np.flatnonzero(band[:, xa:xb].any(axis=1))
        if max(xb - xa, int(rows[-1] - rows[0] + 1) if rows.size else 0) >= 0.25 * text_h:
            n += 1
    return n


_COUNTED = re.compile(r"^-?\d[\d.,]*$")


def _checked_conf(p: _Piece) -> float:
    """A number's confidence, capped where the characters read and the marks in the ink disagree: more
    marks than characters (a digit lost) is serious, fewer (digits touching after blur) is not."""
    text = p.text.replace(" ", "")
    if not _COUNTED.match(text) or not p.glyphs:
        return p.conf
    n = sum(1 for c in text if c.isdigit() or c == "-")
    if p.glyphs > n:
        return min(p.conf, 0.5)
    if p.glyphs < n:
        return min(p.conf, 0.9)
    return p.conf


def _cell_text(pieces: list[_Piece]) -> tuple[str, float]:
    if not pieces:
        return "", 1.0
    parts = [p.text or UNREADABLE for p in pieces]
    text = "".join(parts)
    if any(_is_cjk(c) for c in text):
        text = re.sub(r"\s*[丨|｜]\s*", "", text)  # a short ruling left in a label cell
    conf = min(_checked_conf(p) for p in pieces)
    if text in _DASHES:
        text = "—"
    return text, conf


def _scaled(box: tuple[int, int, int, int], unit: float) -> list[float]:
    return [round(v * unit, 1) for v in box]


def _grid_table(grid: TableGrid, cells, page: int, unit: float) -> Table:
    rows: list[list[GridCell]] = [[] for _ in range(grid.n_rows)]
    for c, pieces in cells:
        text, conf = _cell_text(pieces)
        rows[c.row].append(GridCell(text=text, row=c.row, col=c.col, rowspan=c.rowspan, colspan=c.colspan,
                                    at={"page": page, "bbox": _scaled(c.box, unit), "ocr": True},
                                    confidence=min(round(conf, 4), MAX_CONFIDENCE) if pieces else 1.0))
    for r in rows:
        r.sort(key=lambda g: g.col)
    return Table(rows=rows, at={"page": page, "bbox": _scaled(grid.bbox, unit), "ocr": True}, layout="grid")


def _page_lines(pg: PageImage, ink: np.ndarray, default_h: float, s: OcrSettings) -> list[_Piece]:
    """Lines of text outside the tables, as pieces (a line with a wide gap gives two pieces, both with
    the line's ``band`` number)."""
    free = ink.copy()
    for t in pg.tables:
        x0, y0, x1, y1 = t.bbox
        free[max(0, y0 - 3) : y1 + 4, max(0, x0 - 3) : x1 + 4] = 0
    h, w = free.shape
    bands = _bands(free)
    tall = [b - a for a, b in bands if b - a >= 8]
    text_h = float(sorted(tall)[len(tall) // 2]) if tall else default_h
    out = []
    for k, (a, b) in enumerate(_split_tall(free, _merge_thin(bands, text_h), text_h)):
        cols = free[a:b].any(axis=0)
        hh = max(b - a, 1)
        for xa, xb in _runs(cols, max(3, int(s.line_gap * min(hh, 2 * text_h)))):
            if (xb - xa) * (b - a) < 2 * s.min_blob:
                continue
            box = (xa, a, xb, b)
            piece = _Piece(ink=box, crop=_crop_box(*box, min(hh, text_h)), limit=(0, 0, w, h))
            piece.band = k
            out.append(piece)
    return out


def _split_tall(ink: np.ndarray, bands: list[tuple[int, int]], text_h: float) -> list[tuple[int, int]]:
    """A band taller than two lines (lines under a seal or a signature joined by its outline) is cut
    where its rows hold little ink: an outline crosses a row at two points, a line of text at many."""
    out = []
    for a, b in bands:
        if b - a <= 2.2 * text_h:
            out.append((a, b))
            continue
        counts = ink[a:b].sum(axis=1) / 255
        level = 0.15 * float(counts.max())
        sub = _runs(counts > level, 2)
        out.extend((a + x, a + y) for x, y in sub if y - x >= 0.3 * text_h)
    return out


def _lines(pieces: list[_Piece]) -> list[_Line]:
    """Pieces of one band → one line, their texts joined by a space (a borderless table's row stays
    one row: "行政许可 12 0 275")."""
    out: list[_Line] = []
    by_band: dict[int, list[_Piece]] = {}
    for p in pieces:
        if p.text:
            by_band.setdefault(p.band, []).append(p)
    for band in sorted(by_band):
        ps = sorted(by_band[band], key=lambda p: p.ink[0])
        box = (min(p.ink[0] for p in ps), min(p.ink[1] for p in ps), max(p.ink[2] for p in ps),
               max(p.ink[3] for p in ps))
        out.append(_Line(box, " ".join(p.text for p in ps), min(p.conf for p in ps)))
    return out


def _paragraphs(lines: list[_Line], page: int, unit: float, page_h: int, s: OcrSettings
                ) -> list[tuple[int, Paragraph]]:
    """Page lines → paragraphs: a new one after a short line, at an indent, a heading, a size change or
    a wide vertical gap. Page numbers in the top and bottom bands are dropped."""
    body = []
    for ln in lines:
        top, bottom = ln.box[1], ln.box[3]
        in_band = bottom < s.margin_band * page_h or top > (1 - s.margin_band) * page_h
        if in_band and _PAGE_NUMBER.match(ln.text):
            continue
        body.append(ln)
    if not body:
        return []
    left = min(ln.box[0] for ln in body)
    right = max(ln.box[2] for ln in body)
    out: list[tuple[int, Paragraph]] = []
    cur: list[_Line] = []

    def flush() -> None:
        if not cur:
            return
        x0 = min(ln.box[0] for ln in cur)
        y0 = min(ln.box[1] for ln in cur)
        x1 = max(ln.box[2] for ln in cur)
        y1 = max(ln.box[3] for ln in cur)
        text = _join([ln.text for ln in cur])
        at: dict[str, Any] = {"page": page, "line": len(out) + 1, "bbox": _scaled((x0, y0, x1, y1), unit), "ocr": True,
                              "confidence": min(round(min(ln.conf for ln in cur), 4), MAX_CONFIDENCE)}
        out.append((y0, Paragraph(text=text, at=at)))
        cur.clear()

    for ln in body:
        if cur:
            prev = cur[-1]
            ph = prev.box[3] - prev.box[1]
            lh = ln.box[3] - ln.box[1]
            size = max(ph, lh, 1)
            new = (ln.box[0] > left + 1.0 * size
                   or prev.box[2] < right - 1.5 * size
                   or abs(ph - lh) > 0.3 * size
                   or ln.box[1] - prev.box[3] > 1.2 * size
                   or _HEADING.match(ln.text) is not None
                   or _HEADING.match(prev.text) is not None and len(prev.text) < 30)
            if new:
                flush()
        cur.append(ln)
    flush()
    return out


def _join(parts: list[str]) -> str:
    out = ""
    for p in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and p[:1].isascii() and p[:1].isalnum():
            out += " "
        out += p
    return out


# --- files --------------------------------------------------------------------------------------


def ocr_pdf_page(path: str | Path, page_index: int, s: OcrSettings = DEFAULT_SETTINGS) -> list[Block]:
    """The hook :mod:`.pdf` calls for a page without a text layer: render at ``s.dpi`` and OCR it."""
    import numpy as np
    import pypdfium2 as pdfium

    _Engine.get(s.threads)  # MissingTool before any rendering work
    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[page_index]
        bitmap = page.render(scale=s.dpi / 72, grayscale=True)
        img = np.asarray(bitmap.to_pil().convert("L"))
        page.close()
    finally:
        doc.close()
    return ocr_image(img, page_index + 1, unit=72 / s.dpi, s=s)


def _load_pages(p: Path, s: OcrSettings) -> list[np.ndarray]:
    import cv2
    import numpy as np

    pages: list[np.ndarray] = []
    try:  # a damaged file is reported in Chinese below, not by OpenCV's warnings on stderr
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    except AttributeError:
        pass
    data = np.frombuffer(p.read_bytes(), np.uint8)
    ok, multi = cv2.imdecodemulti(data, cv2.IMREAD_GRAYSCALE) if hasattr(cv2, "imdecodemulti") else (False, None)
    if ok and multi:
        pages = list(multi)
    else:
        one = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
        if one is not None:
            pages = [one]
    if not pages:
        try:  # GIF and other formats OpenCV does not decode
            from PIL import Image, ImageSequence

            with Image.open(p) as im:
                pages = [np.asarray(f.convert("L")) for f in ImageSequence.Iterator(im)]
        except Exception:
            pages = []
    if not pages:
        raise UnreadableFile("图片无法解码（文件已损坏或不是受支持的图片格式）", str(p))
    out = []
    for img in pages:
        if min(img.shape[:2]) < 200:
            raise NotAReport(f"图片太小（{img.shape[1]}×{img.shape[0]} 像素），不是报告的扫描页", str(p))
        big = max(img.shape[:2])
        if big > s.max_side:
            f = s.max_side / big
            img = cv2.resize(img, (int(img.shape[1] * f), int(img.shape[0] * f)), interpolation=cv2.INTER_AREA)
        out.append(img)
    return out


def read_image(path: str | Path, s: OcrSettings = DEFAULT_SETTINGS) -> Document:
    """An image file (PNG, JPG, TIFF — one page or several) → Document, by OCR."""
    p = Path(path)
    _Engine.get(s.threads)
    pages = _load_pages(p, s)
    doc = Document(source={"file": str(p), "format": "image", "pages": len(pages), "ocr": True})
    for i, img in enumerate(pages, 1):
        doc.blocks.extend(ocr_image(img, i, 1.0, s))
    cjk = sum(1 for ch in doc.text() if "\u4e00" <= ch <= "\u9fff")
    if cjk < s.min_cjk:
        raise NotAReport("图片中没有识别出成段的中文文字，不像政府信息公开工作年度报告的扫描件", str(p))
    return doc
