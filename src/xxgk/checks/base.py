"""What every check shares: the registry, findings built from the rule catalogue, printed names.

A check is a function ``(report, prev) -> Iterable[Finding]`` registered with :func:`register`; the
built-in checks register themselves exactly as an outside check would (style.md §7)::

    from xxgk.checks import register

    @register("MY.RULE")
    def my_check(report, prev):
        ...

Severities and summaries come from :data:`xxgk.model.rules.RULES`; table, row and column names come
from :mod:`xxgk.model.statutory`, so messages name cells as printed, never by JSON path.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from ..model.cell import Cell
from ..model.finding import Finding
from ..model.report import Report
from ..model.rules import RULE_BY_ID
from ..model.statutory import APPLICANT_GROUP_LABEL, TEMPLATES, Column, Row, TableSpec

CheckFunc = Callable[[Report, "Report | None"], Iterable[Finding]]

# Arithmetic tolerance by column kind (contract §7): counts exact, money (万元) to 0.01.
TOLERANCE = {"count": 0, "change": 0, "money": 0.01}


@dataclass(frozen=True)
class Check:
    """One registered check: the rules it may raise and whether it needs last year's report."""

    name: str
    rules: tuple[str, ...]
    func: CheckFunc
    cross_year: bool = False


CHECKS: list[Check] = []


def register(*rules: str, cross_year: bool = False) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check function raising ``rules``; ``cross_year`` checks run only with ``prev``."""

    def deco(func: CheckFunc) -> CheckFunc:
        name = f"{func.__module__}.{func.__name__}"
        CHECKS[:] = [c for c in CHECKS if c.name != name]  # re-registering replaces
        CHECKS.append(Check(name, tuple(rules), func, cross_year))
        return func

    return deco


# --- derived data, computed once ------------------------------------------------------------

F = TypeVar("F", bound=Callable[..., Any])

# Within one run_checks call the report does not change, and what several checks derive from it
# (table specs, present rows, cells in template order, the normalised text) is computed once. Outside
# a run (a check called directly, a report changed between two calls) nothing is kept: reports are
# mutable. Keys hold id(report): the reports of a run stay alive until it ends.
_RUN: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("xxgk_checks_run", default=None)


@contextmanager
def one_run() -> Iterator[None]:
    """The scope of one run_checks call, for :func:`per_run` (nested runs share the outer scope)."""
    if _RUN.get() is not None:
        yield
        return
    token = _RUN.set({})
    try:
        yield
    finally:
        _RUN.reset(token)


def per_run(func: F) -> F:
    """Memoise ``func(report)`` or ``func(report, arg)`` for the current run. The result is shared by
    every caller: return tuples or treat it as read-only. ``arg`` is a table key, or a table spec
    keyed by identity, as the report is (a frozen spec's own hash walks all its rows and columns)."""
    no_arg = object()

    @functools.wraps(func)
    def wrapper(report: Report, arg: Any = no_arg) -> Any:
        memo = _RUN.get()
        if memo is None:
            return func(report) if arg is no_arg else func(report, arg)
        key = (func, id(report), arg if type(arg) is str else id(arg))
        hit = memo.get(key)
        if hit is None:
            # the arguments are kept with the result so that no id is reused during the run
            hit = memo[key] = (report, arg, func(report) if arg is no_arg else func(report, arg))
        return hit[2]

    return wrapper  # type: ignore[return-value]


def per_spec(func: F) -> F:
    """Memoise ``func(*args)`` over data that depends only on the templates (static data).

    Specs, rows and columns are keyed by identity: the hash of a frozen spec or row walks all its rows
    and columns on every call. The arguments are kept with the result, so no id is reused by another
    object."""
    cache: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}

    @functools.wraps(func)
    def wrapper(*args: Any) -> Any:
        key = tuple([id(a) if isinstance(a, _BY_IDENTITY) else a for a in args])
        hit = cache.get(key)
        if hit is None:
            hit = cache[key] = (args, func(*args))
        return hit[1]

    return wrapper  # type: ignore[return-value]


_BY_IDENTITY = (TableSpec, Row, Column)


# --- findings ---------------------------------------------------------------------------------


def finding(
    rule: str,
    message: str,
    cells: Sequence[str] = (),
    *,
    at: dict[str, Any] | None = None,
    severity: str | None = None,
) -> Finding:
    """A finding of ``rule`` with the catalogue's severity (``severity`` only for outside rules)."""
    sev = severity or RULE_BY_ID[rule].severity
    return Finding(rule=rule, severity=sev, message=message, cells=list(cells), at=at)


def not_evaluable(rule: str, message: str, cells: Sequence[str] = (), *, at: dict[str, Any] | None = None) -> Finding:
    """The rule could not be computed (an operand blank, missing or unreadable): severity info."""
    return Finding(rule=rule, severity="info", message=message, cells=list(cells), evaluable=False, at=at)


# --- numbers ----------------------------------------------------------------------------------


def num(v: int | float | Decimal | None) -> str:
    """A value as a person would print it: 3, 156.04, -3."""
    if v is None:
        return "空"
    if isinstance(v, Decimal):
        v = float(v)
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return f"{v:.4f}".rstrip("0").rstrip(".")
    return str(v)


def equal(a: float, b: float, kind: str = "count") -> bool:
    """Equality within the tolerance of a column kind (counts exact, 万元 to 0.01)."""
    tol = TOLERANCE.get(kind, 0)
    if tol == 0:
        return a == b
    return abs(float(a) - float(b)) <= tol + 1e-9


def total_of(values: Iterable[int | float]) -> int | float:
    """A sum that keeps money sums free of binary float noise (0.1 + 0.2 = 0.3)."""
    vals = list(values)
    for v in vals:  # a loop, not all(): this runs for every identity of every report
        if not isinstance(v, int):
            return float(sum(Decimal(str(v)) for v in vals))
    return sum(vals)


# --- specs ------------------------------------------------------------------------------------


@per_run
def table_spec(report: Report, key: str) -> TableSpec | None:
    """The template's spec of table ``key``; a best guess for ``unknown``; None for ``pre-2019``."""
    tpl = report.template
    if tpl is not None:
        return tpl.table(key)
    if report.meta.template == "pre-2019":
        return None
    rows = report.tables.get(key) or {}
    t19, t21 = TEMPLATES["2019"], TEMPLATES["2021"]
    if key == "reviews":
        return t21.reviews
    if key == "applications":
        return t21.applications if _ONLY_2021["applications"] & rows.keys() else t19.applications
    cols = {c for cells in rows.values() for c in cells}
    return t21.active if cols & _ONLY_2021["active"] else t19.active


# What tells a 2021 table from a 2019 one: 表三's row keys, 表二's column keys.
_ONLY_2021 = {
    "applications": ({r.key for r in TEMPLATES["2021"].applications.rows}
                     - {r.key for r in TEMPLATES["2019"].applications.rows}),
    "active": ({c.key for r in TEMPLATES["2021"].active.rows for c in r.columns}
               - {c.key for r in TEMPLATES["2019"].active.rows for c in r.columns}),
}


@dataclass(frozen=True)
class TableCells:
    """What several checks ask of one table of a report, found in one pass over its cells."""

    present: frozenset[str]  # keys of the rows with at least one cell not ``missing``
    known: dict[str, int | float]  # path (table.row.column) -> value of every known cell
    whole: bool  # every known value is an int (so a sum of them is the plain sum, see total_of)
    # (row key, column key, cell) of the cells a cell-level rule may flag, in the report's order: all
    # but missing cells, "ok" cells without a value and plain counts (an int from 0 to 2**53, where
    # float() is exact) — usually a few
    unusual: tuple[tuple[str, str, Cell], ...]


_EXACT = 2**53


@per_run
def table_cells(report: Report, key: str) -> TableCells:
    """:class:`TableCells` of table ``key`` (shared: read-only)."""
    present: set[str] = set()
    known: dict[str, int | float] = {}
    whole = True
    unusual: list[tuple[str, str, Cell]] = []
    for row, cells in (report.tables.get(key) or {}).items():
        prefix = f"{key}.{row}."
        held = False
        for col, cell in cells.items():
            status = cell.status
            if status == "missing":
                continue
            held = True
            value = cell.value
            # cell.known, inlined: the property call would cost more than the rest of this loop
            if status == "ok" and value is not None:
                known[prefix + col] = value
                if type(value) is int and 0 <= value <= _EXACT:
                    continue  # a plain count
                if not isinstance(value, int):
                    whole = False
            elif status == "ok":
                continue  # no value: nothing to flag
            unusual.append((row, col, cell))
        if held:
            present.add(row)
    return TableCells(frozenset(present), known, whole, tuple(unusual))


@per_run
def present_rows(report: Report, spec: TableSpec) -> tuple[Row, ...]:
    """Rows of the spec the report holds with at least one cell not ``missing``."""
    present = table_cells(report, spec.key).present
    return tuple(r for r in spec.rows if r.key in present)


@per_run
def has_table(report: Report, key: str) -> bool:
    """:meth:`Report.has_table`, once per run."""
    return report.has_table(key)


def cell_of(report: Report, spec: TableSpec, row: Row, col: Column) -> Cell:
    c = report.tables.get(spec.key, {}).get(row.key, {}).get(col.key)
    return c if c is not None else Cell.missing()


def path(spec: TableSpec, row: Row | str, col: Column | str) -> str:
    r = row if isinstance(row, str) else row.key
    c = col if isinstance(col, str) else col.key
    return f"{spec.key}.{r}.{c}"


# --- printed names ----------------------------------------------------------------------------


def table_name(spec: TableSpec) -> str:
    return f"表{spec.number}"


def row_name(row: Row) -> str:
    """A row as printed: "（七）总计", "（三）不予公开 1.属于国家秘密", "规章", "（三）不予公开（小计）"."""
    if row.subtotal:
        return f"{row.group}（小计）" if row.group else f"{row.label}（小计）"
    number = row.number or ""
    if number[:1].isdigit() and row.group:
        return f"{row.group} {number}{row.label}"
    return f"{number}{row.label}"


def short_row_name(row: Row) -> str:
    """A row's short name for formulas: "1.属于国家秘密" for a numbered item of a group, else its
    first alias ("本年新收") or its printed name."""
    if row.group and (row.number or "")[:1].isdigit():
        return f"{row.number}{row.label}"
    if row.aliases and not row.subtotal:
        return row.aliases[0]
    return row_name(row)


def col_name(spec: TableSpec, col: Column) -> str:
    # 表三's "其他" column sits under 法人或其他组织; say so, it is not the （六）其他处理 row.
    if spec.key == "applications" and col.key == "other_org":
        return f"{APPLICANT_GROUP_LABEL}·{col.label}"
    return col.label


def row_word(spec: TableSpec) -> str:
    # In 表四 the 行政复议 / 行政诉讼 blocks are printed side by side: "栏", not "行".
    return "栏" if spec.key == "reviews" else "行"


def block_name(row: Row) -> str:
    return f"{row.group}·{row.label}" if row.group else row.label


def cell_name(spec: TableSpec, row: Row, col: Column, *, with_table: bool = True) -> str:
    """E.g. 表三“（七）总计”行“自然人”列; 表四“行政复议”栏“结果维持”列."""
    # Names of template cells are static: kept by identity of spec, row and column, which the entry
    # holds (so their ids are not reused). A plain dict: this is called for most findings.
    key = (id(spec), id(row), id(col), with_table)
    hit = _CELL_NAMES.get(key)
    if hit is None:
        rname = block_name(row) if spec.key == "reviews" else row_name(row)
        s = f"“{rname}”{row_word(spec)}“{col_name(spec, col)}”列"
        hit = _CELL_NAMES[key] = (spec, row, col, f"{table_name(spec)}{s}" if with_table else s)
    return hit[3]


_CELL_NAMES: dict[tuple[int, int, int, bool], tuple[TableSpec, Row, Column, str]] = {}


def status_phrase(cell: Cell) -> str:
    """Why a cell cannot be used: 为空 / 为“/” / 缺失 / 无法识别（“4h”）."""
    if cell.status == "blank":
        return "为空"
    if cell.status == "na":
        return f"为“{(cell.raw or '/').strip() or '/'}”"
    if cell.status == "missing":
        return "缺失"
    if cell.status == "unreadable":
        return f"无法识别（印为“{cell.raw}”）" if cell.raw else "无法识别"
    return "无数值"


def describe_unknown(spec: TableSpec, items: Sequence[tuple[Row, Column, Cell]], limit: int = 4) -> str:
    """"表三“二、上年结转…”行“自然人”列为空、“四、…”行“自然人”列缺失" (a few, then 等N处)."""
    parts = [cell_name(spec, r, c, with_table=False) + status_phrase(cell) for r, c, cell in items[:limit]]
    more = f"等{len(items)}处" if len(items) > limit else ""
    return f"{table_name(spec)}{'、'.join(parts)}{more}"
