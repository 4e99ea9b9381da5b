"""The XLSX fill-in form: the three tables laid out as the official format prints them.

Number cells are validated (non-negative integers; 万元 decimals; 本年增/减 signed), totals are
formulas, and the 勾稽关系 show live: a cell that breaks A3.BALANCE, A3.ROW, A3.RESULTS or A4.BLOCK
turns red (conditional formatting). A hidden sheet maps every cell path to its sheet and address, so
reading a form back never depends on the label text. Formulas written by xxgk are evaluated here (a
form filled in by a program has no cached values); other formulas use the value cached by the
spreadsheet program that saved the file.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import FormError, UnreadableFile
from ..model.cell import Cell
from ..model.report import Meta, Report
from ..model.statutory import SECTIONS, Template
from ..render.layout import Grid, form_rows, grids, number_text, report_template
from .blank import blank_report
from .cells import parse_value

FORM_SCHEMA = "xxgk.form/1"
HIDDEN = "_xxgk"
META_SHEET = "基本信息"
TEXT_SHEET = "正文"
TOP = 3  # tables start on this sheet row (row 1: title, row 2: hint)

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_BAND = PatternFill("solid", start_color="DCE6F2", end_color="DCE6F2")
_HEAD = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")
_FORMULA = PatternFill("solid", start_color="EDEDED", end_color="EDEDED")
_INPUT = PatternFill("solid", start_color="FFFFFF", end_color="FFFFFF")
_RED = PatternFill("solid", start_color="FF9999", end_color="FF9999")
_RED_FONT = Font(color="9C0006", bold=True)
_FONT = Font(name="宋体", size=10)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_META_FIELDS = (("agency", "机关名称"), ("year", "报告年度"), ("template", "报告格式"), ("published_on", "发布日期"))


@dataclass
class _Entry:
    path: str
    sheet: str
    cell: str
    kind: str = "text"  # count | change | money | text | meta
    formula: str = ""
    operands: tuple[str, ...] = ()


def _sheet_name(grid: Grid) -> str:
    return {"active": "表二", "applications": "表三", "reviews": "表四"}[grid.key]


def _put(ws: Worksheet, ref: str, value: Any) -> None:
    """Write a value; text is always text (a section starting with "=" is not a formula)."""
    c = ws[ref]
    if isinstance(value, str):
        c.value = _ILLEGAL.sub("", value)
        c.data_type = "s"
    else:
        c.value = value


def _box(ws: Worksheet, row: int, col: int, rowspan: int, colspan: int, **style: Any) -> None:
    for r in range(row, row + rowspan):
        for c in range(col, col + colspan):
            cell = ws.cell(r, c)
            cell.border = _BORDER
            for k, v in style.items():
                setattr(cell, k, v)
    if rowspan > 1 or colspan > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row + rowspan - 1, end_column=col + colspan - 1)


# --- writing ------------------------------------------------------------------------------------


def write_form(report_or_template: Report | Template | str, path: str | Path) -> Path:
    """Write an XLSX fill-in form for a report (its values filled in) or for an empty template."""
    report = (
        report_or_template
        if isinstance(report_or_template, Report)
        else blank_report(report_or_template)
    )
    tpl = report_template(report)
    wb = Workbook()
    entries: list[_Entry] = []
    _meta_sheet(wb.active, report, tpl, entries)
    _text_sheet(wb.create_sheet(TEXT_SHEET), report, entries)
    for grid in grids(tpl):
        ws = wb.create_sheet(_sheet_name(grid))
        _table_sheet(ws, grid, report, tpl, entries)
    _hidden_sheet(wb.create_sheet(HIDDEN), tpl, entries)
    out = Path(path)
    wb.save(out)
    return out


def _meta_sheet(ws: Worksheet, report: Report, tpl: Template, entries: list[_Entry]) -> None:
    ws.title = META_SHEET
    ws["A1"] = "政府信息公开工作年度报告 填报表"
    ws["A1"].font = Font(name="黑体", size=16, bold=True)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 60
    values = {
        "agency": report.meta.agency or "",
        "year": report.meta.year,
        "template": f"{tpl.key}（{tpl.title}）",
        "published_on": _date_or_text(report.meta.published_on),
    }
    for i, (key, label) in enumerate(_META_FIELDS):
        r = 3 + i
        ws.cell(r, 1, label).font = Font(name="宋体", size=11, bold=True)
        ref = f"B{r}"
        _put(ws, ref, values[key])
        ws[ref].border = _BORDER
        ws[ref].protection = Protection(locked=key == "template")
        ws[ref].fill = _FORMULA if key == "template" else _INPUT
        entries.append(_Entry(f"meta.{key}", ws.title, ref, "meta"))
        if key == "published_on":
            ws[ref].number_format = "yyyy-mm-dd"
    year_dv = DataValidation(type="whole", operator="between", formula1="2007", formula2="2100", allow_blank=True,
                             errorTitle="报告年度", error="请填写四位数的年份，例如 2025")
    ws.add_data_validation(year_dv)
    year_dv.add("B4")
    hints = (
        "填写说明：",
        "1. 白色单元格由填报人填写；灰色单元格（总计）由公式自动计算，不需填写。",
        "2. 数字单元格只能填写非负整数；“本年增/减”可为负数；收费、采购金额以万元为单位，可有小数。",
        "3. 无数据请填 0，不要留空或填“/”。",
        "4. 单元格变红表示勾稽关系不符（表三：本年新收+上年结转=办理结果总计+结转下年度；"
        "各行总计=各类申请人之和；（七）总计=（一）至（六）之和。表四：总计=维持+纠正+其他+未审结）。",
        "5. 填好后用 xxgk render 本文件 --to docx 生成正式格式的报告。",
    )
    for i, h in enumerate(hints):
        ws.cell(9 + i, 1, h).alignment = Alignment(wrap_text=False)
    _protect(ws)


def _date_or_text(iso: str | None) -> Any:
    if not iso:
        return ""
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso


def _text_sheet(ws: Worksheet, report: Report, entries: list[_Entry]) -> None:
    ws["A1"] = "正文（每一部分的文字；段落之间换行，Alt+Enter）"
    ws["A1"].font = Font(name="黑体", size=14, bold=True)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 100
    for i, sec in enumerate(SECTIONS):
        r = 3 + i
        ws.cell(r, 1, sec.heading).font = Font(name="黑体", size=12)
        ws.cell(r, 1).alignment = Alignment(vertical="top", wrap_text=True)
        ref = f"B{r}"
        _put(ws, ref, report.sections.get(sec.key) or "")
        ws[ref].alignment = Alignment(vertical="top", wrap_text=True)
        ws[ref].protection = Protection(locked=False)
        ws[ref].border = _BORDER
        ws.row_dimensions[r].height = 120
        entries.append(_Entry(f"sections.{sec.key}", ws.title, ref, "text"))
    _protect(ws)


def _protect(ws: Worksheet) -> None:
    # Structure is fixed (the hidden map points at addresses); sizes and formats stay editable.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False


def _table_sheet(ws: Worksheet, grid: Grid, report: Report, tpl: Template, entries: list[_Entry]) -> None:
    spec = tpl.table(grid.key)
    ws["A1"] = f"{spec.number}、{spec.title}"
    ws["A1"].font = Font(name="黑体", size=14, bold=True)
    ws["A2"] = "白色格填写，灰色格自动计算；变红表示勾稽关系不符。"
    ws["A2"].font = Font(name="宋体", size=9, color="666666")
    unit = {"active": 14, "applications": 8, "reviews": 7}[grid.key]
    for j, w in enumerate(grid.widths):
        ws.column_dimensions[get_column_letter(1 + j)].width = unit * w
    addr: dict[str, str] = {}
    for s in grid.slots:
        row, col = TOP + s.row, 1 + s.col
        if s.role == "value":
            addr[s.path] = f"{get_column_letter(col)}{row}"
            _box(ws, row, col, s.rowspan, s.colspan, alignment=_CENTER, font=_FONT, fill=_INPUT,
                 protection=Protection(locked=False))
        else:
            fill = _BAND if s.role == "band" else _HEAD if s.role in ("header", "note") else None
            align = Alignment(horizontal="left", vertical="center", wrap_text=True) if s.role in (
                "band", "label", "note") else _CENTER
            style: dict[str, Any] = {"alignment": align, "font": _FONT}
            if fill is not None:
                style["fill"] = fill
            _box(ws, row, col, s.rowspan, s.colspan, **style)
            ws.cell(row, col).value = s.text
    for r in range(TOP, TOP + grid.n_rows):
        ws.row_dimensions[r].height = 30 if grid.key == "applications" and r < TOP + 3 else 20
    formulas = _formulas(grid, spec, addr)
    for path, ref in addr.items():
        _t, row_key, col_key = path.split(".")
        kind = spec.row(row_key).column(col_key).kind
        entry = _Entry(path, ws.title, ref, kind)
        cell = report.cell(path)
        if path in formulas:
            formula, operands = formulas[path]
            entry.formula, entry.operands = formula, operands
            if _formula_reproduces(report, path, operands):
                ws[ref] = formula
                ws[ref].fill = _FORMULA
                ws[ref].protection = Protection(locked=True)
            else:  # the report prints a total the formula would not give: keep the printed one
                _write_cell(ws, ref, cell)
        else:
            _write_cell(ws, ref, cell)
        if cell is not None and cell.note and cell.at.get("carried_from") is not None:
            ws[ref].comment = Comment(cell.note, "xxgk")
        entries.append(entry)
    _validations(ws, grid, spec, addr, formulas)
    _rules(ws, grid, spec, addr)
    ws.freeze_panes = ws.cell(TOP + grid.header_rows, 1) if grid.header_rows else None
    _protect(ws)


def _write_cell(ws: Worksheet, ref: str, cell: Cell | None) -> None:
    if cell is None or cell.status in ("missing", "blank"):
        return
    if cell.status == "ok" and cell.value is not None:
        ws[ref] = cell.value
    else:
        _put(ws, ref, (cell.raw or "").strip() or "/")


def _formulas(grid: Grid, spec, addr: dict[str, str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Total cells → (formula, operand paths). Empty operands give an empty total, not 0."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}

    def add(path: str, operands: list[str]) -> None:
        refs = [addr[p] for p in operands]
        rng = f"{refs[0]}:{refs[-1]}"
        out[path] = (f'=IF(COUNT({rng})=0,"",SUM({rng}))', tuple(operands))

    rows = form_rows(spec)
    if grid.key == "applications":
        keys = [r.key for r in rows]
        results = keys[keys.index("granted"):keys.index("total")]
        for row in rows:
            add(f"applications.{row.key}.total", [f"applications.{row.key}.{c.key}" for c in row.columns[:-1]])
        for col in rows[0].columns[:-1]:
            add(f"applications.total.{col.key}", [f"applications.{k}.{col.key}" for k in results])
    elif grid.key == "reviews":
        for row in rows:
            add(f"reviews.{row.key}.total", [f"reviews.{row.key}.{c.key}" for c in row.columns if c.key != "total"])
    return out


def _formula_value(known: list[int | float | None]) -> int | float | None:
    nums = [v for v in known if v is not None]
    return sum(nums) if nums else None


def _formula_reproduces(report: Report, path: str, operands: tuple[str, ...]) -> bool:
    cell = report.cell(path)
    want = _formula_value([report.value(p) for p in operands])
    if cell is None or cell.status in ("blank", "missing"):
        return want is None
    return cell.known and want is not None and cell.value == want


def _validations(ws: Worksheet, grid: Grid, spec, addr: dict[str, str], formulas: dict) -> None:
    dvs = {
        "count": DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                errorTitle="应为非负整数", error="此处填写件数：0 或正整数（无数据填 0）"),
        "change": DataValidation(type="whole", operator="between", formula1="-1000000", formula2="1000000",
                                 allow_blank=True, errorTitle="应为整数", error="本年增/减：整数，减少填负数"),
        "money": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                errorTitle="应为金额", error="金额以万元为单位，非负数，可有小数"),
    }
    for dv in dvs.values():
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
    for path, ref in addr.items():
        if path in formulas:
            continue
        _t, row_key, col_key = path.split(".")
        dvs[spec.row(row_key).column(col_key).kind].add(ref)


def _abs(ref: str) -> str:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert m is not None
    return f"${m.group(1)}${m.group(2)}"


def _rule(ws: Worksheet, refs: list[str], condition: str) -> None:
    ws.conditional_formatting.add(" ".join(refs), FormulaRule(formula=[condition], fill=_RED, font=_RED_FONT))


def _rules(ws: Worksheet, grid: Grid, spec, addr: dict[str, str]) -> None:
    """Red cells for the 勾稽关系 (rules A3.BALANCE, A3.ROW, A3.RESULTS, A4.BLOCK) and negative counts."""
    rows = form_rows(spec)

    def check_sum(target: str, operands: list[str]) -> None:
        t = _abs(addr[target])
        ops = [_abs(addr[p]) for p in operands]
        rng = f"{ops[0]}:{ops[-1]}"
        _rule(ws, [addr[target]], f"AND(COUNT({rng})={len(ops)},ISNUMBER({t}),{t}<>SUM({rng}))")

    if grid.key == "applications":
        keys = [r.key for r in rows]
        results = keys[keys.index("granted"):keys.index("total")]
        for row in rows:  # A3.ROW
            check_sum(f"applications.{row.key}.total", [f"applications.{row.key}.{c.key}" for c in row.columns[:-1]])
        for col in rows[0].columns:  # A3.RESULTS
            check_sum(f"applications.total.{col.key}", [f"applications.{k}.{col.key}" for k in results])
            # A3.BALANCE: 一 + 二 = 三（七） + 四, per column (the note printed in the table's corner)
            four = [addr[f"applications.{k}.{col.key}"] for k in ("new", "carried_over", "total", "carried_forward")]
            a, b, c, d = (_abs(x) for x in four)
            _rule(ws, four, f"AND(COUNT({a},{b},{c},{d})=4,{a}+{b}<>{c}+{d})")
    elif grid.key == "reviews":
        for row in rows:  # A4.BLOCK
            check_sum(f"reviews.{row.key}.total", [f"reviews.{row.key}.{c.key}" for c in row.columns if c.key != "total"])
    for path, ref in addr.items():  # N.NEGATIVE
        _t, row_key, col_key = path.split(".")
        if spec.row(row_key).column(col_key).kind != "change":
            _rule(ws, [ref], f"AND(ISNUMBER({_abs(ref)}),{_abs(ref)}<0)")


def _hidden_sheet(ws: Worksheet, tpl: Template, entries: list[_Entry]) -> None:
    ws.sheet_state = "hidden"
    ws.append(["schema", FORM_SCHEMA])
    ws.append(["template", tpl.key])
    ws.append(["path", "sheet", "cell", "kind", "formula", "operands"])
    for e in entries:
        ws.append([e.path, e.sheet, e.cell, e.kind, e.formula, ",".join(e.operands)])
        ws.cell(ws.max_row, 5).data_type = "s"  # the formula is kept as text here
    _protect(ws)


# --- reading ------------------------------------------------------------------------------------


def read_form(path: str | Path) -> Report:
    """Read an XLSX form written by :func:`write_form` (and filled in by a person or a program)."""
    p = Path(path)
    if not p.exists():
        raise UnreadableFile("文件不存在", str(p))
    try:
        wb = load_workbook(p)
        cached = load_workbook(p, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise FormError(f"无法作为 XLSX 填报表打开（{type(e).__name__}）", str(p)) from None
    if HIDDEN not in wb.sheetnames:
        raise FormError("不是 xxgk 填报表（缺少隐藏的 _xxgk 工作表）；请用 xxgk new 生成填报表", str(p))
    hidden = wb[HIDDEN]
    head = {r[0]: r[1] for r in hidden.iter_rows(min_row=1, max_row=2, values_only=True)}
    if head.get("schema") != FORM_SCHEMA:
        raise FormError(f"填报表版本“{head.get('schema')}”无法识别（应为 {FORM_SCHEMA}）", str(p))
    entries = [
        _Entry(r[0], r[1], r[2], r[3], r[4] or "", tuple((r[5] or "").split(",")) if r[5] else ())
        for r in hidden.iter_rows(min_row=4, values_only=True)
        if r[0]
    ]
    for e in entries:
        if e.sheet not in wb.sheetnames:
            raise FormError(f"工作表“{e.sheet}”被删除或改名，无法读取", str(p))
    report = Report(source={"file": str(p), "format": "xlsx"}, meta=Meta(template=str(head.get("template"))))
    by_path = {e.path: e for e in entries}
    memo: dict[str, Cell] = {}

    def read_cell(e: _Entry) -> Cell:
        if e.path in memo:
            return memo[e.path]
        at = {"sheet": e.sheet, "cell": e.cell}
        v = wb[e.sheet][e.cell].value
        if isinstance(v, str) and v.startswith("="):
            if e.formula and v.replace(" ", "") == e.formula.replace(" ", ""):
                total = _formula_value([read_cell(by_path[o]).value if read_cell(by_path[o]).known else None
                                        for o in e.operands])
                cell = (Cell(value=None, raw="", status="blank", at=at) if total is None
                        else Cell(value=total, raw=number_text(total), status="ok", at=at, note="公式计算"))
            else:
                cv = cached[e.sheet][e.cell].value
                if cv is None:
                    raise FormError(
                        f"“{e.sheet}”表 {e.cell} 单元格的公式 {v} 没有计算结果；请用 Excel 或 WPS 打开并保存后再试，"
                        "或直接填写数字",
                        str(p),
                    )
                cell = parse_value(cv, e.kind, at)
        else:
            cell = parse_value(v, e.kind, at)
        memo[e.path] = cell
        return cell

    for e in entries:
        kind, _, key = e.path.partition(".")
        if kind == "meta":
            _read_meta(report, key, wb[e.sheet][e.cell].value, p)
        elif kind == "sections":
            v = wb[e.sheet][e.cell].value
            text = str(v).replace("\r\n", "\n").replace("\r", "\n").strip() if v is not None else ""
            report.sections[key] = text or None
        else:
            report.set_cell(e.path, read_cell(e))
    return report


def _read_meta(report: Report, key: str, v: Any, p: Path) -> None:
    if key == "agency":
        report.meta.agency = str(v).strip() or None if v is not None else None
    elif key == "year":
        if v in (None, ""):
            report.meta.year = None
            return
        try:
            report.meta.year = int(str(v).strip().removesuffix("年").split(".")[0])
        except ValueError:
            raise FormError(f"“报告年度”应为年份数字，填写的是“{v}”", str(p)) from None
    elif key == "published_on":
        if isinstance(v, dt.datetime):
            report.meta.published_on = v.date().isoformat()
        elif isinstance(v, dt.date):
            report.meta.published_on = v.isoformat()
        else:
            report.meta.published_on = str(v).strip() or None if v is not None else None
