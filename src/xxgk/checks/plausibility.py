"""Plausibility rules: P.RULES_AUTHORITY, P.FEE_NOTE, P.DEADLINE (P.OUTLIER is in crossyear.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ..model.finding import Finding
from ..model.report import Report
from ..model.statutory import DEADLINE_DEPARTMENT, DEADLINE_GOVERNMENT, SECTION_BY_KEY
from .base import finding, not_evaluable, num, path, register, row_name, table_name, table_spec
from .bodies import describe, has_rule_power, resolve_body

# 规章 columns that say the body made or holds 规章 (a repeal is not a making).
RULES_COLUMNS = ("made", "published", "total", "issued", "in_force")

# 国办公开办函〔2021〕30号 asks section 六 to state the 信息处理费 collected (国办函〔2020〕109号).
FEE_IN_SECTION = re.compile(r"处理费|收费|收取.{0,8}费|费用")
FEE_IN_TEXT = re.compile(r"信息处理费|处理费")
FEE_TEMPLATES = ("2021", "2021-hybrid")


@register("P.RULES_AUTHORITY")
def check_rules_authority(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """A body without power to make 规章 (立法法第九十三条) reports 规章 in 表二."""
    spec = table_spec(report, "active")
    if spec is None or "rules" not in spec.row_keys:
        return
    tier, body = resolve_body(report.meta.tier, report.meta.body, report.meta.agency)
    if has_rule_power(tier, body) is not False:
        return
    row = spec.row("rules")
    cells = (report.tables.get("active") or {}).get("rules") or {}
    hits = [(col, cells[col.key]) for col in row.columns
            if col.key in RULES_COLUMNS and col.key in cells and cells[col.key].known and cells[col.key].value > 0]
    if not hits:
        return
    who = report.meta.agency or "本机关"
    figures = "、".join(f"“{col.label}”{num(cell.value)}" for col, cell in hits)
    msg = (f"{who}（{describe(tier, body)}）没有规章制定权（立法法第九十三条：仅省级和设区的市、自治州人民政府"
           f"可以制定规章），{table_name(spec)}“{row_name(row)}”行却填报{figures}")
    yield finding("P.RULES_AUTHORITY", msg, [path(spec, row, col) for col, _ in hits], at=hits[0][1].at or None)


@register("P.FEE_NOTE")
def check_fee_note(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """2021 format: section 六 does not state the 信息处理费 collected."""
    if report.meta.template not in FEE_TEMPLATES:
        return
    other = SECTION_BY_KEY["other"]
    section = report.sections.get("other")
    if section is not None:
        if not FEE_IN_SECTION.search(section):
            yield finding("P.FEE_NOTE", f"“{other.heading}”部分未说明信息处理费的收取情况")
        return
    if not report.text:
        yield not_evaluable("P.FEE_NOTE", "无法核对信息处理费说明：没有报告正文")
        return
    if not FEE_IN_TEXT.search(report.text):
        yield finding("P.FEE_NOTE", f"未找到“{other.heading}”部分，正文也未说明信息处理费的收取情况")


def _deadline(year: int, body: str | None) -> date | None:
    if body == "government":
        return date(year + 1, *DEADLINE_GOVERNMENT)
    if body == "department":
        return date(year + 1, *DEADLINE_DEPARTMENT)
    return None


@register("P.DEADLINE")
def check_deadline(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """Published after 1月31日 (departments) / 3月31日 (governments) of the next year (条例第四十九条)."""
    meta = report.meta
    if meta.published_on is None or meta.year is None:
        lacking = "发布日期" if meta.published_on is None else "报告年度"
        yield not_evaluable("P.DEADLINE", f"无法核对发布期限：未找到{lacking}")
        return
    try:
        published = date.fromisoformat(str(meta.published_on)[:10])
    except ValueError:
        yield not_evaluable("P.DEADLINE", f"无法核对发布期限：发布日期“{meta.published_on}”无法识别")
        return
    tier, body = resolve_body(meta.tier, meta.body, meta.agency)
    early, late = _deadline(meta.year, "department"), _deadline(meta.year, "government")
    if published <= early:
        return
    limit = _deadline(meta.year, body)
    if limit is None:
        if published <= late:
            yield not_evaluable("P.DEADLINE", f"无法核对发布期限：发布于{published.isoformat()}，"
                                              f"但无法判断发布机关是政府（3月31日前）还是部门（1月31日前）")
            return
        limit = late
    if published > limit:
        kind = describe(tier, body)
        yield finding("P.DEADLINE", f"{meta.year}年度报告发布于{published.isoformat()}，晚于法定期限"
                                    f"{limit.year}年{limit.month}月{limit.day}日（条例第四十九条，{kind}）")
