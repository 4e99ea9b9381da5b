"""The official table layouts as grids of slots, built once from the statutory templates.

Every output (DOCX, HTML, Markdown, the XLSX form) draws tables 二/三/四 from these grids, so the
merged header cells, the vertical group cells and the value positions are defined in one place. The
shapes follow the blank template of 国办公开办函〔2021〕30号 (and 〔2019〕60号 for table 二 of 2019).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import FormError
from ..model.cell import Cell
from ..model.report import Report
from ..model.statutory import (
    APPLICANT_COLUMNS,
    APPLICANT_GROUP_LABEL,
    APPLICANT_HEADER_LABEL,
    BALANCE_NOTE,
    CONTENT_LABEL,
    Row,
    TableSpec,
    Template,
)

ROLES = ("band", "header", "note", "label", "value")


@dataclass(frozen=True)
class Slot:
    """One printed cell of an official table, at its top-left grid position."""

    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str = ""  # printed label (empty for value slots)
    role: str = "label"  # band (第二十条第（x）项 line) | header | note | label | value
    path: str | None = None  # table.row.column, for value slots
    scope: str | None = None  # for HTML: col | colgroup | row | rowgroup


@dataclass
class Grid:
    key: str  # active | applications | reviews
    n_cols: int
    slots: list[Slot] = field(default_factory=list)
    header_rows: int = 0  # leading rows that are the table head (repeated on each page)
    widths: tuple[float, ...] = ()  # relative column widths

    @property
    def n_rows(self) -> int:
        return max((s.row + s.rowspan for s in self.slots), default=0)

    def rows(self) -> list[list[Slot]]:
        out: list[list[Slot]] = [[] for _ in range(self.n_rows)]
        for s in sorted(self.slots, key=lambda s: (s.row, s.col)):
            out[s.row].append(s)
        return out

    def value_slots(self) -> list[Slot]:
        return [s for s in self.slots if s.role == "value"]

    def slot_of(self, path: str) -> Slot:
        for s in self.slots:
            if s.path == path:
                return s
        raise KeyError(path)


def printed_label(row: Row) -> str:
    """A row label as the template prints it: its item number, then its label."""
    return f"{row.number or ''}{row.label}"


def form_rows(spec: TableSpec) -> tuple[Row, ...]:
    """The rows a form and a rendering print: the template's rows without the optional subtotals."""
    return tuple(r for r in spec.rows if not r.subtotal)


def _spans(n_values: int, width: int) -> list[int]:
    # Table 二 has three value columns; a group with fewer columns widens its last one
    # (2021: 本年处理决定数量 across all three; 2019: 本年增/减 and 采购总金额 across two).
    return [1] * (n_values - 1) + [width - (n_values - 1)]


def active_grid(spec: TableSpec) -> Grid:
    g = Grid(spec.key, 4, widths=(1.3, 1, 1, 1))
    r = 0
    rows = form_rows(spec)
    i = 0
    while i < len(rows):
        group = rows[i].group or ""
        members = [rows[i]]
        while i + len(members) < len(rows) and rows[i + len(members)].group == rows[i].group:
            members.append(rows[i + len(members)])
        cols = members[0].columns
        spans = _spans(len(cols), 3)
        g.slots.append(Slot(r, 0, colspan=4, text=group, role="band", scope="colgroup"))
        g.slots.append(Slot(r + 1, 0, text=CONTENT_LABEL, role="header", scope="col"))
        c = 1
        for col, span in zip(cols, spans, strict=True):
            g.slots.append(Slot(r + 1, c, colspan=span, text=col.label, role="header", scope="col"))
            c += span
        r += 2
        for row in members:
            g.slots.append(Slot(r, 0, text=printed_label(row), role="label", scope="row"))
            c = 1
            for col, span in zip(row.columns, _spans(len(row.columns), 3), strict=True):
                g.slots.append(Slot(r, c, colspan=span, role="value", path=f"{spec.key}.{row.key}.{col.key}"))
                c += span
            r += 1
        i += len(members)
    return g


def applications_grid(spec: TableSpec) -> Grid:
    cols = APPLICANT_COLUMNS
    n_org = len(cols) - 2  # between 自然人 and 总计
    g = Grid(spec.key, 3 + len(cols), header_rows=3, widths=(0.75, 1.2, 2.9) + (1,) * len(cols))
    g.slots += [
        Slot(0, 0, rowspan=3, colspan=3, text=BALANCE_NOTE, role="note"),
        Slot(0, 3, colspan=len(cols), text=APPLICANT_HEADER_LABEL, role="header", scope="colgroup"),
        Slot(1, 3, rowspan=2, text=cols[0].label, role="header", scope="col"),
        Slot(1, 4, colspan=n_org, text=APPLICANT_GROUP_LABEL, role="header", scope="colgroup"),
        Slot(1, 3 + len(cols) - 1, rowspan=2, text=cols[-1].label, role="header", scope="col"),
    ]
    for j, col in enumerate(cols[1:-1]):
        g.slots.append(Slot(2, 4 + j, text=col.label, role="header", scope="col"))
    rows = form_rows(spec)
    results_group = spec.row("granted").group
    in_results = [i for i, row in enumerate(rows) if row.group == results_group]
    first, last = in_results[0], in_results[-1]
    top = 3
    g.slots.append(
        Slot(top + first, 0, rowspan=last - first + 1, text=results_group or "", role="label", scope="rowgroup")
    )
    i = 0
    while i < len(rows):
        row = rows[i]
        n = 1 if row.group in (None, results_group) else _group_len(rows, i)
        if row.group is None:
            g.slots.append(Slot(top + i, 0, colspan=3, text=printed_label(row), role="label", scope="row"))
        elif row.group == results_group:
            g.slots.append(Slot(top + i, 1, colspan=2, text=printed_label(row), role="label", scope="row"))
        else:  # a vertical group cell such as （三）不予公开 beside its numbered items
            g.slots.append(Slot(top + i, 1, rowspan=n, text=row.group, role="label", scope="rowgroup"))
            for k in range(n):
                g.slots.append(Slot(top + i + k, 2, text=printed_label(rows[i + k]), role="label", scope="row"))
        for k in range(n):
            for j, col in enumerate(cols):
                path = f"{spec.key}.{rows[i + k].key}.{col.key}"
                g.slots.append(Slot(top + i + k, 3 + j, role="value", path=path))
        i += n
    return g


def _group_len(rows: tuple[Row, ...], i: int) -> int:
    n = 1
    while i + n < len(rows) and rows[i + n].group == rows[i].group:
        n += 1
    return n


def reviews_grid(spec: TableSpec) -> Grid:
    rows = form_rows(spec)
    width = len(rows[0].columns)
    g = Grid(spec.key, width * len(rows), header_rows=3, widths=(1,) * (width * len(rows)))
    c = 0
    i = 0
    while i < len(rows):
        row = rows[i]
        if row.group is None:
            # a block without a group label (行政复议): its name spans the first head row,
            # its column labels span the other two
            g.slots.append(Slot(0, c, colspan=width, text=row.label, role="header", scope="colgroup"))
            for j, col in enumerate(row.columns):
                g.slots.append(Slot(1, c + j, rowspan=2, text=col.label, role="header", scope="col"))
            c += width
            i += 1
            continue
        n = _group_len(rows, i)
        g.slots.append(Slot(0, c, colspan=width * n, text=row.group, role="header", scope="colgroup"))
        for k in range(n):
            rk = rows[i + k]
            g.slots.append(Slot(1, c, colspan=width, text=rk.label, role="header", scope="colgroup"))
            for j, col in enumerate(rk.columns):
                g.slots.append(Slot(2, c + j, text=col.label, role="header", scope="col"))
            c += width
        i += n
    c = 0
    for row in rows:
        for col in row.columns:
            g.slots.append(Slot(3, c, role="value", path=f"{spec.key}.{row.key}.{col.key}"))
            c += 1
    return g


def grid(spec: TableSpec) -> Grid:
    """The official grid of one table of a template."""
    return {"active": active_grid, "applications": applications_grid, "reviews": reviews_grid}[spec.key](spec)


def grids(tpl: Template) -> list[Grid]:
    return [grid(spec) for spec in tpl.specs()]


def number_text(value: int | float | None) -> str:
    """A number as printed: integers without a decimal point, 万元 amounts in shortest form."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


def cell_text(cell: Cell | None) -> str:
    """What a rendering prints for a cell: the number, the printed mark ("/"), the raw text, or nothing."""
    if cell is None or cell.status in ("missing", "blank"):
        return ""
    if cell.status == "ok" and cell.value is not None:
        return number_text(cell.value)
    return (cell.raw or "").strip() if cell.status == "unreadable" else (cell.raw or "/").strip()


def title_text(report: Report) -> str:
    """The report's title in the usual wording: 某某局2023年政府信息公开工作年度报告."""
    agency = report.meta.agency or ""
    year = f"{report.meta.year}年" if report.meta.year else ""
    return f"{agency}{year}政府信息公开工作年度报告"


def date_text(iso: str | None) -> str | None:
    """2024-01-20 → 2024年1月20日 (the 公文 成文日期 form), None when absent or not a date."""
    if not iso:
        return None
    try:
        y, m, d = (int(x) for x in iso[:10].split("-"))
    except ValueError:
        return None
    return f"{y}年{m}月{d}日"


def paragraphs(text: str | None) -> list[str]:
    """A section's text as its paragraphs (contract: paragraphs separated by newlines)."""
    return [p.strip() for p in (text or "").split("\n") if p.strip()]


def report_template(report: Report) -> Template:
    tpl = report.template
    if tpl is None:
        raise FormError(
            f"报告的模板“{report.meta.template}”不是 2019 或 2021 格式，无法按官方格式排版；"
            "请在填报表中指定模板（2019 或 2021）"
        )
    return tpl
