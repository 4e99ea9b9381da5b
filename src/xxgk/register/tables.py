"""Tables 三 and 四 of a report year, counted from the register.

Table 三 (applications), for year Y:
- 本年新收 (``new``): received in Y;
- 上年结转 (``carried_over``): received before Y and not replied by the end of Y−1;
- outcome rows and （七）总计: replied in Y, one row per reply;
- 结转下年度 (``carried_forward``): received by the end of Y and not replied by then.
So ``new + carried_over = total + carried_forward`` holds per column, and next year's
``carried_over`` is this year's ``carried_forward``, by construction.

Table 四 (reviews and suits), for year Y, scope ``active`` (default): every case filed in Y or still
pending at the start of Y; one closed in Y counts under its result, one open at the end of Y under
尚未审结. Scope ``filed``: only cases filed in Y, with their state at the end of Y.

Each cell keeps the case numbers it counts in ``at["cases"]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ..model.cell import Cell
from ..model.report import Meta, Report
from ..model.statutory import REVIEWS, TEMPLATES, Template, template_for_year
from .cases import Application, Case, Litigation
from .errors import RegisterError
from .vocab import PENDING, outcome_label, outcome_target

SCOPES = ("active", "filed")


def _cell(cases: list[str]) -> Cell:
    n = len(cases)
    return Cell(value=n, raw=str(n), status="ok", confidence=1.0, at={"register": True, "cases": sorted(cases)})


def applications_table(apps: Iterable[Application], year: int, tpl: Template) -> dict[str, dict[str, Cell]]:
    """Table 三 for ``year`` on template ``tpl``: row -> column -> Cell."""
    spec = tpl.applications
    rows = [r for r in spec.rows if not r.subtotal]
    counts: dict[str, dict[str, list[str]]] = {r.key: {c.key: [] for c in r.columns} for r in rows}
    start, end = date(year, 1, 1), date(year, 12, 31)
    before = date(year - 1, 12, 31)

    def put(row: str, app: Application) -> None:
        counts[row][app.applicant].append(app.number)
        counts[row]["total"].append(app.number)

    for app in apps:
        if start <= app.received_on <= end:
            put("new", app)
        elif app.open_at_end_of(before):
            put("carried_over", app)
        if app.replied_on is not None and start <= app.replied_on <= end:
            row = outcome_target(app.outcome, tpl)
            if row is None:
                raise RegisterError(
                    f"编号 {app.number} 的办理结果“{outcome_label(app.outcome)}”无法填入"
                    f"{tpl.title}表三（该格式将（六）其他处理分为三项），请选用适合该年度的格式"
                )
            put(row, app)
            put("total", app)
        if app.open_at_end_of(end):
            put("carried_forward", app)
    return {row: {col: _cell(nums) for col, nums in cols.items()} for row, cols in counts.items()}


def reviews_table(cases: Iterable[Litigation], year: int, scope: str = "active") -> dict[str, dict[str, Cell]]:
    """Table 四 for ``year``: block -> column -> Cell."""
    if scope not in SCOPES:
        raise RegisterError(f"表四统计口径“{scope}”无效，可选：{'、'.join(SCOPES)}")
    start, end = date(year, 1, 1), date(year, 12, 31)
    counts = {r.key: {c.key: [] for c in r.columns} for r in REVIEWS.rows}
    for c in cases:
        if c.filed_on > end:
            continue
        if scope == "filed" and c.filed_on < start:
            continue
        if c.closed_on is not None and c.closed_on < start:
            continue  # finished before the year
        col = c.result if c.closed_on is not None and c.closed_on <= end else PENDING
        counts[c.block][col].append(c.number)
        counts[c.block]["total"].append(c.number)
    return {row: {col: _cell(nums) for col, nums in cols.items()} for row, cols in counts.items()}


def build_report(
    cases: Iterable[Case],
    year: int,
    *,
    template: str | None = None,
    agency: str | None = None,
    source: dict[str, Any] | None = None,
    reviews_scope: str = "active",
) -> Report:
    """A report data file (tables 三 and 四) for ``year`` from registered cases."""
    if template is None:
        tpl = template_for_year(year)
    elif template in TEMPLATES:
        tpl = TEMPLATES[template]
    else:
        raise RegisterError(f"格式“{template}”无效，可选：{'、'.join(TEMPLATES)}")
    cases = list(cases)
    apps = [c for c in cases if isinstance(c, Application)]
    lits = [c for c in cases if isinstance(c, Litigation)]
    report = Report(
        source={"format": "register", **(source or {})},
        meta=Meta(agency=agency, year=year, template=tpl.key,
                  evidence={"register": {"applications": len(apps), "reviews_and_suits": len(lits),
                                         "reviews_scope": reviews_scope}}),
    )
    report.tables["applications"] = applications_table(apps, year, tpl)
    report.tables["reviews"] = reviews_table(lits, year, reviews_scope)
    return report


def register_report(reg: Any, year: int, *, template: str | None = None, agency: str | None = None,
                    reviews_scope: str = "active") -> Report:
    """``build_report`` over every case of an open ``Register``."""
    return build_report(
        reg.cases(),
        year,
        template=template,
        agency=agency or reg.agency,
        source={"file": reg.display_url},
        reviews_scope=reviews_scope,
    )
