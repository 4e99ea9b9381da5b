"""Born-digital PDF → Document, with pdfplumber's geometry on PDFium's parse.

The file is opened with pdfplumber (pdfminer): structure, encryption, damage and metadata are judged
there, and no page content is parsed. Each page's characters, lines and rectangles are then read with
PDFium (``pdf_objects``: the same objects pdfplumber would list; about 20 instead of 150 ms a page on
the corpus's WPS exports). A page PDFium cannot give exactly (a Type 3 font, a font not found in its
resources), a file PDFium cannot open, or an older PDFium build is read with pdfplumber itself.

Per page: tables come from ruling lines (pdfplumber's lattice finder, fed only strokes and thin filled
rectangles: Word/WPS exports put a white filled rectangle behind every body line, which would otherwise
read as a one-column table); cell spans are derived from the cells' bboxes against the grid of all
distinct cell edges. Lines of text outside tables become paragraphs; runs of lines whose words stand in
aligned columns become a table when a page has no ruling (the borderless fallback). Page headers,
footers and page numbers are dropped from the body and kept as ``doc.properties["page_labels"]``.

Across pages: a table ending a page and one starting the next with the same outer edges are one table
(a repeated header block is dropped; a label cell cut by the page break is joined back into one cell),
and a paragraph cut by the page break is one paragraph.

Every paragraph has ``at = {"page", "line", "bbox"}`` (line: 1-based among the page's body lines),
every grid cell ``at = {"page", "bbox"}``; bboxes are pdfplumber's ``[x0, top, x1, bottom]`` in points.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EncryptedPdf, MissingTool, UnreadableFile
from .document import Block, Document, GridCell, Paragraph, Table
from .pdf_objects import PDFIUM_LOCK, PageObjects, read_page_objects

__all__ = ["DEFAULT_SETTINGS", "PdfSettings", "read_pdf"]


@dataclass(frozen=True)
class PdfSettings:
    """Tolerances of the PDF reader, in points unless said otherwise."""

    snap_tolerance: float = 3.0  # pdfplumber lattice: ruling lines this close are one line
    rule_max_thickness: float = 2.0  # a filled rectangle thinner than this is a ruling line
    grid_tolerance: float = 3.0  # cell edges this close are the same grid line (also across pages)
    stitch_tolerance: float = 6.0  # outer left/right edges of a table continued on the next page
    margin_band: float = 0.085  # share of page height at top and bottom where headers/footers live
    min_page_chars: int = 8  # fewer non-blank characters than this: no text layer on the page
    column_gap: float = 2.0  # borderless tables: a gap of this many character widths separates columns
    min_borderless_rows: int = 3  # borderless tables: fewest consecutive column-aligned lines
    indent: float = 1.0  # a line starting this many character widths right of the margin is indented
    short_line: float = 1.5  # a line ending this many character widths left of the margin ends a paragraph


DEFAULT_SETTINGS = PdfSettings()

# "- 3 -", "— 3 —", "第3页", "第 3 页 共 6 页", "3 / 6", "3", "·3·"
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—－~·•.]*(?:第\s*)?(\d{1,4})(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*[,，]?\s*共\s*\d{1,4}\s*页)?[\s\-–—－~·•.]*$"
)
# Section headings the extractor splits on: "三、", "3、", "（一）" at a line start.
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[)）])")
# An enumeration marker starts a new row label, never the rest of one cut by a page break.
_ENUM = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\s*[、.．])")
_NUMBER = re.compile(r"^[\s\d.,，．%％+\-－万元件个项/]*\d[\s\d.,，．%％万元件个项]*$")


def read_pdf(path: str | Path, settings: PdfSettings | None = None) -> Document:
    """Read a born-digital PDF into a Document (raises EncryptedPdf, UnreadableFile or MissingTool)."""
    import pdfplumber

    s = settings or DEFAULT_SETTINGS
    p = Path(path)
    try:
        pdf = pdfplumber.open(p)
    except Exception as exc:  # pdfplumber wraps every pdfminer failure in PdfminerException
        raise _open_error(exc, p) from None
    with pdf:
        try:
            page_list = pdf.pages
        except Exception:  # a broken page tree
            raise UnreadableFile("PDF 文件已损坏（页面目录无法读取），请重新获取原文件", str(p)) from None
        doc = Document(source={"file": str(p), "format": "pdf", "pages": len(page_list)})
        try:
            doc.properties.update(_metadata(pdf))
        except Exception:  # odd Info dictionaries are not worth failing a report over
            doc.warnings.append("PDF 文档属性（标题、创建日期）无法读取")
        fast = _open_pdfium(p, len(page_list))
        cache: dict[Any, Any] = {}
        pages: list[_Page] = []
        try:
            for i, page in enumerate(page_list):
                try:
                    pages.append(_read_page(_page_objects(page, fast, i, cache), i + 1, s))
                except Exception as exc:  # a damaged content stream: keep the other pages, say so
                    if isinstance(exc, MissingTool | EncryptedPdf | UnreadableFile):
                        raise
                    doc.warnings.append(f"第 {i + 1} 页无法读取（内容可能已损坏），已跳过")
                    pages.append(_Page(number=i + 1, height=float(page.height), unreadable=True))
        finally:
            if fast is not None:
                with PDFIUM_LOCK:
                    fast.close()
    if not pages:
        raise UnreadableFile("PDF 文件没有任何页面", str(p))
    _strip_headers_footers(pages, s)
    doc.properties["page_labels"] = [pg.label for pg in pages]
    _ocr_pages(p, pages, doc)
    if not any(pg.items or pg.ocr_blocks for pg in pages):
        if any(pg.scanned for pg in pages):
            raise MissingTool(
                "这是扫描件 PDF（页面是图片，没有文字层），需要 OCR 支持才能读取：pip install 'xxgk[ocr]'", str(p)
            )
        if all(pg.unreadable for pg in pages):
            raise UnreadableFile("PDF 文件已损坏，没有一页可以读取", str(p))
        raise UnreadableFile("PDF 中没有任何文字内容", str(p))
    doc.blocks = _assemble(pages, s)
    return doc


# ---------------------------------------------------------------------------------------------------
# Opening and metadata


def _open_error(exc: Exception, p: Path) -> Exception:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
        return EncryptedPdf("PDF 文件已加密，请先解除密码保护后再处理", str(p))
    return UnreadableFile("PDF 文件已损坏或不完整（可能下载未完成），无法读取；请重新获取原文件", str(p))


def _decode_info(value: Any) -> str | None:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    value = resolve1(value)
    if isinstance(value, PSLiteral):
        return str(value.name)
    if isinstance(value, str):
        return value.strip() or None
    if not isinstance(value, bytes):
        return None
    if value.startswith((b"\xfe\xff", b"\xff\xfe")):  # UTF-16 with BOM, either byte order (WPS writes LE)
        text = value.decode("utf-16", errors="replace")
    else:
        for enc in ("utf-8", "gb18030", "latin-1"):
            try:
                text = value.decode(enc)
                break
            except UnicodeDecodeError:
                continue
    return text.replace("\x00", "").strip() or None


def _pdf_date(text: str | None) -> str | None:
    """ISO date of a PDF date string "D:20240226144123+06'41'" (PDF 32000-1 §7.9.4)."""
    m = re.match(r"^(?:D:)?(\d{4})(\d{2})(\d{2})", text or "")
    if not m or not ("01" <= m.group(2) <= "12" and "01" <= m.group(3) <= "31"):
        return None
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"


def _metadata(pdf: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    info: dict[str, Any] = {}
    for d in getattr(pdf.doc, "info", []) or []:
        info.update(d)
    for key, name in (("Title", "title"), ("Author", "author"), ("Subject", "subject"), ("Creator", "creator"),
                      ("Producer", "producer")):
        v = _decode_info(info.get(key))
        if v:
            out[name] = v
    for key, name in (("CreationDate", "created"), ("ModDate", "modified")):
        d = _pdf_date(_decode_info(info.get(key)))
        if d:
            out[name] = d
    return out


# PDFium build the fast path was checked against (pypdfium2 5.15); older builds may place a vertical
# font's origin or name subset fonts differently, so they are left to pdfplumber.
_MIN_PDFIUM_BUILD = 8149


def _open_pdfium(p: Path, n_pages: int) -> Any:
    """The file opened with PDFium, or None (not installed or too old, refused, other page count)."""
    try:
        import pypdfium2
    except ImportError:
        return None
    if getattr(getattr(pypdfium2, "PDFIUM_INFO", None), "build", 0) < _MIN_PDFIUM_BUILD:
        return None
    with PDFIUM_LOCK:
        try:
            fast = pypdfium2.PdfDocument(p)
        except Exception:  # PdfiumError: pdfminer read it, so pdfplumber will
            return None
        if len(fast) != n_pages:
            fast.close()
            return None
    return fast


def _page_objects(page: Any, fast: Any, index: int, cache: dict[Any, Any]) -> PageObjects:
    """A page's chars, lines, rects, curves and images: from PDFium when it can give them exactly."""
    if fast is not None:
        with PDFIUM_LOCK:
            try:
                fast_page = fast[index]
            except Exception:  # PdfiumError: a page PDFium cannot load
                fast_page = None
            if fast_page is not None:
                try:
                    return read_page_objects(fast_page, page, cache)
                except Exception:  # UnsupportedPage, or anything unforeseen: pdfplumber reads the page
                    pass
                finally:
                    fast_page.close()
    return PageObjects(
        width=float(page.width),
        height=float(page.height),
        chars=page.chars,
        lines=page.lines,
        rects=page.rects,
        curves=page.curves,
        images=page.images,
    )


# ---------------------------------------------------------------------------------------------------
# One page


@dataclass
class _Line:
    chars: list[dict]
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float

    @property
    def bbox(self) -> list[float]:
        return [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)]


@dataclass
class _PCell:
    """A table cell before the grid: page coordinates and its page's row band."""

    page: int
    bbox: tuple[float, float, float, float]
    text: str
    r0: int
    r1: int
    more: list[dict] = field(default_factory=list)  # pieces continued on later pages
    cols: tuple[int, int] | None = None  # borderless tables: column band range, known before the grid


@dataclass
class _PTable:
    page: int
    bbox: tuple[float, float, float, float]
    cells: list[_PCell]
    n_rows: int
    ruled: bool = True
    chars: list[dict] = field(default_factory=list)  # the characters read into cells


@dataclass
class _Page:
    number: int
    height: float
    items: list[_Line | _PTable] = field(default_factory=list)  # reading order, headers/footers removed later
    label: str | None = None
    scanned: bool = False
    unreadable: bool = False
    ocr_blocks: list[Block] = field(default_factory=list)
    body_lines: int = 0


def _read_page(page: PageObjects, number: int, s: PdfSettings) -> _Page:
    out = _Page(number=number, height=page.height)
    chars = _dedupe([c for c in page.chars if c["text"].strip()])
    if len(chars) < s.min_page_chars:
        area = page.width * page.height
        img = sum((i["x1"] - i["x0"]) * (i["bottom"] - i["top"]) for i in page.images)
        out.scanned = img > 0.3 * area
        if not chars:
            return out
    tables = _ruled_tables(page, chars, number, s)
    # Characters inside no cell (a table's open edge) stay body text rather than vanish.
    used = {id(c) for t in tables for c in t.chars}
    lines = _lines([c for c in chars if id(c) not in used])
    items: list[_Line | _PTable] = [*tables, *lines]
    items.sort(key=lambda it: it.bbox[1])
    out.items = items
    return out


def _cx(c: dict) -> float:
    return (c["x0"] + c["x1"]) / 2


def _cy(c: dict) -> float:
    return (c["top"] + c["bottom"]) / 2


def _dedupe(chars: list[dict]) -> list[dict]:
    """Drop glyphs printed twice at the same place (fake bold)."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for c in chars:
        key = (c["text"], round(c["x0"]), round(c["top"]))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _join_parts(parts: list[str]) -> str:
    """Join wrapped lines: Chinese without spaces, Latin words with one."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and part[0].isascii() and part[0].isalpha():
            out += " "
        out += part
    return out


def _chars_text(chars: list[dict]) -> str:
    """Text of one line of characters sorted left to right; spaces only between Latin/digit runs."""
    out: list[str] = []
    prev = None
    for c in chars:
        t = c["text"]
        if prev is not None and out and not _is_wide(t[0]) and not _is_wide(out[-1][-1]):
            if c["x0"] - prev["x1"] > 0.3 * max(c["size"], 1.0):
                out.append(" ")
        out.append(t)
        prev = c
    return "".join(out).strip()


def _lines(chars: list[dict]) -> list[_Line]:
    """Group characters into printed lines (top to bottom), each sorted left to right."""
    groups: list[list[dict]] = []
    spans: list[list[float]] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        cy = _cy(c)
        if groups and spans[-1][0] - 0.5 <= cy <= spans[-1][1] + 0.5:
            groups[-1].append(c)
            spans[-1][0] = min(spans[-1][0], c["top"])
            spans[-1][1] = max(spans[-1][1], c["bottom"])
        else:
            groups.append([c])
            spans.append([c["top"], c["bottom"]])
    out = []
    for g in groups:
        g.sort(key=lambda c: c["x0"])
        sizes = Counter(round(c["size"], 1) for c in g)
        out.append(
            _Line(
                chars=g,
                x0=min(c["x0"] for c in g),
                top=min(c["top"] for c in g),
                x1=max(c["x1"] for c in g),
                bottom=max(c["bottom"] for c in g),
                text=_chars_text(g),
                size=sizes.most_common(1)[0][0],
            )
        )
    return out


def _cell_text(chars: list[dict]) -> str:
    if not chars:
        return ""
    rotated = [c for c in chars if not c.get("upright", True)]
    if len(rotated) > len(chars) / 2:
        # Rotated text (a label printed sideways): columns left to right, each read along its direction.
        cols: list[list[dict]] = []
        for c in sorted(chars, key=_cx):
            if cols and abs(_cx(c) - _cx(cols[-1][-1])) < c["size"] * 0.6:
                cols[-1].append(c)
            else:
                cols.append([c])
        parts = []
        for col in cols:
            up = (col[0].get("matrix") or (1, 0, 0, 1))[1] > 0  # counter-clockwise: reads bottom to top
            col.sort(key=lambda c: c["top"], reverse=up)
            parts.append("".join(c["text"] for c in col))
        return _join_parts(parts)
    return _join_parts([ln.text for ln in _lines(chars)])


def _is_rule(obj: dict, s: PdfSettings) -> bool:
    if obj.get("object_type") != "rect":
        return True
    if obj.get("stroke"):
        return True
    return min(obj["width"], obj["height"]) <= s.rule_max_thickness


class _Edges:
    """The page-like object pdfplumber's TableFinder reads: ruling edges and the page box."""

    def __init__(self, edges: list[dict], width: float, height: float) -> None:
        self.edges = edges
        self.bbox = (0.0, 0.0, width, height)


def _ruled_tables(page: PageObjects, chars: list[dict], number: int, s: PdfSettings) -> list[_PTable]:
    from pdfplumber.table import TableFinder
    from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

    if not (page.lines or page.rects or page.curves):
        return []
    # pdfplumber's Page.edges over the ruling objects only (what page.filter(...).edges gives)
    edges = [line_to_edge(o) for o in page.lines]
    edges += [e for o in page.rects if _is_rule(o, s) for e in rect_to_edges(o)]
    edges += [e for o in page.curves for e in curve_to_edges(o)]
    found = TableFinder(
        _Edges(edges, page.width, page.height),
        {
            "vertical_strategy": "lines",
            "horizontal_strategy": "lines",
            "snap_tolerance": s.snap_tolerance,
            "join_tolerance": s.snap_tolerance,
            "intersection_tolerance": s.snap_tolerance,
            "explicit_horizontal_lines": _closing_edges(edges, s.snap_tolerance),
        },
    ).tables
    out = []
    for t in found:
        if len(t.cells) < 2:  # one box around text is a frame, not a table
            continue
        out.append(_page_table(t.cells, chars, number, s))
    return out


def _closing_edges(edges: list[dict], tol: float) -> list[dict]:
    """Horizontal rules a table cut by a page break lacks.

    Word and WPS draw no rule where a table breaks across pages, so the last row of the first part and
    the first row of the rest (and a tall label cell there) are left open and the lattice finder drops
    them. A vertical rule whose end touches no horizontal rule is joined, along the same height, to the
    nearest other rule end on each side unless another vertical rule passes through between them.
    """
    vs = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] >= 2 * tol]
    hs = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] >= tol]
    ends = [(e["x0"], y) for e in vs for y in (e["top"], e["bottom"])]
    ends += [(x, e["top"]) for e in hs for x in (e["x0"], e["x1"])]

    def touches(x: float, y: float) -> bool:
        return any(abs(e["top"] - y) <= tol and e["x0"] - tol <= x <= e["x1"] + tol for e in hs)

    def crossed(y: float, a: float, b: float) -> bool:
        return any(a + tol < e["x0"] < b - tol and e["top"] < y - tol and e["bottom"] > y + tol for e in vs)

    extra = []
    for e in vs:
        x = e["x0"]
        for y in (e["top"], e["bottom"]):
            if touches(x, y):
                continue
            same = [ex for ex, ey in ends if abs(ey - y) <= tol and abs(ex - x) > tol]
            for other in (max((v for v in same if v < x), default=None), min((v for v in same if v > x), default=None)):
                if other is None:
                    continue
                a, b = min(x, other), max(x, other)
                if not crossed(y, a, b):
                    extra.append({"object_type": "line", "x0": a, "x1": b, "top": y, "bottom": y,
                                  "width": b - a, "height": 0.0})
    return extra


def _cluster(values: list[float], tol: float) -> list[float]:
    """Sorted representative values, values within tol of the previous one merged."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(grid: list[float], v: float) -> int:
    return min(range(len(grid)), key=lambda i: abs(grid[i] - v))


def _page_table(cells: list[tuple], chars: list[dict], number: int, s: PdfSettings) -> _PTable:
    ys = _cluster([c[1] for c in cells] + [c[3] for c in cells], s.grid_tolerance)
    bins: list[list[dict]] = [[] for _ in cells]
    # Each character goes to the smallest cell containing its centre.
    order = sorted(range(len(cells)), key=lambda i: (cells[i][2] - cells[i][0]) * (cells[i][3] - cells[i][1]))
    x0 = min(c[0] for c in cells)
    x1 = max(c[2] for c in cells)
    top = min(c[1] for c in cells)
    bottom = max(c[3] for c in cells)
    for ch in chars:
        cx, cy = _cx(ch), _cy(ch)
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        for i in order:
            b = cells[i]
            if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]:
                bins[i].append(ch)
                break
    pcells = []
    for b, cs in zip(cells, bins, strict=True):
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        pcells.append(_PCell(page=number, bbox=tuple(b), text=_cell_text(cs), r0=r0, r1=max(r1, r0 + 1)))
    return _PTable(page=number, bbox=(x0, top, x1, bottom), cells=pcells, n_rows=len(ys) - 1,
                   chars=[ch for b in bins for ch in b])


# ---------------------------------------------------------------------------------------------------
# Headers, footers, page numbers


def _norm_repeat(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _strip_headers_footers(pages: list[_Page], s: PdfSettings) -> None:
    def in_band(pg: _Page, ln: _Line) -> bool:
        return ln.bottom <= pg.height * s.margin_band or ln.top >= pg.height * (1 - s.margin_band)

    # Text repeated in the same band on several pages is a running header or footer.
    counts: Counter[str] = Counter()
    for pg in pages:
        seen = {_norm_repeat(it.text) for it in pg.items if isinstance(it, _Line) and in_band(pg, it)}
        counts.update(seen)
    repeated = {t for t, n in counts.items() if n >= 2 and n >= len(pages) / 2 and len(pages) > 1}
    for pg in pages:
        keep: list[_Line | _PTable] = []
        for it in pg.items:
            if isinstance(it, _Line) and in_band(pg, it):
                m = _PAGE_NUMBER.match(it.text)
                if m:
                    pg.label = pg.label or m.group(1)
                    continue
                if _norm_repeat(it.text) in repeated:
                    continue
            keep.append(it)
        pg.items = keep


# ---------------------------------------------------------------------------------------------------
# OCR hook for pages without a text layer


def _ocr_pages(path: Path, pages: list[_Page], doc: Document) -> None:
    scanned = [pg for pg in pages if pg.scanned and not pg.items]
    if not scanned:
        return
    try:
        from . import ocr  # written separately; optional dependencies
    except ImportError:
        ocr = None
    fn = getattr(ocr, "ocr_pdf_page", None)
    for pg in scanned:
        if fn is not None:
            try:
                pg.ocr_blocks = list(fn(path, pg.number - 1))
                continue
            except MissingTool:
                fn = None
        doc.warnings.append(f"第 {pg.number} 页是扫描图片，没有文字层；需要 OCR 支持才能读取：pip install 'xxgk[ocr]'")


# ---------------------------------------------------------------------------------------------------
# Borderless tables (no ruling lines): runs of lines whose words stand in aligned columns


def _segments(ln: _Line, s: PdfSettings) -> list[list[dict]]:
    segs: list[list[dict]] = [[ln.chars[0]]]
    for a, b in zip(ln.chars, ln.chars[1:], strict=False):
        if b["x0"] - a["x1"] > s.column_gap * max(a["size"], b["size"]):
            segs.append([b])
        else:
            segs[-1].append(b)
    return segs


def _is_row_like(segs: list[list[dict]]) -> bool:
    if len(segs) >= 3:
        return True
    return len(segs) == 2 and bool(_NUMBER.match(_chars_text(segs[-1])))


def _borderless(pg: _Page, s: PdfSettings) -> None:
    items = pg.items
    out: list[_Line | _PTable] = []
    i = 0
    while i < len(items):
        j = i
        while j < len(items) and isinstance(items[j], _Line) and _is_row_like(_segments(items[j], s)):
            j += 1
        if j - i >= s.min_borderless_rows:
            out.append(_text_table([it for it in items[i:j] if isinstance(it, _Line)], pg.number, s))
            i = j
        else:
            out.append(items[i])
            i += 1
    pg.items = out


def _text_table(lines: list[_Line], number: int, s: PdfSettings) -> _PTable:
    rows = [[(min(c["x0"] for c in g), max(c["x1"] for c in g), g) for g in _segments(ln, s)] for ln in lines]
    # Column bands: the projection of every segment on the x axis, overlapping intervals merged.
    bands: list[list[float]] = []
    for x0, x1, _ in sorted((seg for row in rows for seg in row), key=lambda t: t[0]):
        if bands and x0 <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    cells: list[_PCell] = []
    for r, (ln, row) in enumerate(zip(lines, rows, strict=True)):
        used: set[int] = set()
        for x0, x1, g in row:
            cols = [k for k, (b0, b1) in enumerate(bands) if x0 < b1 and x1 > b0]
            used.update(cols)
            bbox = (x0, ln.top, x1, ln.bottom)
            cells.append(_PCell(page=number, bbox=bbox, text=_chars_text(g), r0=r, r1=r + 1,
                                cols=(cols[0], cols[-1] + 1)))
        for k, (b0, b1) in enumerate(bands):
            if k not in used:  # an empty slot in this row
                cells.append(_PCell(page=number, bbox=(b0, ln.top, b1, ln.bottom), text="", r0=r, r1=r + 1,
                                    cols=(k, k + 1)))
    bbox = (min(b[0] for b in bands), lines[0].top, max(b[1] for b in bands), lines[-1].bottom)
    return _PTable(page=number, bbox=bbox, cells=cells, n_rows=len(lines), ruled=False)


# ---------------------------------------------------------------------------------------------------
# Assembly: tables stitched over page breaks, lines into paragraphs, in reading order


def _assemble(pages: list[_Page], s: PdfSettings) -> list[Block]:
    for pg in pages:
        if not any(isinstance(it, _PTable) for it in pg.items):
            _borderless(pg, s)
    body = [ln for pg in pages for ln in pg.items if isinstance(ln, _Line) and len(ln.text) >= 8]
    if body:
        lefts = sorted(ln.x0 for ln in body)
        rights = sorted(ln.x1 for ln in body)
        left, right = lefts[len(lefts) // 10], rights[len(rights) * 9 // 10]
    else:
        left, right = 0.0, 0.0
    blocks: list[Block] = []
    open_table: list[_PTable] = []  # parts of a table that may continue on the next page
    para: list[tuple[_Page, int, _Line]] = []  # lines of the paragraph being built

    def flush_para() -> None:
        if para:
            blocks.append(_paragraph(para))
            para.clear()

    def flush_table() -> None:
        if open_table:
            blocks.append(_grid(open_table, s))
            open_table.clear()

    for pg in pages:
        k = 0
        for n, it in enumerate(pg.items):
            if isinstance(it, _PTable):
                flush_para()
                if open_table and n == 0 and _continues(open_table[-1], it, s):
                    open_table.append(it)
                else:
                    flush_table()
                    open_table.append(it)
                continue
            k += 1
            if open_table:
                flush_table()
            if para and _breaks(para[-1][2], it, left, right, s, new_page=para[-1][0] is not pg):
                flush_para()
            para.append((pg, k, it))
        if pg.ocr_blocks:
            flush_para()
            flush_table()
            blocks.extend(pg.ocr_blocks)
    flush_para()
    flush_table()
    return blocks


def _breaks(prev: _Line, ln: _Line, left: float, right: float, s: PdfSettings, new_page: bool) -> bool:
    """Does ``ln`` start a new paragraph after ``prev``?"""
    size = ln.size or 10.0
    if ln.x0 > left + s.indent * size:
        return True
    if prev.x1 < right - s.short_line * prev.size:
        return True
    if abs(ln.size - prev.size) > 0.8:
        return True
    if not new_page and ln.top - prev.bottom > 1.2 * max(size, prev.size):
        return True
    return bool(_HEADING.match(ln.text) and ln.x1 < right - s.short_line * size)


def _paragraph(lines: list[tuple[_Page, int, _Line]]) -> Paragraph:
    pg, k, first = lines[0]
    same = [ln for p, _, ln in lines if p is pg]
    at: dict[str, Any] = {
        "page": pg.number,
        "line": k,
        "bbox": [
            round(min(ln.x0 for ln in same), 2),
            round(min(ln.top for ln in same), 2),
            round(max(ln.x1 for ln in same), 2),
            round(max(ln.bottom for ln in same), 2),
        ],
    }
    if len(lines) > 1:
        at["to"] = {"page": lines[-1][0].number, "line": lines[-1][1]}
    return Paragraph(text=_join_parts([ln.text for _, _, ln in lines]), at=at)


def _continues(a: _PTable, b: _PTable, s: PdfSettings) -> bool:
    """Is table ``b`` (first on its page) the continuation of ``a`` (last on the previous page)?"""
    return (
        b.page == a.page + 1
        and a.ruled == b.ruled
        and abs(a.bbox[0] - b.bbox[0]) <= s.stitch_tolerance
        and abs(a.bbox[2] - b.bbox[2]) <= s.stitch_tolerance
    )


def _header_rows(a: _PTable, b: _PTable, s: PdfSettings) -> int:
    """How many top rows of ``b`` repeat the header block of ``a``."""

    def block(t: _PTable, k: int) -> list[_PCell] | None:
        cells = [c for c in t.cells if c.r0 < k]
        if any(c.r1 > k for c in cells):
            return None  # a cell crosses the boundary: not a closed block
        return sorted(cells, key=lambda c: (c.r0, c.bbox[0]))

    def same(x: list[_PCell], y: list[_PCell]) -> bool:
        tol = s.stitch_tolerance
        return len(x) == len(y) and all(
            u.text == v.text and u.r0 == v.r0 and abs(u.bbox[0] - v.bbox[0]) <= tol
            and abs(u.bbox[2] - v.bbox[2]) <= tol
            for u, v in zip(x, y, strict=True)
        )

    best = 0
    for k in range(1, min(a.n_rows, b.n_rows, 6)):
        ba, bb = block(a, k), block(b, k)
        if ba is not None and bb is not None and any(c.text for c in ba) and same(ba, bb):
            best = k
    return best


def _mergeable(up: _PCell, down: _PCell) -> bool:
    """Is ``down`` (first row of a page) the rest of ``up`` (last row of the page before), cut by the break?"""
    spans = (up.r1 - up.r0) > 1 or (down.r1 - down.r0) > 1
    if not down.text:
        return spans
    if not up.text or not spans or _ENUM.match(down.text):
        return False
    return not (_NUMBER.match(up.text) or _NUMBER.match(down.text))


def _split_row(pairs: list[tuple[_PCell, _PCell]], n_first: int) -> bool:
    """Is the first row of a page the rest of the last row before it (Word lets a row break across pages)?

    Every cell of the row must continue one above it, and no pair can both hold text that stands on its
    own (two numbers, or a new enumerated label).
    """
    if not pairs or len(pairs) != n_first:
        return False
    for up, down in pairs:
        if not up.text or not down.text:
            continue
        if _NUMBER.match(up.text) or _NUMBER.match(down.text) or _ENUM.match(down.text):
            return False
    return any(up.text and down.text for up, down in pairs)


def _continue(up: _PCell, down: _PCell, r1: int) -> None:
    up.r1 = r1
    up.text = _join_parts([up.text, down.text])
    up.more.append({"page": down.page, "bbox": [round(v, 2) for v in down.bbox]})


def _grid(parts: list[_PTable], s: PdfSettings) -> Table:
    cells: list[_PCell] = []
    last_row: list[_PCell] = []
    offset = 0
    for n, part in enumerate(parts):
        drop = _header_rows(parts[0], part, s) if n else 0
        mine = [
            _PCell(page=c.page, bbox=c.bbox, text=c.text, r0=c.r0 - drop + offset, r1=c.r1 - drop + offset,
                   cols=c.cols)
            for c in part.cells
            if c.r0 >= drop
        ]
        n_rows = part.n_rows - drop
        if n:
            first = [c for c in mine if c.r0 == offset]
            pairs = []
            for c in first:
                up = next(
                    (u for u in last_row if abs(u.bbox[0] - c.bbox[0]) <= s.grid_tolerance
                     and abs(u.bbox[2] - c.bbox[2]) <= s.grid_tolerance),
                    None,
                )
                if up is not None:
                    pairs.append((up, c))
            if _split_row(pairs, len(first)):
                # One printed row cut in two: its halves become one grid row.
                for up, c in pairs:
                    _continue(up, c, c.r1 - 1)
                    mine.remove(c)
                for c in mine:
                    c.r0, c.r1 = c.r0 - 1, c.r1 - 1
                n_rows -= 1
            else:
                for up, c in pairs:
                    if _mergeable(up, c):
                        _continue(up, c, c.r1)
                        mine.remove(c)
        cells.extend(mine)
        offset += n_rows
        last_row = [c for c in cells if c.r1 == offset]
    xs = _cluster([c.bbox[0] for c in cells] + [c.bbox[2] for c in cells], s.grid_tolerance)
    table = Table(layout="grid")
    rows: list[list[GridCell]] = [[] for _ in range(offset)]
    for c in cells:
        c0, c1 = c.cols or (_index(xs, c.bbox[0]), _index(xs, c.bbox[2]))
        at: dict[str, Any] = {"page": c.page, "bbox": [round(v, 2) for v in c.bbox]}
        if c.more:
            at["continued"] = c.more
        rows[c.r0].append(GridCell(text=c.text, row=c.r0, col=c0, rowspan=c.r1 - c.r0, colspan=max(c1 - c0, 1), at=at))
    for r in rows:
        r.sort(key=lambda g: g.col)
    table.rows = [r for r in rows]
    first = parts[0]
    table.at = {"page": first.page, "bbox": [round(v, 2) for v in first.bbox]}
    if len(parts) > 1:
        table.at["pages"] = [p.page for p in parts]
    if not first.ruled:
        table.at["borderless"] = True
    return table
