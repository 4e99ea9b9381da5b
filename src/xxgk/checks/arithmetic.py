"""Arithmetic of tables 三 and 四: A3.BALANCE, A3.RESULTS, A3.SUBTOTAL, A3.ROW, A4.BLOCK.

Every rule is a list of :class:`Identity` (left sum = right sum over named cells), one per column, row
or block; :func:`identities` lists them for a report, so the tests can see which cells some evaluable
identity covers. The relations are the ones printed in the 2019/2021 format (国办公开办函〔2019〕60号,
〔2021〕30号): "第一项加第二项之和，等于第三项加第四项之和" for 表三's columns, and the totals.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..model.cell import Cell
from ..model.finding import Finding
from ..model.report import Report
from ..model.statutory import RESULT_GROUPS, Column, Row, TableSpec
from .base import (
    TableCells,
    block_name,
    col_name,
    describe_unknown,
    equal,
    finding,
    has_table,
    not_evaluable,
    num,
    path,
    per_run,
    present_rows,
    register,
    row_name,
    short_row_name,
    table_cells,
    table_name,
    table_spec,
    total_of,
)

# Sides with more terms than this are summarised ("各项办理结果之和") instead of spelled out.
MAX_TERMS_SPELLED = 7

Term = tuple[Row, Column]


@dataclass
class Identity:
    """``sum(left) == sum(right)`` over cells of one table; one instance of one rule.

    Identities are built once per template and set of present rows (see :func:`identities`) and then
    evaluated for every report: what depends only on the terms is derived once, at construction."""

    rule: str
    spec: TableSpec
    scope: str  # printed: 表三“自然人”列
    left: list[Term]
    right: list[Term]
    by: str  # "row": terms named by their row; "col": named by their column
    right_label: str | None = None  # summary name of the right side when it is long
    _paths: tuple[str, ...] = field(init=False, repr=False, compare=False)  # of the terms, left then right
    _kind: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        terms = self.terms
        self._paths = tuple(path(self.spec, r, c) for r, c in terms)
        self._kind = "money" if any(c.kind == "money" for _, c in terms) else "count"

    @property
    def terms(self) -> list[Term]:
        return [*self.left, *self.right]

    @property
    def cells(self) -> list[str]:
        return list(self._paths)

    def kind(self) -> str:
        return self._kind


def identities(report: Report, rules: tuple[str, ...] | None = None) -> list[Identity]:
    """Every arithmetic identity that applies to the report's tables 三 and 四 (or those of ``rules``)."""
    wanted = rules or ("A3.BALANCE", "A3.RESULTS", "A3.SUBTOTAL", "A3.ROW", "A4.BLOCK")
    out: list[Identity] = []
    for spec, present in _tables(report):
        for rule in wanted:
            key = (id(spec), present, rule)  # specs are module constants: id() is stable and cheap
            if key not in _CACHE:
                _CACHE[key] = _build(spec, present, rule)
            out += _CACHE[key]
    return out


_CACHE: dict[tuple[int, tuple[str, ...], str], tuple[Identity, ...]] = {}
TABLES = ("applications", "reviews")


@per_run
def _tables(report: Report) -> tuple[tuple[TableSpec, tuple[str, ...]], ...]:
    """(spec, keys of the present rows) of the report's tables 三 and 四 that are there."""
    out = []
    for table in TABLES:
        spec = table_spec(report, table)
        if spec is not None and has_table(report, table):
            out.append((spec, tuple(r.key for r in present_rows(report, spec))))
    return tuple(out)


def _build(spec: TableSpec, present_keys: tuple[str, ...], rule: str) -> tuple[Identity, ...]:
    """The identities of one rule on one table, given which rows are present (cached by the caller:
    the same for every report of a template with the same rows)."""
    present = [r for r in spec.rows if r.key in present_keys]
    if spec.key == "reviews":
        return tuple(_blocks(spec, present)) if rule == "A4.BLOCK" else ()
    builders = {"A3.BALANCE": lambda: _balance(spec), "A3.RESULTS": lambda: _results(spec, present),
                "A3.SUBTOTAL": lambda: _subtotals(spec, present), "A3.ROW": lambda: _rows(spec, present)}
    return tuple(builders[rule]()) if rule in builders else ()


def _value_columns(spec: TableSpec) -> tuple[Column, ...]:
    return spec.rows[0].columns


def _balance(spec: TableSpec) -> list[Identity]:
    new, over, total, forward = (spec.row(k) for k in ("new", "carried_over", "total", "carried_forward"))
    return [
        Identity("A3.BALANCE", spec, f"{table_name(spec)}“{col_name(spec, c)}”列", [(new, c), (over, c)],
                 [(total, c), (forward, c)], by="row")
        for c in _value_columns(spec)
    ]


def _result_rows(spec: TableSpec, present: list[Row]) -> list[Row]:
    """The rows summed into （七）总计: items, never subtotals — except a printed subtotal stands in
    for its group when none of the group's items is in the source."""
    edges = {"new", "carried_over", "total", "carried_forward"}
    rows = [r for r in spec.rows if not r.subtotal and r.key not in edges]
    keys = {r.key for r in present}
    for group, items in RESULT_GROUPS.items():
        in_spec = [r for r in rows if r.key in items]
        sub = next((r for r in spec.rows if r.key == group and r.subtotal), None)
        if in_spec and sub is not None and sub.key in keys and not any(r.key in keys for r in in_spec):
            at = rows.index(in_spec[0])
            rows = [r for r in rows if r not in in_spec]
            rows.insert(at, sub)
    return rows


def _results(spec: TableSpec, present: list[Row]) -> list[Identity]:
    total = spec.row("total")
    items = _result_rows(spec, present)
    return [
        Identity("A3.RESULTS", spec, f"{table_name(spec)}“{col_name(spec, c)}”列", [(total, c)],
                 [(r, c) for r in items], by="row", right_label="各项办理结果之和")
        for c in _value_columns(spec)
    ]


def _subtotals(spec: TableSpec, present: list[Row]) -> list[Identity]:
    out = []
    keys = {r.key for r in present}
    for group, items in RESULT_GROUPS.items():
        sub = next((r for r in spec.rows if r.key == group and r.subtotal), None)
        members = [r for r in spec.rows if r.key in items]
        # nothing to compare when none of the items is printed (S.ROWS reports the missing rows)
        if sub is None or sub.key not in keys or not any(r.key in keys for r in members):
            continue
        for c in _value_columns(spec):
            out.append(Identity("A3.SUBTOTAL", spec, f"{table_name(spec)}“{row_name(sub)}”行“{col_name(spec, c)}”列",
                                [(sub, c)], [(r, c) for r in members], by="row", right_label="所属各项之和"))
    return out


def _rows(spec: TableSpec, present: list[Row]) -> list[Identity]:
    out = []
    for row in present:
        cols = [c for c in row.columns if c.key != "total"]
        tot = row.column("total")
        out.append(Identity("A3.ROW", spec, f"{table_name(spec)}“{row_name(row)}”行", [(row, tot)],
                            [(row, c) for c in cols], by="col"))
    return out


def _blocks(spec: TableSpec, present: list[Row]) -> list[Identity]:
    out = []
    for row in present:
        cols = [c for c in row.columns if c.key != "total"]
        out.append(Identity("A4.BLOCK", spec, f"{table_name(spec)}“{block_name(row)}”栏", [(row, row.column("total"))],
                            [(row, c) for c in cols], by="col"))
    return out


# --- evaluation -------------------------------------------------------------------------------


def _term_name(ident: Identity, term: Term) -> str:
    row, col = term
    return short_row_name(row) if ident.by == "row" else col_name(ident.spec, col)


def _side(ident: Identity, terms: list[Term], values: list[int | float], label: str | None) -> str:
    s = num(total_of(values))
    if len(terms) == 1:
        return f"{_term_name(ident, terms[0])}为{s}"
    if len(terms) > MAX_TERMS_SPELLED and label:
        return f"{label}为{s}"
    return "+".join(f"{_term_name(ident, t)}({num(v)})" for t, v in zip(terms, values, strict=True)) + f"={s}"


def evaluate(report: Report, ident: Identity) -> Finding | None:
    """None when the identity holds; an error finding when it fails; an info one when not evaluable."""
    return _evaluate(report, ident, table_cells(report, ident.spec.key))


def _evaluate(report: Report, ident: Identity, cells: TableCells) -> Finding | None:
    values = list(map(cells.known.get, ident._paths))  # map: no bytecode per term
    if None in values:
        return _not_evaluable(report, ident, values)
    n = len(ident.left)
    left, right = values[:n], values[n:]
    if cells.whole:  # whole numbers only: total_of's sums are the plain sums
        if ident._kind == "count":  # equal() of counts is ==; spelled out, this runs for every identity
            holds = sum(left) == sum(right)
        else:
            holds = equal(sum(left), sum(right), ident._kind)
    else:
        holds = equal(total_of(left), total_of(right), ident._kind)
    if holds:
        return None
    msg = (f"{ident.scope}：{_side(ident, ident.left, left, None)}，"
           f"但{_side(ident, ident.right, right, ident.right_label)}")
    return finding(ident.rule, msg, ident.cells)


def _not_evaluable(report: Report, ident: Identity, values: list[int | float | None]) -> Finding:
    """The info finding of an identity with operands that are not known (their ``values`` are None),
    naming every such operand."""
    rows = report.tables.get(ident.spec.key) or {}
    unknown = [(r, c, (rows.get(r.key) or {}).get(c.key) or _ABSENT)
               for (r, c), v in zip(ident.terms, values, strict=True) if v is None]
    return not_evaluable(ident.rule, f"无法核对{ident.scope}：{describe_unknown(ident.spec, unknown)}", ident.cells)


# What cell_of gives for a cell the report does not hold; one instance, only read (by describe_unknown).
_ABSENT = Cell.missing()


def _run(report: Report, rule: str) -> Iterator[Finding]:
    cells = {table: table_cells(report, table) for table in TABLES}
    for ident in identities(report, (rule,)):
        f = _evaluate(report, ident, cells[ident.spec.key])
        if f is not None:
            yield f


@register("A3.BALANCE")
def check_balance(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """表三 per column: 本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理."""
    yield from _run(report, "A3.BALANCE")


@register("A3.RESULTS")
def check_results(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """表三 per column: （七）总计 = the sum of the result items (subtotals never counted twice)."""
    yield from _run(report, "A3.RESULTS")


@register("A3.SUBTOTAL")
def check_subtotals(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """表三: a printed group subtotal （三）（四）（五）（六） equals the sum of its items."""
    yield from _run(report, "A3.SUBTOTAL")


@register("A3.ROW")
def check_rows(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """表三 per row: 总计 = 自然人 + 法人或其他组织 (five columns)."""
    yield from _run(report, "A3.ROW")


@register("A4.BLOCK")
def check_blocks(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """表四 per block: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    yield from _run(report, "A4.BLOCK")
