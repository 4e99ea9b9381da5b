"""Rules against last year's report of the same agency: X.CARRY, X.IN_FORCE, X.ITEMS, P.OUTLIER.

The caller decides that ``prev`` is the same agency's report; these checks only ask that it is the
year before (when both years are known) and on a template with the same columns.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.cell import Cell
from ..model.finding import Finding
from ..model.report import TABLE_KEYS, Report
from ..model.statutory import Row, TableSpec
from .base import (
    cell_name,
    col_name,
    describe_unknown,
    equal,
    finding,
    not_evaluable,
    num,
    path,
    register,
    row_name,
    status_phrase,
    table_name,
    table_spec,
)

# P.OUTLIER: a figure grew more than OUTLIER_RATIO times or fell below 1/OUTLIER_RATIO; pairs where
# both figures are below OUTLIER_MIN are ignored (3 → 0 applications is noise, not news).
OUTLIER_RATIO = 5
OUTLIER_MIN = 10


def _consecutive(report: Report, prev: Report, rule: str) -> Finding | None:
    """A not-evaluable finding when the two reports are not of consecutive years."""
    y, p = report.meta.year, prev.meta.year
    if y is not None and p is not None and p != y - 1:
        return not_evaluable(rule, f"无法跨年核对：对比报告为{p}年度，不是本报告（{y}年度）的上一年度")
    return None


@register("X.CARRY", cross_year=True)
def check_carry(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """表三: this year's 上年结转 equals last year's 结转下年度继续办理, per column."""
    if prev is None:
        return
    spec, pspec = table_spec(report, "applications"), table_spec(prev, "applications")
    if spec is None or pspec is None or not report.has_table("applications") or not prev.has_table("applications"):
        return
    if (skip := _consecutive(report, prev, "X.CARRY")) is not None:
        yield skip
        return
    over, fwd = spec.row("carried_over"), pspec.row("carried_forward")
    for col in over.columns:
        a = report.cell(path(spec, over, col))
        b = prev.cell(path(pspec, fwd, col))
        cells = [path(spec, over, col), path(pspec, fwd, col)]
        where = f"{table_name(spec)}“{col_name(spec, col)}”列"
        if a is None or b is None or not a.known or not b.known:
            parts = []
            if a is None or not a.known:
                parts.append(f"本年{describe_unknown(spec, [(over, col, a or Cell.missing())])}")
            if b is None or not b.known:
                parts.append(f"上年{describe_unknown(pspec, [(fwd, col, b or Cell.missing())])}")
            yield not_evaluable("X.CARRY", f"无法跨年核对{where}：{'；'.join(parts)}", cells)
        elif not equal(a.value, b.value):
            yield finding("X.CARRY", f"{where}：本年“{row_name(over)}”为{num(a.value)}，"
                                     f"但上年报告“{row_name(fwd)}”为{num(b.value)}", cells, at=a.at or None)


def _docs_rows(spec: TableSpec) -> list[Row]:
    return [r for r in spec.rows if r.key in ("rules", "normative")]


@register("X.IN_FORCE", cross_year=True)
def check_in_force(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """2021 表二: 现行有效 = last year's 现行有效 + 本年制发 − 本年废止 (规章, 行政规范性文件)."""
    if prev is None:
        return
    spec, pspec = table_spec(report, "active"), table_spec(prev, "active")
    if spec is None or pspec is None:
        return
    # Only when both years print 现行有效件数 (the 2021 columns); a 2019 "对外公开总数量" is another measure.
    rows = [r for r in _docs_rows(spec) if "in_force" in r.column_keys]
    if not rows or not any("in_force" in r.column_keys for r in _docs_rows(pspec)):
        return
    if (skip := _consecutive(report, prev, "X.IN_FORCE")) is not None:
        yield skip
        return
    for row in rows:
        keys = [f"active.{row.key}.in_force", f"active.{row.key}.issued", f"active.{row.key}.repealed"]
        now, issued, repealed = (report.cell(k) for k in keys)
        before = prev.cell(keys[0])
        where = f"{table_name(spec)}“{row_name(row)}”行"
        cells = [*keys, keys[0]]
        operands = (("本年", row.column("in_force"), now), ("本年", row.column("issued"), issued),
                    ("本年", row.column("repealed"), repealed), ("上年", row.column("in_force"), before))
        unknown = _unknown(operands)
        if unknown:
            yield not_evaluable("X.IN_FORCE", f"无法跨年核对{where}：{'、'.join(unknown)}", cells)
            continue
        expected = before.value + issued.value - repealed.value
        if not equal(now.value, expected):
            yield finding("X.IN_FORCE", f"{where}：上年现行有效({num(before.value)})+本年制发({num(issued.value)})"
                                        f"−本年废止({num(repealed.value)})={num(expected)}，"
                                        f"但本年“{row.column('in_force').label}”为{num(now.value)}",
                          cells, at=now.at or None)


def _unknown(operands) -> list[str]:
    """Phrases like 本年“现行有效件数”为空 for the operands (year, column, cell) that are not known."""
    return [f"{who}“{c.label}”{'缺失' if cell is None else status_phrase(cell)}"
            for who, c, cell in operands if cell is None or not cell.known]


@register("X.ITEMS", cross_year=True)
def check_items(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """2019 表二: this year's 上一年项目数量 = last year's 上一年项目数量 + last year's 本年增/减.

    Which year's change: in year N's report "上一年项目数量" is the count at the end of N−1 and
    "本年增/减" the change during N. So N's 上一年项目数量 (end of N−1) = N−1's 上一年项目数量 (end of
    N−2) + N−1's 本年增/减 (during N−1): the change comes from the *previous* report.
    """
    if prev is None:
        return
    spec, pspec = table_spec(report, "active"), table_spec(prev, "active")
    if spec is None or pspec is None:
        return
    prow_keys = {r.key for r in pspec.rows if {"prev_items", "change"} <= set(r.column_keys)}
    rows = [r for r in spec.rows if {"prev_items", "change"} <= set(r.column_keys) and r.key in prow_keys]
    if not rows:
        return
    if (skip := _consecutive(report, prev, "X.ITEMS")) is not None:
        yield skip
        return
    for row in rows:
        k_items, k_change = f"active.{row.key}.prev_items", f"active.{row.key}.change"
        now, before, change = report.cell(k_items), prev.cell(k_items), prev.cell(k_change)
        where = f"{table_name(spec)}“{row_name(row)}”行"
        cells = [k_items, k_items, k_change]
        operands = (("本年", row.column("prev_items"), now), ("上年", row.column("prev_items"), before),
                    ("上年", row.column("change"), change))
        unknown = _unknown(operands)
        if unknown:
            yield not_evaluable("X.ITEMS", f"无法跨年核对{where}：{'、'.join(unknown)}", cells)
            continue
        expected = before.value + change.value
        if not equal(now.value, expected):
            yield finding("X.ITEMS", f"{where}：上年报告“{row.column('prev_items').label}”({num(before.value)})"
                                     f"+上年“{row.column('change').label}”({num(change.value)})={num(expected)}，"
                                     f"但本年“{row.column('prev_items').label}”为{num(now.value)}",
                          cells, at=now.at or None)


@register("P.OUTLIER", cross_year=True)
def check_outliers(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """A figure grew more than 5× or fell below 1/5 of last year's (both below 10: ignored)."""
    if prev is None or _consecutive(report, prev, "P.OUTLIER") is not None:
        return
    for key in TABLE_KEYS:
        spec, pspec = table_spec(report, key), table_spec(prev, key)
        if spec is None or pspec is None:
            continue
        prows = {r.key: r for r in pspec.rows}
        for row in spec.rows:
            if row.key not in prows:
                continue
            pcols = set(prows[row.key].column_keys)
            for col in row.columns:
                if col.kind == "change" or col.key not in pcols:
                    continue
                p = path(spec, row, col)
                a, b = report.cell(p), prev.cell(p)
                if a is None or b is None or not a.known or not b.known:
                    continue
                now, before = abs(a.value), abs(b.value)
                if now < OUTLIER_MIN and before < OUTLIER_MIN:
                    continue
                if now > OUTLIER_RATIO * before or now * OUTLIER_RATIO < before:
                    how = "增加到" if now > before else "减少到"
                    ratio = f"约{num(round(now / before, 1))}倍" if before else "上年为0"
                    yield finding("P.OUTLIER", f"{cell_name(spec, row, col)}由上年的{num(b.value)}{how}"
                                               f"{num(a.value)}（{ratio}），请核实", [p], at=a.at or None)
