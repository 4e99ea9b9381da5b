"""A PDF page's characters, lines, rects, curves and images read with PDFium, as pdfplumber lists them.

pdfplumber interprets every content-stream operator in Python (pdfminer): 100–300 ms a page on WPS and
Word exports. PDFium (pypdfium2) parses the same page in C; this module turns its text page and page
objects into the dicts ``pdfplumber.Page`` would give — same keys, same coordinates (``x0, top, x1,
bottom`` in points from the top-left of the MediaBox) — by redoing pdfminer's geometry on PDFium's
numbers:

- a character's box is its advance by the font size, from the font's Descent up (vertical fonts: from
  the vertical origin down by the vertical advance), transformed by the character's matrix (pdfminer
  ``LTChar``); ``size`` is the box height (vertical fonts: width), ``upright`` and ``matrix`` as there;
- a painted path is split at each moveto; a single segment is a line, a closed axis-aligned
  four-corner subpath a rect, anything else a curve listing its end points (pdfminer ``paint_path``);
- the page's /Rotate and MediaBox origin are applied as pdfminer's interpreter does, then pdfplumber's
  flip to ``top``.

PDFium keeps numbers as 32-bit floats; they are read back to 7 significant digits, which restores the
decimals written in the content stream (``516.79998779`` → ``516.8``).
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass, field
from typing import Any

__all__ = ["PDFIUM_LOCK", "PageObjects", "UnsupportedPage", "read_page_objects"]

# PDFium is not thread-safe: every caller in the process holds this lock while it uses PDFium.
PDFIUM_LOCK = threading.RLock()

Matrix = tuple[float, float, float, float, float, float]


class UnsupportedPage(Exception):
    """The page uses something this reader does not reproduce exactly; read it with pdfplumber."""


@dataclass
class PageObjects:
    """The objects of one page, each a dict with pdfplumber's keys."""

    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    curves: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)


def _g(v: float) -> float:
    """A float32 from PDFium back to the decimal it was written as (7 significant digits)."""
    return float(f"{v:.7g}")


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    """pdfminer's ``mult_matrix``: apply ``m1``, then ``m0``."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _rotation_ctm(mediabox: tuple[float, float, float, float], rotate: int) -> Matrix:
    """The device matrix pdfminer's ``PDFPageInterpreter.process_page`` starts a page with."""
    x0, y0, x1, y1 = mediabox
    if rotate == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotate == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


class _Flip:
    """Device space (pdfminer) → pdfplumber's top-left coordinates (``Page.process_object``)."""

    def __init__(self, ctm: Matrix, mb_x0: float, mb_top: float, height: float) -> None:
        self.ctm = ctm
        self.dx = mb_x0
        self.top0 = height + mb_top

    def bbox(self, x0: float, y0: float, x1: float, y1: float) -> dict[str, float]:
        return {
            "x0": x0 + self.dx,
            "y0": y0,
            "x1": x1 + self.dx,
            "y1": y1,
            "top": self.top0 - y1,
            "bottom": self.top0 - y0,
            "width": x1 - x0,
            "height": y1 - y0,
        }

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (x + self.dx, self.top0 - y)


@dataclass(frozen=True)
class _FontSpec:
    """What the font dictionaries of one BaseFont name say: pdfminer's descent and writing modes."""

    descent: float | None  # per unit of font size; None: two dictionaries of the name disagree
    vertical: frozenset[bool]  # True for a vertical CMap (Identity-V, WMode 1), False for horizontal

    def merge(self, other: _FontSpec) -> _FontSpec:
        same = self.descent == other.descent
        return _FontSpec(self.descent if same else None, self.vertical | other.vertical)


def _font_specs(resources: Any, cache: dict[Any, Any]) -> dict[bytes, _FontSpec]:
    """BaseFont → descent and writing mode of the fonts of a page and its forms, as pdfminer reads them.

    pdfminer takes Descent from the font's FontDescriptor (a Type0 font: its descendant's), from the
    built-in metrics first for the standard fonts, 0 when there is none; PDFium falls back to the font
    program's metrics, so the descriptors are read here. WPS uses one BaseFont with both Identity-H and
    Identity-V; the writing mode PDFium reports is checked against the modes the name is used with.
    ``cache`` (one per document) keeps what was read of fonts and forms shared between pages.
    """
    from pdfminer.fontmetrics import FONT_METRICS
    from pdfminer.pdftypes import PDFObjRef, resolve1
    from pdfminer.psparser import PSLiteral, literal_name

    out: dict[bytes, _FontSpec] = {}
    seen: set[int] = set()

    def vertical_of(spec: dict) -> bool:
        enc = resolve1(spec.get("Encoding"))
        if isinstance(enc, PSLiteral):
            return literal_name(enc).endswith("-V")
        attrs = getattr(enc, "attrs", None)
        if attrs is None:
            return False
        if resolve1(attrs.get("WMode")) == 1:
            return True
        try:
            return b"/WMode 1" in enc.get_data()
        except Exception:  # an unreadable CMap stream: pdfminer reads it as horizontal too
            return False

    def descent_of(spec: dict) -> float:
        subtype = spec.get("Subtype")
        subtype = literal_name(subtype) if isinstance(subtype, PSLiteral) else "Type1"
        if subtype == "Type3":
            raise UnsupportedPage("Type 3 font")
        if subtype == "Type0":
            spec = resolve1((resolve1(spec.get("DescendantFonts")) or [{}])[0]) or {}
        elif subtype in ("Type1", "MMType1", "TrueType"):
            name = spec.get("BaseFont")
            if isinstance(name, PSLiteral) and literal_name(name) in FONT_METRICS:
                return -abs(float(FONT_METRICS[literal_name(name)][0].get("Descent", 0))) / 1000.0
        desc = resolve1(spec.get("FontDescriptor")) or {}
        value = resolve1(desc.get("Descent", 0)) if isinstance(desc, dict) else 0
        return -abs(float(value)) / 1000.0 if isinstance(value, int | float) else 0.0

    def walk(res: Any, depth: int) -> None:
        res = resolve1(res)
        if not isinstance(res, dict) or id(res) in seen or depth > 8:
            return
        seen.add(id(res))
        for ref in (resolve1(res.get("Font")) or {}).values():
            ck = ("font", ref.objid) if isinstance(ref, PDFObjRef) else None
            if ck is None or ck not in cache:
                found = font(resolve1(ref))
                if ck is not None:
                    cache[ck] = found
            else:
                found = cache[ck]
            if found is None:
                continue
            key, spec = found
            # PDFium drops the subset tag ("ABCDEF+") of simple fonts' names.
            for k in {key, key[7:] if len(key) > 7 and key[6:7] == b"+" else key}:
                out[k] = out[k].merge(spec) if k in out else spec
        for ref in (resolve1(res.get("XObject")) or {}).values():
            ck = ("xobject", ref.objid) if isinstance(ref, PDFObjRef) else None
            if ck is None or ck not in cache:
                attrs = getattr(resolve1(ref), "attrs", None)
                sub = attrs.get("Resources") if attrs and literal_name(attrs.get("Subtype", "")) == "Form" else None
                if ck is not None:
                    cache[ck] = sub
            else:
                sub = cache[ck]
            if sub is not None:
                walk(sub, depth + 1)

    def font(spec: Any) -> tuple[bytes, _FontSpec] | None:
        if not isinstance(spec, dict):
            return None
        name = spec.get("BaseFont")
        raw = name.name if isinstance(name, PSLiteral) else b""
        key = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        return key, _FontSpec(descent_of(spec), frozenset([vertical_of(spec)]))

    walk(resources, 0)
    return out


def read_page_objects(pdfium_page: Any, plumber_page: Any, cache: dict[Any, Any] | None = None) -> PageObjects:
    """The objects of one page, read with PDFium, in the coordinates of ``plumber_page`` (not parsed).

    ``pdfium_page`` is a ``pypdfium2.PdfPage``; ``plumber_page`` the same page as a ``pdfplumber.Page``,
    whose MediaBox and rotation set the coordinates; ``cache``, one dict per document, saves reading
    fonts shared by its pages again. Raises UnsupportedPage for what would not come out
    as pdfplumber reads it: Type 3 fonts, a font not found in the page's resources, named twice with
    different metrics, or written in a direction its dictionaries do not give.
    """
    page_obj = plumber_page.page_obj
    ctm = _rotation_ctm(tuple(page_obj.mediabox), int(page_obj.rotate or 0) % 360)
    mb = plumber_page.mediabox
    height = float(plumber_page.height)
    flip = _Flip(ctm, float(mb[0]), float(mb[1]), height)
    out = PageObjects(width=float(plumber_page.width), height=height)
    _read_chars(pdfium_page, flip, _font_specs(page_obj.resources, {} if cache is None else cache), out)
    _read_graphics(pdfium_page, flip, out)
    return out


# ---------------------------------------------------------------------------------------------------
# Characters


@dataclass
class _Font:
    descent: float  # per unit of font size, negative
    vertical: bool
    loose_width: bool  # PDFium's loose char box spans the advance (the font has ascent ≠ descent)


def _font_info(address: int, u: int, specs: dict[bytes, _FontSpec], pdfium_c: Any) -> _Font:
    font = ctypes.cast(address, pdfium_c.FPDF_FONT)
    buf = ctypes.create_string_buffer(256)
    n = pdfium_c.FPDFFont_GetBaseFontName(font, buf, 256)
    name = buf.raw[: max(n - 1, 0)] if n <= 256 else b""
    spec = specs.get(name)
    if spec is None or spec.descent is None:
        raise UnsupportedPage(f"font {name!r}: metrics not found in the page resources")
    asc = ctypes.c_float()
    desc = ctypes.c_float()
    pdfium_c.FPDFFont_GetAscent(font, ctypes.c_float(1000.0), ctypes.byref(asc))
    pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), ctypes.byref(desc))
    # A vertical CID font gives its vertical advance (W2 / DW2 w1y) as the width: negative.
    w = ctypes.c_float()
    vertical = bool(pdfium_c.FPDFFont_GetGlyphWidth(font, u, ctypes.c_float(1000.0), ctypes.byref(w))) and w.value < 0
    if vertical not in spec.vertical:
        raise UnsupportedPage(f"font {name!r}: writing mode not as in the page resources")
    return _Font(descent=spec.descent, vertical=vertical, loose_width=asc.value != desc.value)


class _Api:
    """The PDFium calls made once per character, typed with plain ctypes (addresses as ints)."""

    def __init__(self) -> None:
        import sys

        import pypdfium2.raw as pdfium_c

        proto = ctypes.WINFUNCTYPE if sys.platform == "win32" else ctypes.CFUNCTYPE  # type: ignore[attr-defined]
        vp, i, dp = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)

        def fn(name: str, restype: Any, *argtypes: Any) -> Any:
            address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
            return proto(restype, *argtypes)(address)

        self.c = pdfium_c
        self.get_unicode = fn("FPDFText_GetUnicode", ctypes.c_uint, vp, i)
        self.get_text_object = fn("FPDFText_GetTextObject", vp, vp, i)
        self.get_font = fn("FPDFTextObj_GetFont", vp, vp)
        self.get_origin = fn("FPDFText_GetCharOrigin", i, vp, i, dp, dp)
        self.get_font_size = fn("FPDFText_GetFontSize", ctypes.c_double, vp, i)
        self.get_matrix = fn("FPDFText_GetMatrix", i, vp, i, ctypes.POINTER(pdfium_c.FS_MATRIX))
        self.get_loose = fn("FPDFText_GetLooseCharBox", i, vp, i, ctypes.POINTER(pdfium_c.FS_RECTF))
        self.get_width = fn("FPDFFont_GetGlyphWidth", i, vp, ctypes.c_uint, ctypes.c_float,
                            ctypes.POINTER(ctypes.c_float))
        self.get_char_box = fn("FPDFText_GetCharBox", i, vp, i, dp, dp, dp, dp)
        self.get_text = fn("FPDFText_GetText", i, vp, i, i, ctypes.POINTER(ctypes.c_ushort))

    def codes(self, tp: int, n: int) -> list[int]:
        """The Unicode value of each of the text page's ``n`` characters, in one call when possible."""
        if n <= 0:
            return []
        buf = (ctypes.c_ushort * (2 * n + 1))()
        written = self.get_text(tp, 0, n, buf)
        codes = list(buf[:n])
        # One UTF-16 unit a character (no surrogate pairs), and aligned with the character indices:
        # an extra or missing character would shift every later one, so samples and the last show it.
        if written - 1 == n and all(codes[i] == self.get_unicode(tp, i) for i in {*range(0, n, 64), n - 1}):
            return codes
        return [self.get_unicode(tp, i) for i in range(n)]


_API: _Api | None = None


def _api() -> _Api:
    global _API
    if _API is None:
        _API = _Api()
    return _API


def _read_chars(page: Any, flip: _Flip, specs: dict[bytes, _FontSpec], out: PageObjects) -> None:
    api = _api()
    textpage = page.get_textpage()
    try:
        tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value
        n = api.c.FPDFText_CountChars(textpage.raw)
        get_obj = api.get_text_object
        get_origin = api.get_origin
        m = api.c.FS_MATRIX()
        r = api.c.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        pm, pr, pox, poy = ctypes.byref(m), ctypes.byref(r), ctypes.byref(ox), ctypes.byref(oy)
        glyph_w = ctypes.c_float()
        pw = ctypes.byref(glyph_w)
        fonts: dict[int, _Font] = {}
        advances: dict[tuple[int, int, float], float] = {}
        linear: dict[tuple[float, ...], tuple[float, ...]] = {}
        last_obj: int | None = -1
        font_info = _Font(0.0, False, False)
        font_ptr = 0
        fs = a = b = c = d = 0.0
        ctm = flip.ctm
        plain = ctm == (1, 0, 0, 1, 0, 0)
        chars = out.chars
        last_glyph: tuple | None = None
        last_index = -1
        for i, u in enumerate(api.codes(tp, n)):
            if u <= 0x20 or u in (0xA0, 0x3000, 0xFFFE, 0xFFFF):
                continue  # blank: dropped by the reader anyway
            text = chr(u)
            if not text.strip():
                continue
            key = get_obj(tp, i)
            if not key:
                continue  # a character PDFium generated (space, line break): no text object
            if key != last_obj:
                # Matrix (less the translation) and font size are the text object's.
                last_obj = key
                font_ptr = api.get_font(key)
                if not font_ptr:
                    raise UnsupportedPage("a character without a font")
                font_info = fonts.get(font_ptr) or fonts.setdefault(font_ptr, _font_info(font_ptr, u, specs, api.c))
                api.get_matrix(tp, i, pm)
                raw = (m.a, m.b, m.c, m.d, api.get_font_size(tp, i))
                if raw not in linear:
                    linear[raw] = tuple(_g(v) for v in raw)
                a, b, c, d, fs = linear[raw]
            get_origin(tp, i, pox, poy)
            # The origin is the pen position (the matrix's translation is the text object's start);
            # for a vertical font it is the pen less the vertical origin: the glyph box's corner.
            origin = (_g(ox.value), _g(oy.value))
            here = (key, origin)
            if here == last_glyph and _same_box(api, tp, i, last_index):
                # One glyph mapped to several characters ("——" as one dash glyph): pdfminer's one char.
                chars[-1]["text"] += text
                continue
            last_glyph, last_index = here, i
            wkey = (font_ptr, u, fs)
            adv = advances.get(wkey)
            if adv is None:
                ok = api.get_width(font_ptr, u, fs, pw)
                adv = advances[wkey] = _g(glyph_w.value) if ok else 0.0
            if font_info.vertical:
                if adv >= 0:
                    adv = -fs
                p0, p1 = (0.0, fs + adv), (fs, fs)
            else:
                if adv <= 0 and font_info.loose_width and abs(a) > 1e-9:
                    api.get_loose(tp, i, pr)
                    adv = (_g(r.right) - _g(r.left)) / a
                if adv <= 0:
                    adv = fs
                descent = font_info.descent * fs
                p0, p1 = (0.0, descent), (adv, descent + fs)
            mat = (a, b, c, d, origin[0], origin[1])
            if not plain:
                mat = _mult(mat, ctm)
            x0, y0 = _apply(mat, *p0)
            x1, y1 = _apply(mat, *p1)
            if x1 < x0:
                x0, x1 = x1, x0
            if y1 < y0:
                y0, y1 = y1, y0
            ch = flip.bbox(x0, y0, x1, y1)
            ch["object_type"] = "char"
            ch["text"] = text
            ch["size"] = ch["width"] if font_info.vertical else ch["height"]
            ch["upright"] = 0 < mat[0] * mat[3] and mat[1] * mat[2] <= 0
            ch["matrix"] = mat
            ch["doctop"] = ch["top"]
            chars.append(ch)
    finally:
        textpage.close()


def _same_box(api: _Api, tp: int, i: int, j: int) -> bool:
    boxes = []
    for k in (i, j):
        v = [ctypes.c_double() for _ in range(4)]
        api.get_char_box(tp, k, *(ctypes.byref(x) for x in v))
        boxes.append(tuple(x.value for x in v))
    return boxes[0] == boxes[1]


# ---------------------------------------------------------------------------------------------------
# Paths and images


_SEG_LINE, _SEG_BEZIER, _SEG_MOVE = 0, 1, 2


def _read_graphics(page: Any, flip: _Flip, out: PageObjects) -> None:
    import pypdfium2.raw as pdfium_c

    raw = page.raw
    n = pdfium_c.FPDFPage_CountObjects(raw)
    _walk(pdfium_c, [pdfium_c.FPDFPage_GetObject(raw, i) for i in range(n)], flip.ctm, flip, out, 0)


def _obj_matrix(pdfium_c: Any, obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (_g(m.a), _g(m.b), _g(m.c), _g(m.d), _g(m.e), _g(m.f))


def _walk(pdfium_c: Any, objs: list, ctm: Matrix, flip: _Flip, out: PageObjects, depth: int) -> None:
    for obj in objs:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            _path(pdfium_c, obj, _mult(_obj_matrix(pdfium_c, obj), ctm), flip, out)
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            m = _mult(_obj_matrix(pdfium_c, obj), ctm)
            pts = [_apply(m, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
            box = flip.bbox(min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts),
                            max(p[1] for p in pts))
            box["object_type"] = "image"
            out.images.append(box)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 15:
            k = pdfium_c.FPDFFormObj_CountObjects(obj)
            children = [pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(max(k, 0))]
            _walk(pdfium_c, children, _mult(_obj_matrix(pdfium_c, obj), ctm), flip, out, depth + 1)


def _path(pdfium_c: Any, obj: Any, m: Matrix, flip: _Flip, out: PageObjects) -> None:
    fill_mode = ctypes.c_int()
    stroke = ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke))
    fill, stroked = fill_mode.value != 0, bool(stroke.value)
    if not (fill or stroked):
        return
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    # pdfminer's path: ("m"|"l"|"c", end point) with "h" after a closing segment; a Bézier's three
    # PDFium segments (two control points, then the end) are one "c".
    path: list[tuple[str, float, float]] = []
    bezier = 0
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == _SEG_BEZIER:
            bezier += 1
            if bezier % 3:
                continue
        pdfium_c.FPDFPathSegment_GetPoint(seg, px, py)
        pt = _apply(m, _g(x.value), _g(y.value))
        path.append(({_SEG_MOVE: "m", _SEG_LINE: "l"}.get(kind, "c"), *pt))
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            path.append(("h", *path[_subpath_start(path)][1:]))
    start = 0
    for k in range(1, len(path) + 1):
        if k == len(path) or path[k][0] == "m":
            _subpath(path[start:k], fill, stroked, flip, out)
            start = k


def _subpath_start(path: list[tuple[str, float, float]]) -> int:
    for k in range(len(path) - 1, -1, -1):
        if path[k][0] == "m":
            return k
    return 0


def _subpath(sub: list[tuple[str, float, float]], fill: bool, stroke: bool, flip: _Flip, out: PageObjects) -> None:
    """pdfminer's ``PDFLayoutAnalyzer.paint_path`` for one subpath (already in device space)."""
    if len(sub) < 2 or sub[0][0] != "m":
        return
    shape = "".join(s[0] for s in sub)
    pts = [(s[1], s[2]) for s in sub]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    attrs = {"stroke": stroke, "fill": fill}
    if shape in ("mlh", "ml"):
        (xa, ya), (xb, yb) = pts[0], pts[1]
        obj = flip.bbox(min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))
        obj.update(attrs, object_type="line", pts=[flip.point(*p) for p in pts])
        out.lines.append(obj)
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            obj = flip.bbox(min(x0, x2), min(y0, y2), max(x0, x2), max(y0, y2))
            obj.update(attrs, object_type="rect")
            obj["doctop"] = obj["top"]
            out.rects.append(obj)
            return
    obj = flip.bbox(min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))
    obj.update(attrs, object_type="curve", pts=[flip.point(*p) for p in pts])
    obj["doctop"] = obj["top"]
    out.curves.append(obj)
