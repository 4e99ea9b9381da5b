"""Page image → ink, ruling lines and table grids (OpenCV), for the OCR reader.

A scanned page is first binarised (ink = 255) and deskewed (the angle that makes the rows of ink
sharpest, ±4°). Ruling lines are long thin runs of ink: horizontal ones survive an opening with a wide
flat kernel, vertical ones with a tall thin kernel. A run counts as a *ruling* segment only when both
its ends meet a perpendicular line — text strokes, dashes ("——") and underlines inside cells do not.
Segments that touch are one table; its grid lines are the distinct segment positions, and two
neighbouring grid slots belong to one (merged) cell when the line between them is absent.

All coordinates are pixels of the deskewed page, boxes ``(x0, y0, x1, y1)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy / OpenCV are optional dependencies (the ``ocr`` extra)
    import numpy as np

__all__ = ["GRID_SETTINGS", "GridBox", "GridSettings", "PageImage", "TableGrid", "analyze", "binarize",
           "estimate_skew", "find_tables", "rotate"]


@dataclass(frozen=True)
class GridSettings:
    """Tolerances of the grid finder; lengths are shares of the page width unless said otherwise."""

    max_skew: float = 4.0  # degrees searched for the deskew angle
    min_skew: float = 0.05  # a smaller angle is left alone
    h_kernel: float = 1 / 35  # horizontal ruling: at least this long (opening kernel)
    v_kernel: float = 1 / 80  # vertical ruling: at least this long
    touch: int = 4  # px: a segment end this close to a perpendicular line meets it
    snap: int = 6  # px: line positions this close are the same grid line
    coverage: float = 0.6  # share of a slot edge the line must cover to separate two slots
    min_table_width: float = 0.15  # a grid narrower than this share of the page is not a table
    adaptive_block: int = 31  # px: neighbourhood of the adaptive threshold
    adaptive_c: int = 15  # text: grey levels below the neighbourhood mean that count as ink
    line_c: int = 8  # ruling lines (faint after blur): a lower bar, noise cannot make long runs
    short_rule: float = 1 / 30  # a vertical ruling shorter than this must line up with a longer one
    side_ink: float = 0.35  # a vertical run with ink beside it over more of its length is a glyph stroke
    side_ink_h: float = 0.6  # the same for a short horizontal run, ink on one side (the glyph it ends)
    open_rule: float = 1 / 12  # a ruling at least this long needs to meet a perpendicular line at one end only
    min_gap: float = 1 / 120  # grid lines closer than this are one line (rows and columns are wider)


GRID_SETTINGS = GridSettings()


@dataclass
class GridBox:
    """One table cell: its top-left slot, spans and box (between the centres of its ruling lines)."""

    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[int, int, int, int]


@dataclass
class TableGrid:
    bbox: tuple[int, int, int, int]
    xs: list[int]  # column boundaries, left to right
    ys: list[int]  # row boundaries, top to bottom
    cells: list[GridBox] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


@dataclass
class PageImage:
    """A deskewed page: grey image, text ink (ruling lines removed), ruling mask, tables."""

    gray: np.ndarray
    ink: np.ndarray
    lines: np.ndarray
    angle: float
    tables: list[TableGrid]


def _cv():
    import cv2
    import numpy

    return cv2, numpy


def to_gray(image: np.ndarray) -> np.ndarray:
    """Colour → grey by the brightest channel, so red seals and coloured marks fade and black text stays."""
    cv2, np = _cv()
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return image.max(axis=2).astype(np.uint8)


def binarize(gray: np.ndarray, s: GridSettings = GRID_SETTINGS, c: int | None = None) -> np.ndarray:
    """Ink mask (255 = ink): at least ``c`` grey levels darker than its neighbourhood's mean."""
    cv2, _ = _cv()
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 s.adaptive_block, s.adaptive_c if c is None else c)


def rotate(image: np.ndarray, angle: float, border: int = 255) -> np.ndarray:
    """Rotate about the centre by ``angle`` degrees (counter-clockwise), same size, white border."""
    cv2, _ = _cv()
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=border)


def estimate_skew(ink: np.ndarray, s: GridSettings = GRID_SETTINGS) -> float:
    """The rotation (degrees) that makes rows of ink sharpest: variance of the row profile, coarse then fine."""
    cv2, np = _cv()
    h, w = ink.shape
    scale = min(1.0, 600 / max(h, w))
    small = cv2.resize(ink, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    if int(small.sum()) == 0:
        return 0.0

    def score(a: float) -> float:
        prof = rotate(small, a, border=0).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(prof)).sum())

    best = max(np.arange(-s.max_skew, s.max_skew + 1e-9, 0.5), key=score)
    fine = max(np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05), key=score)
    return float(fine)


# --- ruling lines ---------------------------------------------------------------------------------


@dataclass
class _Seg:
    x0: int
    y0: int
    x1: int
    y1: int  # inclusive pixel extents
    horizontal: bool

    @property
    def pos(self) -> float:
        return (self.y0 + self.y1) / 2 if self.horizontal else (self.x0 + self.x1) / 2


def _segments(mask: np.ndarray, horizontal: bool, min_len: int) -> list[_Seg]:
    cv2, _ = _cv()
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        length, thick = (w, h) if horizontal else (h, w)
        if length >= min_len and thick <= max(12, length // 8):
            out.append(_Seg(int(x), int(y), int(x + w - 1), int(y + h - 1), horizontal))
    return out


def _line_masks(ink: np.ndarray, s: GridSettings) -> tuple[np.ndarray, np.ndarray]:
    cv2, _ = _cv()
    w = ink.shape[1]
    hk = max(20, int(w * s.h_kernel))
    vk = max(12, int(w * s.v_kernel))
    # bridge one- and two-pixel breaks in thin lines (blur, noise, JPEG) before the long openings
    hmask = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 1)))
    hmask = cv2.morphologyEx(hmask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hk, 1)))
    vmask = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    vmask = cv2.morphologyEx(vmask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vk)))
    return hmask, vmask


def _touches(seg: _Seg, other: np.ndarray, t: int, along: int | None = None, need: int = 2) -> bool:
    """Do ``need`` ends (2: both) of ``seg`` meet a line of the perpendicular mask? ``t`` px across
    the segment, ``along`` px beyond its ends (default ``t``)."""
    h, w = other.shape
    a = t if along is None else along

    def hit(x0: int, y0: int, x1: int, y1: int) -> bool:
        x0, y0 = max(0, x0), max(0, y0)
        x1, y1 = min(w, x1), min(h, y1)
        return x1 > x0 and y1 > y0 and bool(other[y0:y1, x0:x1].any())

    if seg.horizontal:
        ends = (hit(seg.x0 - a, seg.y0 - t, seg.x0 + a + 1, seg.y1 + t + 1),
                hit(seg.x1 - a, seg.y0 - t, seg.x1 + a + 1, seg.y1 + t + 1))
    else:
        ends = (hit(seg.x0 - t, seg.y0 - a, seg.x1 + t + 1, seg.y0 + a + 1),
                hit(seg.x0 - t, seg.y1 - a, seg.x1 + t + 1, seg.y1 + a + 1))
    return sum(ends) >= need


def _cluster(values: list[tuple[float, float]], snap: int) -> list[int]:
    """Weighted 1-D clustering: (position, weight) → cluster centres, sorted."""
    out: list[int] = []
    group: list[tuple[float, float]] = []
    for v in sorted(values):
        if group and v[0] - group[-1][0] > snap:
            out.append(round(sum(p * w for p, w in group) / sum(w for _, w in group)))
            group = []
        group.append(v)
    if group:
        out.append(round(sum(p * w for p, w in group) / sum(w for _, w in group)))
    return out


def _side_ink(ink: np.ndarray, g: _Seg, near: int = 2, far: int = 5) -> float:
    """Share of a vertical segment's length with ink 2–5 px to its left or right."""
    w = ink.shape[1]
    left = ink[g.y0 : g.y1 + 1, max(0, g.x0 - far) : max(0, g.x0 - near + 1)]
    right = ink[g.y0 : g.y1 + 1, min(w, g.x1 + near) : min(w, g.x1 + far + 1)]
    rows = (left.any(axis=1) if left.size else False) | (right.any(axis=1) if right.size else False)
    return float(rows.mean()) if getattr(rows, "size", 0) else 0.0


def _side_ink_h(ink: np.ndarray, g: _Seg, near: int = 2, far: int = 5) -> float:
    """Share of a horizontal segment's length with ink 2–5 px above it, or below it (the larger)."""
    h = ink.shape[0]
    above = ink[max(0, g.y0 - far) : max(0, g.y0 - near + 1), g.x0 : g.x1 + 1]
    below = ink[min(h, g.y1 + near) : min(h, g.y1 + far + 1), g.x0 : g.x1 + 1]
    fa = float(above.any(axis=0).mean()) if above.size else 0.0
    fb = float(below.any(axis=0).mean()) if below.size else 0.0
    return max(fa, fb)


def _thin(pos: list[int], segs: list[_Seg], gap: int) -> list[int]:
    """Drop grid lines closer than ``gap`` to a neighbour, keeping the one with more ruling length (two
    lines a few pixels apart are one line and a stroke of text, not a row)."""
    def weight(p: int) -> int:
        return sum((g.x1 - g.x0 + 1) if g.horizontal else (g.y1 - g.y0 + 1) for g in segs if abs(g.pos - p) <= 3)

    out = list(pos)
    while True:
        close = [i for i in range(len(out) - 1) if out[i + 1] - out[i] < gap]
        if not close:
            return out
        i = close[0]
        del out[i if weight(out[i]) < weight(out[i + 1]) else i + 1]


def _coverage(mask: np.ndarray, horizontal: bool, pos: int, a: int, b: int, band: int) -> float:
    """Share of [a, b) along a line at ``pos`` (± band px) that the mask covers."""
    if b <= a:
        return 1.0
    if horizontal:
        strip = mask[max(0, pos - band) : pos + band + 1, a:b]
        hit = strip.any(axis=0)
    else:
        strip = mask[a:b, max(0, pos - band) : pos + band + 1]
        hit = strip.any(axis=1)
    return float(hit.mean()) if hit.size else 0.0


def find_tables(ink: np.ndarray, s: GridSettings = GRID_SETTINGS) -> tuple[list[TableGrid], np.ndarray]:
    """Table grids of a deskewed ink mask, and the mask of their ruling lines."""
    cv2, np = _cv()
    h, w = ink.shape
    hmask, vmask = _line_masks(ink, s)
    hk = max(20, int(w * s.h_kernel))
    vk = max(12, int(w * s.v_kernel))
    hsegs = _segments(hmask, True, hk)
    vsegs = _segments(vmask, False, vk)
    # glyph strokes are crossed by other strokes (or sit on a glyph); a ruling line has white beside it.
    # Done first, so that the strokes of a run of digits cannot vouch for each other as lines.
    long = s.open_rule * w
    vside = cv2.bitwise_and(ink, cv2.bitwise_not(hmask))
    vsegs = [g for g in vsegs if _side_ink(vside, g) <= s.side_ink]
    hside = cv2.bitwise_and(ink, cv2.bitwise_not(vmask))
    hsegs = [g for g in hsegs if g.x1 - g.x0 >= long or _side_ink_h(hside, g) <= s.side_ink_h]
    # ruling segments meet perpendicular lines at both ends — or, when long, at one end at least: a
    # table cut by a page break is open at the top or bottom; two passes settle the mutual test
    t = s.touch
    for _ in range(2):
        vdraw = np.zeros_like(ink)
        for g in vsegs:
            vdraw[g.y0 : g.y1 + 1, g.x0 : g.x1 + 1] = 255
        hsegs = [g for g in hsegs if _touches(g, vdraw, t, need=1 if g.x1 - g.x0 >= long else 2)]
        hdraw = np.zeros_like(ink)
        for g in hsegs:
            hdraw[g.y0 : g.y1 + 1, g.x0 : g.x1 + 1] = 255
        vsegs = [g for g in vsegs if _touches(g, hdraw, t, need=1 if g.y1 - g.y0 >= long else 2)]
    # tables: groups of touching segments
    lines = np.zeros_like(ink)
    for g in (*hsegs, *vsegs):
        lines[g.y0 : g.y1 + 1, g.x0 : g.x1 + 1] = 255
    joined = cv2.dilate(lines, np.ones((2 * t + 1, 2 * t + 1), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    tables: list[TableGrid] = []
    kept_v: list[_Seg] = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if bw < s.min_table_width * w or bh < 2 * t + 8:
            continue

        def inside(g: _Seg, lab: int = i) -> bool:
            return labels[(g.y0 + g.y1) // 2, (g.x0 + g.x1) // 2] == lab

        th = [g for g in hsegs if inside(g)]
        tv = [g for g in vsegs if inside(g)]
        # a short vertical run between two lines may be a digit ("1", "4") filling a low row: keep it
        # only where a longer ruling of the same table stands at the same x (column lines run through
        # the header rows). A column line short everywhere is lost: its two cells read as one, which is
        # flagged, not shifted.
        long_x = [g.pos for g in tv if g.y1 - g.y0 + 1 >= s.short_rule * w]
        tv = [g for g in tv if g.y1 - g.y0 + 1 >= s.short_rule * w or any(abs(g.pos - x) <= s.snap for x in long_x)]
        kept_v += tv
        if len(th) < 2 or len(tv) < 2:
            continue
        gap = max(8, int(w * s.min_gap))
        ys = _thin(_cluster([(g.pos, g.x1 - g.x0 + 1) for g in th], s.snap), th, gap)
        xs = _thin(_cluster([(g.pos, g.y1 - g.y0 + 1) for g in tv], s.snap), tv, gap)
        # open sides (a table cut by a page break, a table without side borders): the ends of the
        # perpendicular rulings are the missing outer lines
        if ys and min(g.y0 for g in tv) < ys[0] - gap:
            ys.insert(0, min(g.y0 for g in tv))
        if ys and max(g.y1 for g in tv) > ys[-1] + gap:
            ys.append(max(g.y1 for g in tv))
        if xs and min(g.x0 for g in th) < xs[0] - gap:
            xs.insert(0, min(g.x0 for g in th))
        if xs and max(g.x1 for g in th) > xs[-1] + gap:
            xs.append(max(g.x1 for g in th))
        if len(ys) < 2 or len(xs) < 2:
            continue
        grid = TableGrid(bbox=(int(x), int(y), int(x + bw), int(y + bh)), xs=xs, ys=ys)
        tables.append(grid)
    vdraw = np.zeros_like(ink)
    for g in kept_v:
        vdraw[g.y0 : g.y1 + 1, g.x0 : g.x1 + 1] = 255
    for grid in tables:
        grid.cells = _cells(grid, hdraw, vdraw, s)
    tables.sort(key=lambda g: (g.bbox[1], g.bbox[0]))
    lines = cv2.bitwise_and(cv2.dilate(cv2.bitwise_or(hdraw, vdraw), np.ones((3, 3), np.uint8)),
                            cv2.bitwise_or(hmask, vmask))
    return tables, lines


def _cells(grid: TableGrid, hdraw: np.ndarray, vdraw: np.ndarray, s: GridSettings) -> list[GridBox]:
    """Slots merged where the line between them is absent; each merged region becomes one cell."""
    xs, ys = grid.xs, grid.ys
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    band = max(2, s.snap // 2)
    for r in range(nr):
        y0, y1 = ys[r], ys[r + 1]
        inset = max(2, (y1 - y0) // 6)
        for c in range(1, nc):
            if _coverage(vdraw, False, xs[c], y0 + inset, y1 - inset, band) < s.coverage:
                union(r * nc + c - 1, r * nc + c)
    for c in range(nc):
        x0, x1 = xs[c], xs[c + 1]
        inset = max(2, (x1 - x0) // 6)
        for r in range(1, nr):
            if _coverage(hdraw, True, ys[r], x0 + inset, x1 - inset, band) < s.coverage:
                union((r - 1) * nc + c, r * nc + c)
    regions: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            regions.setdefault(find(r * nc + c), []).append((r, c))
    taken: set[tuple[int, int]] = set()
    out: list[GridBox] = []
    for slots in sorted(regions.values(), key=lambda sl: min(sl)):
        r0 = min(r for r, _ in slots)
        c0 = min(c for r, c in slots if r == r0)
        if (r0, c0) in taken:
            continue
        # a region that is not a rectangle (a broken line): keep its largest rectangle from the top-left
        r1 = max(r for r, _ in slots)
        c1 = max(c for _, c in slots)
        cover = set(slots)
        while c1 > c0 and any((r, c1) not in cover for r in range(r0, r1 + 1)):
            c1 -= 1
        while r1 > r0 and any((r1, c) not in cover for c in range(c0, c1 + 1)):
            r1 -= 1
        span = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        if span & taken:
            span = {(r0, c0)}
            r1, c1 = r0, c0
        taken |= span
        out.append(GridBox(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
        for r, c in slots:  # leftover slots of a non-rectangular region become cells of their own
            if (r, c) not in taken:
                taken.add((r, c))
                out.append(GridBox(r, c, 1, 1, (xs[c], ys[r], xs[c + 1], ys[r + 1])))
    out.sort(key=lambda b: (b.row, b.col))
    return out


def analyze(image: np.ndarray, s: GridSettings = GRID_SETTINGS) -> PageImage:
    """Grey, deskew, find tables; the ink mask returned has the ruling lines taken out."""
    cv2, np = _cv()
    gray = to_gray(image)
    ink = binarize(gray, s)
    angle = estimate_skew(ink, s)
    if abs(angle) >= s.min_skew:
        gray = rotate(gray, angle)
        ink = binarize(gray, s)
    tables, lines = find_tables(binarize(gray, s, s.line_c), s)
    text_ink = cv2.bitwise_and(ink, cv2.bitwise_not(cv2.dilate(lines, np.ones((3, 3), np.uint8))))
    return PageImage(gray=gray, ink=text_ink, lines=lines, angle=angle, tables=tables)
