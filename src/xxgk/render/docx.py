"""DOCX in the 公文 layout of GB/T 9704-2012, with tables 二/三/四 as the official template prints them.

GB/T 9704-2012 (党政机关公文格式): A4, text block 156 mm × 225 mm (top margin 37 mm, left 28 mm),
22 lines of 28 characters in 三号 仿宋; title 二号 小标宋; first-level headings 黑体, second-level 楷体;
page numbers 四号 宋体 "— 1 —", odd pages right, even pages left, one character in from the edge.
Font names are written as the official ones (with eastAsia attributes, so Word uses them for Chinese);
where they are not installed the PDF step maps them to installed CJK fonts (see render/pdf.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document as new_document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from ..model.report import Report
from ..model.statutory import SECTIONS
from .layout import Grid, cell_text, date_text, grids, paragraphs, report_template, title_text

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
TABLE_PT = {"active": 10.5, "applications": 9, "reviews": 9}  # 五号; 小五 for the dense tables 三 and 四
PAGE_NO_PT = 14  # 四号
LINE_PT = 28.95  # 225 mm / 22 lines
TEXT_WIDTH_MM = 156

# second-level headings in the body text: （一）…, set in 楷体
_SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")


def _fonts(run, east_asia: str, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = LATIN_FONT
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _spacing(p: Paragraph, line_pt: float | None = LINE_PT) -> None:
    pf = p.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if line_pt:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(line_pt)


def _indent_chars(p: Paragraph, chars: int, size: float = BODY_PT) -> None:
    p.paragraph_format.first_line_indent = Pt(size * chars)
    ind = p._p.get_or_add_pPr().find(qn("w:ind"))
    if ind is not None:
        ind.set(qn("w:firstLineChars"), str(chars * 100))


def _text(doc, text: str, font: str, size: float, *, align=None, indent: int = 0, bold: bool = False) -> Paragraph:
    p = doc.add_paragraph()
    _spacing(p)
    if align is not None:
        p.alignment = align
    if indent:
        _indent_chars(p, indent, size)
    _fonts(p.add_run(text), font, size, bold)
    return p


def _page_number(paragraph: Paragraph) -> None:
    """"— N —" with a PAGE field."""

    def run(text: str | None = None, fld: str | None = None, instr: str | None = None) -> None:
        r = paragraph.add_run()
        _fonts(r, NUMBER_FONT, PAGE_NO_PT)
        if text is not None:
            r.text = text
        if fld is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), fld)
            r._element.append(el)
        if instr is not None:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            r._element.append(el)

    run("— ")
    run(fld="begin")
    run(instr=" PAGE ")
    run(fld="separate")
    run("1")
    run(fld="end")
    run(" —")


def _setup(doc) -> None:
    sec = doc.sections[0]
    sec.start_type = WD_SECTION.NEW_PAGE
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.footer_distance = Mm(23)  # the number's top sits about 7 mm below the text block
    sec.header_distance = Mm(15)
    doc.settings.odd_and_even_pages_header_footer = True
    odd = sec.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(PAGE_NO_PT)
    _page_number(odd)
    even = sec.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(PAGE_NO_PT)
    _page_number(even)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), BODY_FONT)


def _shade(cell, color: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    tcpr.append(shd)


def _borders(table: DocxTable) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tblpr.append(borders)


def _rows(table: DocxTable, header_rows: int) -> None:
    """Rows never break across pages; the head rows repeat on every page the table runs onto."""
    for i, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        if i < header_rows:
            el = OxmlElement("w:tblHeader")
            el.set(qn("w:val"), "true")
            trpr.append(el)


def _cell_margins(table: DocxTable, twips: int = 45) -> None:
    # narrow left/right cell margins, so that table 四's 15 columns print 结果/维持 on two lines
    mar = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    table._tbl.tblPr.append(mar)


def _left(grid: Grid, s) -> bool:
    """The template left-aligns its band lines, the note, and table 三's item labels."""
    return s.role in ("band", "note") or (grid.key == "applications" and s.scope == "row")


def _table(doc, grid: Grid, report: Report) -> None:
    table = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    _cell_margins(table)
    total = sum(grid.widths)
    widths = [Mm(TEXT_WIDTH_MM * w / total) for w in grid.widths]
    for j, col in enumerate(table.columns):
        col.width = widths[j]
    for row in table.rows:
        for j, cell in enumerate(row.cells):
            cell.width = widths[j]
    for s in grid.slots:
        cell = table.cell(s.row, s.col)
        if s.rowspan > 1 or s.colspan > 1:
            cell = cell.merge(table.cell(s.row + s.rowspan - 1, s.col + s.colspan - 1))
        text = cell_text(report.cell(s.path)) if s.role == "value" else s.text
        p = cell.paragraphs[0]
        _spacing(p, None)
        p.paragraph_format.line_spacing = 1.0
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if _left(grid, s) else WD_ALIGN_PARAGRAPH.CENTER
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if text:
            _fonts(p.add_run(text), TABLE_FONT, TABLE_PT[grid.key])
        if s.role == "band":
            _shade(cell, "DCE6F2")
    _rows(table, grid.header_rows)


def build(report: Report):
    """The python-docx Document of a report (not saved)."""
    tpl = report_template(report)
    doc = new_document()
    _setup(doc)
    doc.core_properties.title = title_text(report)
    doc.core_properties.author = report.meta.agency or ""
    doc.core_properties.comments = f"xxgk; template {tpl.key}"
    _text(doc, title_text(report), TITLE_FONT, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    _text(doc, "", BODY_FONT, BODY_PT)
    tables = {g.key: g for g in grids(tpl)}
    for sec in SECTIONS:
        _text(doc, sec.heading, HEADING_FONT, BODY_PT, indent=2)
        for para in paragraphs(report.sections.get(sec.key)):
            font = SUBHEADING_FONT if _SUBHEADING.match(para) else BODY_FONT
            _text(doc, para, font, BODY_PT, indent=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        if sec.key in tables:
            _table(doc, tables[sec.key], report)
            _text(doc, "", BODY_FONT, BODY_PT)
    date = date_text(report.meta.published_on)
    if date:
        _text(doc, "", BODY_FONT, BODY_PT)
        right = Pt(BODY_PT * 4)  # 成文日期 右空四字 (GB/T 9704 7.3.5.1)
        for line in (report.meta.agency or "", date):
            if line:
                p = _text(doc, line, BODY_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)
                p.paragraph_format.right_indent = right
    return doc


def render_docx(report: Report, path: str | Path) -> Path:
    """Write the report as a DOCX in the official layout."""
    out = Path(path)
    build(report).save(out)
    return out
