"""Empty reports for a template, and next year's report pre-filled from last year's.

What carries over (issue 4): 上年结转 from last year's 结转下年度继续办理 (table 三, per column),
现行有效件数 (2021 table 二) and 上一年项目数量 (2019 table 二, last year's figure plus its 本年增/减),
the agency and its level. Nothing else is copied: this year's numbers are this year's to fill in.
"""

from __future__ import annotations

from ..errors import FormError
from ..model.cell import Cell
from ..model.report import Meta, Report
from ..model.statutory import TEMPLATES, Template, cell_paths, template_for_year


def _template(template: str | Template) -> Template:
    if isinstance(template, Template):
        return template
    tpl = TEMPLATES.get(str(template))
    if tpl is None:
        raise FormError(f"未知的模板“{template}”；可选：{'、'.join(TEMPLATES)}")
    return tpl


def blank_report(template: str | Template, agency: str | None = None, year: int | None = None) -> Report:
    """A report of the template with every cell blank and no section text."""
    tpl = _template(template)
    report = Report(meta=Meta(agency=agency, year=year, template=tpl.key), source={"format": "form"})
    for path in cell_paths(tpl):
        report.set_cell(path, Cell(value=None, raw="", status="blank"))
    return report


def _carried(prev: Report, path: str, value: int | float, note: str) -> Cell:
    return Cell(
        value=value,
        raw=str(value),
        status="ok",
        at={"carried_from": prev.source.get("file"), "cell": path},
        note=note,
    )


def carry_over(prev: Report, template: str | Template | None = None) -> Report:
    """Next year's report of the same agency, with what carries over from ``prev`` filled in."""
    year = prev.meta.year + 1 if prev.meta.year else None
    tpl = _template(template) if template is not None else template_for_year(year)
    report = blank_report(tpl, prev.meta.agency, year)
    report.meta.level, report.meta.tier, report.meta.body = prev.meta.level, prev.meta.tier, prev.meta.body
    report.source["carried_from"] = prev.source.get("file")
    for path, _ in list(report.iter_cells()):
        table, row, col = path.split(".")
        if table == "applications" and row == "carried_over":
            src = f"applications.carried_forward.{col}"
            v = prev.value(src)
            if v is not None:
                report.set_cell(path, _carried(prev, src, v, "上年报告“结转下年度继续办理”"))
        elif table == "active" and col == "in_force":
            # 2021 table 二: 现行有效件数 = last year's + 本年制发 − 本年废止 (rule X.IN_FORCE);
            # the form starts from last year's figure and the compiler adds this year's changes.
            v = prev.value(path)
            if v is not None:
                report.set_cell(path, _carried(prev, path, v, "上年报告“现行有效件数”，请加本年制发、减本年废止"))
        elif table == "active" and col == "prev_items":
            # 2019 table 二: this year's 上一年项目数量 = last year's + its 本年增/减 (rule X.ITEMS).
            v, change = prev.value(path), prev.value(f"active.{row}.change")
            if v is not None and change is not None:
                report.set_cell(path, _carried(prev, path, v + change, "上年报告“上一年项目数量”加“本年增/减”"))
    return report
