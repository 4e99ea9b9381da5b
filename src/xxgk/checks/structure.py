"""Structure rules: S.SECTIONS, S.ROWS, S.TEMPLATE, S.META.

条例第五十条 lists what a report contains; the 2019/2021 format notices fix the six sections, their
order and numbering, and the rows and columns of tables 二/三/四.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.finding import Finding
from ..model.report import TABLE_KEYS, Report
from ..model.statutory import (
    SECTION_BY_KEY,
    SECTION_KEYS,
    TEMPLATES,
    Column,
    Row,
    TableSpec,
    template_for_year,
)
from .base import (
    col_name,
    finding,
    has_table,
    not_evaluable,
    path,
    per_spec,
    present_rows,
    register,
    row_name,
    table_cells,
    table_name,
    table_spec,
)

# How many missing rows S.ROWS names before "等".
ROWS_NAMED = 4


# --- S.ROWS -----------------------------------------------------------------------------------


def _missing_columns(report: Report, spec: TableSpec) -> list[tuple[str, list[str]]]:
    """Columns (label, paths) missing in every present row that should have them."""
    rows = report.tables.get(spec.key) or {}
    out: list[tuple[str, list[str]]] = []
    for col, holders in _column_holders(spec, tuple([r.key for r in present_rows(report, spec)])):
        for r in holders:
            cell = (rows.get(r.key) or {}).get(col.key)
            if cell is not None and cell.status != "missing":
                break  # the column is there
        else:
            out.append((col_name(spec, col), [path(spec, r, col) for r in holders]))
    return out


@per_spec
def _column_holders(spec: TableSpec, present: tuple[str, ...]) -> tuple[tuple[Column, tuple[Row, ...]], ...]:
    """Every column of the present rows (in the order first met), with the present rows that have it."""
    rows = [r for r in spec.rows if r.key in present]
    out = []
    seen: set[str] = set()
    for row in rows:
        for col in row.columns:
            if col.key in seen:
                continue
            seen.add(col.key)
            out.append((col, tuple(r for r in rows if col.key in r.column_keys)))
    return tuple(out)


@per_spec
def _required_rows(spec: TableSpec) -> tuple[Row, ...]:
    return spec.required_rows


@register("S.ROWS")
def check_rows_present(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """A table is present, but rows (subtotals excepted) or columns of its template are missing."""
    for key in TABLE_KEYS:
        spec = table_spec(report, key)
        if spec is None or not has_table(report, key):
            continue
        present = table_cells(report, spec.key).present  # the present rows' keys (and any others)
        missing = [r for r in _required_rows(spec) if r.key not in present]
        if missing:
            names = "、".join(f"“{row_name(r)}”" for r in missing[:ROWS_NAMED])
            more = f"等{len(missing)}行" if len(missing) > ROWS_NAMED else ""
            cells = [path(spec, r, c) for r in missing for c in r.columns]
            yield finding("S.ROWS", f"{table_name(spec)}缺少模板规定的行：{names}{more}", cells)
        for label, cells in _missing_columns(report, spec):
            yield finding("S.ROWS", f"{table_name(spec)}缺少模板规定的“{label}”列", cells)


# --- S.TEMPLATE -------------------------------------------------------------------------------


def _hybrid_row() -> str:
    other = TEMPLATES["2019"].applications.row("other")
    return row_name(other)


@register("S.TEMPLATE")
def check_template(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """The template does not fit the report year (国办公开办函〔2021〕30号 from 2021), or is a hybrid."""
    key, year = report.meta.template, report.meta.year
    if key == "2021-hybrid":
        t19, t21 = TEMPLATES["2019"], TEMPLATES["2021"]
        yield finding("S.TEMPLATE", f"新旧格式混用：表二按{t21.title}格式填报，表三却保留{t19.title}格式中"
                                    f"单独一行的“{_hybrid_row()}”（新格式应分为三项）")
        return
    if year is None:
        return
    expected = template_for_year(year)
    if key == "pre-2019" and year >= 2019:
        yield finding("S.TEMPLATE", f"本报告为{year}年度，却使用了2019年以前的旧格式；应使用{expected.title}格式")
    elif key in TEMPLATES and key != expected.key:
        yield finding("S.TEMPLATE", f"本报告为{year}年度，应使用{expected.title}格式，"
                                    f"实际使用了{TEMPLATES[key].title}格式")


# --- S.META -----------------------------------------------------------------------------------


@register("S.META")
def check_meta(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """The issuing agency or the report year could not be determined (条例第四十九条)."""
    lacking = [name for name, v in (("发布机关", report.meta.agency), ("报告年度", report.meta.year)) if v is None]
    if lacking:
        yield finding("S.META", f"无法确定{'和'.join(lacking)}")


# --- S.SECTIONS -------------------------------------------------------------------------------


@register("S.SECTIONS")
def check_sections(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """The six sections are present, in the order 一…六, numbered 一、…六、 (条例第五十条; format notice)."""
    heads = report.section_headings or {}
    order = [k for k in dict.fromkeys(report.section_order) if k in SECTION_BY_KEY]
    seen = {k for k in SECTION_KEYS if report.sections.get(k) is not None or k in heads or k in order}
    if not seen:
        yield not_evaluable("S.SECTIONS", "无法核对报告结构：未识别出任何部分标题")
        return
    absent = [SECTION_BY_KEY[k] for k in SECTION_KEYS if k not in seen]
    if absent:
        yield finding("S.SECTIONS", f"缺少第{'、'.join(s.number for s in absent)}部分："
                                    + "、".join(f"“{s.heading}”" for s in absent))
    if order != sorted(order, key=SECTION_KEYS.index):
        printed = " → ".join((heads.get(k) or {}).get("text") or SECTION_BY_KEY[k].heading for k in order)
        first = next((heads[k].get("at") for k in order if k in heads), None)
        yield finding("S.SECTIONS", f"各部分顺序不符合格式（应为一至六）：{printed}", at=first or None)
    wrong = []
    for k in SECTION_KEYS:
        h = heads.get(k)
        if not h:
            continue
        sec = SECTION_BY_KEY[k]
        if h.get("number") != sec.number:
            wrong.append((sec, h))
    if wrong:
        parts = "；".join(f"“{(h.get('text') or sec.title).strip()}”应为“{sec.heading}”" for sec, h in wrong)
        yield finding("S.SECTIONS", f"部分标题编号不符合格式（应为一、至六、）：{parts}", at=wrong[0][1].get("at") or None)
