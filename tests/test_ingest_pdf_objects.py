"""xxgk.ingest.pdf_objects: PDFium's page objects must be the objects pdfplumber lists.

Every test compares with pdfplumber itself, on PDFs written byte by byte below (rotated pages, a shifted
MediaBox, character spacing, rise, invisible text, a vertical font, a form XObject, every way of
drawing a rectangle) and on the real reports of the corpus.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest

from xxgk.ingest import pdf as pdf_module
from xxgk.ingest.pdf import read_pdf
from xxgk.ingest.pdf_objects import UnsupportedPage, read_page_objects

REAL = Path("/work/shared/corpus/real")
if not REAL.exists():
    REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
PDFS = sorted(REAL.glob("*.pdf"))
needs_corpus = pytest.mark.skipif(not PDFS, reason="corpus of real PDFs not present")


# --- PDFs from raw content streams -------------------------------------------------------------


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


_CID = (
    b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1)"
    b" /Supplement 2 >> /DW 1000 /FontDescriptor << /Type /FontDescriptor /FontName /%s /Flags 4"
    b" /ItalicAngle 0 /FontBBox [0 -120 1000 880] /Ascent 880 /Descent %d /CapHeight 880 /StemV 80 >> >>"
)


def write_pdf(pages: list[tuple[bytes, str, int]], form: bytes | None = None,
              extra_font: tuple[bytes, list[bytes]] | None = None) -> bytes:
    """A PDF whose pages are (content stream, MediaBox, /Rotate).

    Fonts: /F1 STSong-Light horizontal (UniGB-UCS2-H), /F2 the same vertical (UniGB-UCS2-V), /F3
    Helvetica, /F4 a CID font whose Descent is written positive, /F5 ``extra_font`` if given: a font
    dictionary with a ``%d`` for the object number of each stream that follows it. ``form`` is
    drawn by ``/X1 Do`` (scaled 0.8, moved by 40, 60).
    """
    objs: list[bytes] = []

    def add(b: bytes) -> int:
        objs.append(b)
        return len(objs)

    cat, pages_id = add(b""), add(b"")
    cid = add(_CID % (b"STSong-Light", b"STSong-Light", -120))
    f1 = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [%d 0 R] >>" % cid)
    f2 = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-V /DescendantFonts [%d 0 R] >>" % cid)
    f3 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    cid4 = add(_CID % (b"STSongPos", b"STSongPos", 150))
    f4 = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSongPos /Encoding /UniGB-UCS2-H /DescendantFonts [%d 0 R] >>" % cid4)
    fonts = b"/F1 %d 0 R /F2 %d 0 R /F3 %d 0 R /F4 %d 0 R" % (f1, f2, f3, f4)
    if extra_font is not None:
        template, streams = extra_font
        ids = tuple(add(b"<< /Length %d >>\nstream\n" % len(st) + st + b"\nendstream") for st in streams)
        fonts += b" /F5 %d 0 R" % add(template % ids)
    xobj = b""
    if form is not None:
        fid = add(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 600 800] /Matrix [0.8 0 0 0.8 40 60]"
            b" /Resources << /Font << /F1 %d 0 R >> >> /Length %d >>\nstream\n" % (f1, len(form)) + form + b"\nendstream"
        )
        xobj = b"/XObject << /X1 %d 0 R >>" % fid
    kids = []
    for content, box, rotate in pages:
        c = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [%s] /Rotate %d /Contents %d 0 R /Resources << /Font << %s >> %s >> >>"
            % (pages_id, box.encode(), rotate, c, fonts, xobj)
        ))
    objs[cat - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objs[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, cat, xref)
    return bytes(data)


def _text(font: str, size: float, matrix: str, text: str, state: str = "", reset: str = "") -> str:
    return f"BT /{font} {size} Tf {state} {matrix} Tm <{_hex(text)}> Tj {reset} ET"


EDGE_CONTENT = "\n".join([
    _text("F1", 16, "1 0 0 1 80 700", "一、总体情况：本年度共收到申请21件"),
    _text("F1", 12, "1 0 0 1 80 670", "字间距测试123", "2 Tc", "0 Tc"),
    _text("F1", 12, "1 0 0 1 80 650", "横向缩放测试", "150 Tz", "100 Tz"),
    _text("F1", 12, "1 0 0 1 80 630", "上标测试", "3 Ts", "0 Ts"),
    _text("F1", 12, "1 0 0 1 80 610", "隐形文字层", "3 Tr", "0 Tr"),
    _text("F2", 12, "1 0 0 1 60 600", "竖排标签文字"),
    "BT /F3 11 Tf 1 0 0 1 300 600 Tm (Helvetica text 2024) Tj ET",
    _text("F4", 12, "1 0 0 1 300 580", "正降部测试"),
    _text("F1", 10, "0 1 -1 0 520 400", "旋转九十度"),
    _text("F1", 10, "2 0 0.5 1.5 200 400", "斜切矩阵"),
    f"BT /F1 12 Tf 1 0 0 1 80 560 Tm [<{_hex('字距')}> -500 <{_hex('调整')}>] TJ ET",
    "q 2 0 0 2 10 10 cm " + _text("F1", 8, "1 0 0 1 40 150", "缩放坐标") + " Q",
    "0.5 w 80 500 m 500 500 l S 80 480 m 500 480 l 80 460 m 500 460 l S",  # lines, two subpaths in one path
    "80 440 m 500 440 l h S",  # a line closed by h
    "80 300 420 150 re S 100 310 200 0.8 re f 300 320 100 50 re B",  # stroked, thin filled, fill+stroke
    "80 250 m 200 250 l 200 200 l 80 200 l h S",  # a rectangle closed by h
    "250 250 m 350 250 l 350 200 l 250 200 l 250 250 l h f",  # closed by a redundant l, then h
    "380 250 m 480 250 l 480 200 l 380 200 l s",  # close-and-stroke
    "80 150 m 100 180 150 180 170 150 c S 200 150 m 250 100 l 300 150 l S",  # a Bezier, a polyline
    "q 0 0 0 rg 300 100 m 400 100 l 400 101 l 300 101 l f Q",
    "100 100 m 150 100 l n",  # constructed, never painted
    "q 50 0 0 40 400 700 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q",
    "q /X1 Do Q",
]).encode("latin-1")
FORM = ("0.5 w 0 0 m 300 0 l S 0 0 m 0 100 l S " + _text("F1", 10, "1 0 0 1 10 20", "表单内文字")
        + " 20 20 100 50 re f").encode()


def _edge_pdf(tmp_path: Path, name: str, pages: list[tuple[str, int]]) -> Path:
    p = tmp_path / name
    p.write_bytes(write_pdf([(EDGE_CONTENT, box, rot) for box, rot in pages], form=FORM))
    return p


# --- comparison ----------------------------------------------------------------------------------


def _match_chars(expected: list[dict], got: list[dict]) -> list[tuple[dict, dict]]:
    """Pair each pdfplumber char with the nearest PDFium char of the same text; all must pair."""
    pool: dict[str, list[dict]] = defaultdict(list)
    for c in got:
        pool[c["text"]].append(c)
    pairs = []
    for c in expected:
        cands = pool[c["text"]]
        assert cands, f"no PDFium char for {c['text']!r} at {c['x0']:.1f},{c['top']:.1f}"
        d = min(cands, key=lambda d: sum(abs(d[k] - c[k]) for k in ("x0", "x1", "top", "bottom")))
        cands.remove(d)
        pairs.append((c, d))
    assert not [d["text"] for v in pool.values() for d in v], "PDFium chars pdfplumber does not list"
    return pairs


def _assert_same_objects(plumber_page, objs) -> int:
    expected = [c for c in plumber_page.chars if c["text"].strip()]
    for c, d in _match_chars(expected, objs.chars):
        for k in ("x0", "x1", "top", "bottom", "size"):
            assert d[k] == pytest.approx(c[k], abs=1e-3), (c["text"], k, c[k], d[k])
        assert d["upright"] == c["upright"], c["text"]
        assert (d["matrix"][1] > 0) == (c["matrix"][1] > 0), c["text"]

    def key(o: dict) -> tuple:
        return (round(o["top"], 3), round(o["x0"], 3), round(o["bottom"], 3), round(o["x1"], 3),
                bool(o.get("stroke")), bool(o.get("fill")))

    for kind in ("lines", "rects", "curves", "images"):
        assert sorted(map(key, getattr(objs, kind))) == sorted(map(key, getattr(plumber_page, kind))), kind
    for a, b in zip(sorted(objs.curves, key=key), sorted(plumber_page.curves, key=key), strict=True):
        assert a["pts"] == [pytest.approx(p, abs=1e-3) for p in b["pts"]]
    assert (objs.width, objs.height) == (float(plumber_page.width), float(plumber_page.height))
    return len(expected)


def _compare_file(path: Path) -> int:
    n = 0
    with pdfplumber.open(path) as pl:
        doc = pypdfium2.PdfDocument(path)
        try:
            for i, page in enumerate(pl.pages):
                n += _assert_same_objects(page, read_page_objects(doc[i], page))
        finally:
            doc.close()
    return n


# --- tests ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pages",
    [
        [("0 0 595 842", 0)],
        [("0 0 595 842", 90), ("0 0 595 842", 180), ("0 0 595 842", 270)],
        [("20 30 615 872", 0), ("20 30 615 872", 90)],  # a MediaBox not at the origin
    ],
    ids=["upright", "rotated", "shifted"],
)
def test_edge_cases_match_pdfplumber(tmp_path, pages):
    n = _compare_file(_edge_pdf(tmp_path, "edge.pdf", pages))
    assert n == 91 * len(pages)  # every non-blank character of the page, the form's included


def test_geometry_of_known_objects(tmp_path):
    path = _edge_pdf(tmp_path, "edge.pdf", [("0 0 595 842", 0)])
    with pdfplumber.open(path) as pl:
        doc = pypdfium2.PdfDocument(path)
        objs = read_page_objects(doc[0], pl.pages[0])
        doc.close()
    chars = {c["text"]: c for c in objs.chars}
    # 16 pt STSong (Descent -120) at baseline 700: box 142 - 0.12*16 .. +16; written decimals come back exact
    yi = chars["一"]
    assert (yi["x0"], yi["x1"], yi["size"]) == (80.0, 96.0, 16.0)
    assert (yi["top"], yi["bottom"]) == (pytest.approx(127.92, abs=1e-9), pytest.approx(143.92, abs=1e-9))
    # a vertical font: the glyph box hangs from the vertical origin, size is the width
    shu = chars["竖"]
    assert (shu["x0"], shu["x1"], shu["size"]) == (54.0, 66.0, 12.0)
    assert chars["旋"]["upright"] is False and chars["旋"]["matrix"][1] > 0
    # a 0.8 pt high filled bar is a rect
    assert {(r["x0"], r["top"], r["x1"], r["bottom"]) for r in objs.rects} >= {(100.0, 531.2, 300.0, 532.0)}
    assert len(objs.curves) == 3  # the Bezier, the polyline, the four corners left open (no h)
    assert len(objs.lines) == 6  # four page rules, two in the form
    assert [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in objs.images] == [(400.0, 102.0, 450.0, 142.0)]


def test_one_glyph_for_two_characters_is_one_char(tmp_path):
    # A ToUnicode map sending one glyph to "——" (a long dash): pdfminer lists one char of two.
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0001> <20142014> "
            b"<0002> <4E00> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /DashFont /Encoding /Identity-H /ToUnicode %d 0 R"
            b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DashFont"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000"
            b" /FontDescriptor << /Type /FontDescriptor /FontName /DashFont /Flags 4 /FontBBox [0 -200 1000 800]"
            b" /Ascent 800 /Descent -200 /ItalicAngle 0 /StemV 80 /CapHeight 800 >> >>] >>", [cmap])
    path = tmp_path / "dash.pdf"
    path.write_bytes(write_pdf([(b"BT /F5 12 Tf 100 700 Td <000200010002> Tj ET", "0 0 595 842", 0)], extra_font=font))
    with pdfplumber.open(path) as pl:
        doc = pypdfium2.PdfDocument(path)
        objs = read_page_objects(doc[0], pl.pages[0])
        doc.close()
        assert [c["text"] for c in objs.chars] == [c["text"] for c in pl.pages[0].chars] == ["一", "——", "一"]
        _assert_same_objects(pl.pages[0], objs)


def test_type3_font_page_is_left_to_pdfplumber(tmp_path):
    type3 = (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0]"
             b" /CharProcs << /a %d 0 R >> /Encoding << /Type /Encoding /Differences [97 /a] >>"
             b" /FirstChar 97 /LastChar 97 /Widths [1000] >>", [b"1000 0 0 0 1000 1000 d1 0 0 1000 1000 re f"])
    content = _text("F1", 16, "1 0 0 1 80 700", "第一页正文，共十二个字。").encode() + b"\nBT /F5 12 Tf 80 600 Td (a) Tj ET"
    path = tmp_path / "type3.pdf"
    path.write_bytes(write_pdf([(content, "0 0 595 842", 0)], extra_font=type3))
    with pdfplumber.open(path) as pl:
        doc = pypdfium2.PdfDocument(path)
        with pytest.raises(UnsupportedPage, match="Type 3"):
            read_page_objects(doc[0], pl.pages[0])
        doc.close()
    assert [p.text for p in read_pdf(path).paragraphs] == ["第一页正文，共十二个字。", "a"]


def _without_pdfium(monkeypatch, path: Path):
    monkeypatch.setattr(pdf_module, "_open_pdfium", lambda p, n: None)
    return read_pdf(path)


def test_document_is_the_same_without_pdfium(tmp_path, monkeypatch):
    path = _edge_pdf(tmp_path, "edge.pdf", [("0 0 595 842", 0), ("20 30 615 872", 90)])
    fast = read_pdf(path)
    assert dataclasses.asdict(fast) == dataclasses.asdict(_without_pdfium(monkeypatch, path))
    assert len(fast.blocks) > 10


@needs_corpus
def test_real_reports_match_pdfplumber():
    # WPS exports: per-glyph positioning, a vertical-font label in table 三, white filled boxes.
    assert sum(_compare_file(p) for p in PDFS) > 7000


@needs_corpus
def test_real_report_document_is_the_same_without_pdfium(monkeypatch):
    fast = read_pdf(PDFS[-1])
    slow = _without_pdfium(monkeypatch, PDFS[-1])
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    assert len(fast.tables) == 3


def test_threads_read_pdfs_at_once(tmp_path):
    # PDFium is not thread-safe; read_pdf holds PDFIUM_LOCK around it, so threads get the same documents.
    from concurrent.futures import ThreadPoolExecutor

    paths = [_edge_pdf(tmp_path, f"edge{i}.pdf", [("0 0 595 842", 90 * i)]) for i in range(4)] + PDFS
    alone = [dataclasses.asdict(read_pdf(p)) for p in paths]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda p: dataclasses.asdict(read_pdf(p)), paths * 2))
    assert together == alone * 2


def test_font_specs_from_the_dictionaries(tmp_path):
    from xxgk.ingest.pdf_objects import _font_specs

    path = _edge_pdf(tmp_path, "edge.pdf", [("0 0 595 842", 0)])
    with pdfplumber.open(path) as pl:
        specs = _font_specs(pl.pages[0].page_obj.resources, {})
    # one BaseFont written both ways (as WPS does), one descriptor
    assert specs[b"STSong-Light"].vertical == {False, True}
    assert specs[b"STSong-Light"].descent == -0.12
    assert specs[b"STSongPos"].descent == -0.15  # a positive Descent is read as negative, like pdfminer
    assert specs[b"Helvetica"].descent == -0.207  # standard font: the built-in metrics, no descriptor
    assert specs[b"Helvetica"].vertical == {False}
