"""Cell-level rules: N.NEGATIVE, N.NOT_NUMBER, N.BLANK.

The format asks for a number in every cell (无数据应填0, 国办公开办函〔2021〕30号 说明); only 表二's
"本年增/减" (2019) may be negative.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.cell import Cell
from ..model.finding import Finding
from ..model.report import TABLE_KEYS, Report
from ..model.statutory import Column, Row, TableSpec
from .base import (
    block_name,
    cell_name,
    col_name,
    finding,
    not_evaluable,
    num,
    path,
    per_run,
    per_spec,
    register,
    row_name,
    table_cells,
    table_name,
    table_spec,
)

# How many rows N.BLANK names in its message before "等".
BLANK_ROWS = 2


def _row(spec: TableSpec, row: Row) -> str:
    return f"“{block_name(row) if spec.key == 'reviews' else row_name(row)}”{'栏' if spec.key == 'reviews' else '行'}"


@per_run
def _cells(report: Report, spec: TableSpec) -> tuple[tuple[Row, Column, Cell], ...]:
    """The report's cells of a table in template order (rows and columns the template knows), but
    those no rule here flags (see :attr:`TableCells.unusual`): each rule looks at a few cells, not all."""
    order = _template_order(spec)
    found = [(*order[row, col], cell) for row, col, cell in table_cells(report, spec.key).unusual
             if (row, col) in order]
    found.sort()  # by place in the template, unique: the rows, columns and cells are never compared
    return tuple((row, col, cell) for _, row, col, cell in found)


@per_spec
def _template_order(spec: TableSpec) -> dict[tuple[str, str], tuple[int, Row, Column]]:
    """(row key, column key) -> (place in template order, row, column) for every cell of the template."""
    cells = [(row, col) for row in spec.rows for col in row.columns]
    return {(row.key, col.key): (i, row, col) for i, (row, col) in enumerate(cells)}


def _specs(report: Report) -> Iterator[TableSpec]:
    for key in TABLE_KEYS:
        spec = table_spec(report, key)
        if spec is not None:
            yield spec


@register("N.NEGATIVE")
def check_negative(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """A count or amount below zero (only a "change" column may be negative)."""
    for spec in _specs(report):
        for row, col, cell in _cells(report, spec):
            if cell.known and col.kind != "change" and cell.value < 0:
                yield finding("N.NEGATIVE", f"{cell_name(spec, row, col)}为负数（{num(cell.value)}）",
                              [path(spec, row, col)], at=cell.at or None)


@register("N.NOT_NUMBER")
def check_not_number(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """A cell printed with text we cannot read as a number (status unreadable), or a fractional count."""
    for spec in _specs(report):
        for row, col, cell in _cells(report, spec):
            if cell.status == "unreadable" and cell.candidates and len(cell.candidates) > 1:
                # Several readings fit (digits of adjacent cells run together in the source text): the
                # ambiguity is in our reading, not necessarily in the report, so it is not an error.
                readings = "、".join(num(v) for v in cell.candidates)
                yield not_evaluable("N.NOT_NUMBER", f"无法确定{cell_name(spec, row, col)}的数值：印为“{cell.raw}”，"
                                                    f"可能的读数有{readings}", [path(spec, row, col)], at=cell.at or None)
                continue
            if cell.status == "unreadable":
                shown = f"印为“{cell.raw}”" if cell.raw else "无法识别"
                msg = f"{cell_name(spec, row, col)}{shown}，不是可用的数字"
            elif cell.known and col.kind != "money" and float(cell.value) != int(cell.value):
                msg = f"{cell_name(spec, row, col)}为{num(cell.value)}，件数/项数应为整数"
            else:
                continue
            yield finding("N.NOT_NUMBER", msg, [path(spec, row, col)], at=cell.at or None)


@register("N.BLANK")
def check_blank(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """One finding per table listing every cell printed blank or "/" (the format says 应填0)."""
    for spec in _specs(report):
        items = [(row, col, cell) for row, col, cell in _cells(report, spec) if cell.status in ("blank", "na")]
        if not items:
            continue
        by_row: dict[str, list[str]] = {}
        for r, c, cell in items:
            shown = "" if cell.status == "blank" else f"（印为“{(cell.raw or '/').strip() or '/'}”）"
            by_row.setdefault(r.key, []).append(f"“{col_name(spec, c)}”{shown}")
        rows = {r.key: r for r, _, _ in items}
        named = "；".join(f"{_row(spec, rows[k])}{''.join(cols)}列" for k, cols in list(by_row.items())[:BLANK_ROWS])
        more = f"等{len(by_row)}{'栏' if spec.key == 'reviews' else '行'}" if len(by_row) > BLANK_ROWS else ""
        msg = f"{table_name(spec)}有{len(items)}个单元格为空或“/”（无数据应填0）：{named}{more}"
        at = items[0][2].at or None
        yield finding("N.BLANK", msg, [path(spec, r, c) for r, c, _ in items], at=at)
