"""Random reports that satisfy every rule by construction (for mutation and property tests).

``make_report(template, seed)`` returns a Report on the 2019, 2021 or 2021-hybrid template whose tables
三 and 四 hold every printed relation (A3.BALANCE, A3.RESULTS, A3.ROW, A3.SUBTOTAL when ``subtotals``,
A4.BLOCK), with six numbered sections and a text that states the table's figures in the words real
reports use. With ``prev`` (last year's synthetic report) the cross-year relations hold too: 上年结转 =
last year's 结转下年度, 现行有效 = last 现行有效 + 制发 − 废止, 上一年项目数量 = last 上一年项目数量 + last 增/减.

Deterministic: the same (template, seed, subtotals, prev) gives the same report.
"""

from __future__ import annotations

import random

from xxgk.model import SECTIONS, TEMPLATES, Cell, Meta, Report
from xxgk.model.statutory import RESULT_GROUPS, TableSpec

AGENCY = "样例市人民政府"  # a 设区的市 government: may make 规章, publishes by 3月31日
_EDGES = ("new", "carried_over", "total", "carried_forward")
_APPLICANT_MAX = {"natural": 60, "business": 12, "research": 3, "nonprofit": 3, "legal": 4, "other_org": 5}


def _ok(value: int | float, seed: int) -> Cell:
    return Cell(value=value, raw=str(value), status="ok", at={"synthetic": seed})


def _prev_value(prev: Report | None, path: str) -> int | float | None:
    return prev.value(path) if prev is not None else None


def _applications(rng: random.Random, spec: TableSpec, prev: Report | None, subtotals: bool) -> dict:
    cols = [c.key for c in spec.rows[0].columns if c.key != "total"]
    items = [r.key for r in spec.rows if not r.subtotal and r.key not in _EDGES]
    weights = [rng.random() ** 3 + (2 if k == "granted" else 0) for k in items]
    values: dict[str, dict[str, int]] = {r.key: {} for r in spec.rows if not r.subtotal or subtotals}
    for col in cols:
        new = rng.randint(0, _APPLICANT_MAX[col]) if rng.random() > 0.3 else 0
        over = _prev_value(prev, f"applications.carried_forward.{col}")
        over = rng.randint(0, 2) if over is None else int(over)
        forward = rng.randint(0, min(new + over, 4))
        counts = dict.fromkeys(items, 0)
        for key in rng.choices(items, weights, k=new + over - forward):
            counts[key] += 1
        values["new"][col], values["carried_over"][col] = new, over
        values["total"][col], values["carried_forward"][col] = new + over - forward, forward
        for key in items:
            values[key][col] = counts[key]
        if subtotals:
            for group, members in RESULT_GROUPS.items():
                row = next((r for r in spec.rows if r.key == group and r.subtotal), None)
                if row is not None:
                    values[group][col] = sum(counts[k] for k in members if k in counts)
    for row in values.values():
        row["total"] = sum(row[c] for c in cols)
    return values


def _reviews(rng: random.Random, spec: TableSpec) -> dict:
    out = {}
    for row in spec.rows:
        parts = {c.key: (rng.randint(0, 4) if rng.random() > 0.4 else 0) for c in row.columns if c.key != "total"}
        out[row.key] = {**parts, "total": sum(parts.values())}
    return out


def _active(rng: random.Random, spec: TableSpec, prev: Report | None) -> dict:
    out: dict[str, dict[str, int | float]] = {}
    for row in spec.rows:
        keys, v = row.column_keys, {}
        base = f"active.{row.key}"
        if "in_force" in keys:  # 2021: 制发 / 废止 / 现行有效
            before = _prev_value(prev, f"{base}.in_force")
            before = rng.randint(0, 300) if before is None else int(before)
            v["issued"], v["repealed"] = rng.randint(0, 40), rng.randint(0, min(before, 10))
            v["in_force"] = before + v["issued"] - v["repealed"]
        elif "made" in keys:  # 2019: 新制作 / 新公开 / 对外公开总数
            v["made"] = rng.randint(0, 30)
            v["published"] = rng.randint(0, v["made"])
            v["total"] = v["published"] + rng.randint(0, 300)
        if "prev_items" in keys:  # 2019: 上一年项目数量 = last year's + last year's 增/减
            p_items, p_change = _prev_value(prev, f"{base}.prev_items"), _prev_value(prev, f"{base}.change")
            v["prev_items"] = rng.randint(0, 200) if p_items is None or p_change is None else int(p_items + p_change)
            v["change"] = rng.randint(-min(v["prev_items"], 5), 10)
        if "decisions" in keys:
            v["decisions"] = rng.randint(0, 2000)
        if "projects" in keys:
            v["projects"] = rng.randint(0, 80)
        if "amount" in keys:
            v["amount"] = round(rng.uniform(0, 9000), 2)
        out[row.key] = v
    return out


def _text(report: Report, year: int) -> dict[str, str]:
    apps, rev = report.tables["applications"], report.tables["reviews"]
    new, over = apps["new"]["total"].value, apps["carried_over"]["total"].value
    done, forward = apps["total"]["total"].value, apps["carried_forward"]["total"].value
    reviews = rev["review"]["total"].value
    suits = rev["suit_direct"]["total"].value + rev["suit_after_review"]["total"].value
    active = report.tables["active"]
    docs = (f"本年度制发行政规范性文件{active['normative']['issued'].value}件。" if "issued" in active["normative"]
            else f"本年度新制作规范性文件{active['normative']['made'].value}件。")
    review_text = (f"{year}年，本机关政府信息公开行政复议{reviews}件，行政诉讼{suits}件。" if reviews or suits
                   else f"{year}年，本机关未发生因政府信息公开引起的行政复议和行政诉讼。")
    other = "本年度未收取信息处理费。" if report.meta.template != "2019" else "无其他需要报告的事项。"
    return {
        "overview": f"{year}年，全市共收到政府信息公开申请{new}件，上年结转{over}件，办结{done}件，"
                    f"另有{forward}件结转下年度继续办理。",
        "active": docs,
        "applications": "本机关依法办理政府信息公开申请。",
        "reviews": review_text,
        "problems": "公开质量仍需提高。",
        "other": other,
    }


def make_report(template: str, seed: int, *, subtotals: bool = False, prev: Report | None = None,
                year: int | None = None) -> Report:
    """A consistent random Report on ``template`` ("2019", "2021", "2021-hybrid")."""
    tpl = TEMPLATES[template]
    rng = random.Random(f"{template}/{seed}/{subtotals}")
    if year is None:
        year = prev.meta.year + 1 if prev is not None and prev.meta.year else (tpl.first_year or 2022)
    report = Report(source={"file": f"synthetic-{template}-{seed}", "format": "text"},
                    meta=Meta(agency=AGENCY, year=year, template=template, published_on=f"{year + 1}-01-20",
                              tier="市", body="government"))
    tables = {"active": _active(rng, tpl.active, prev),
              "applications": _applications(rng, tpl.applications, prev, subtotals),
              "reviews": _reviews(rng, tpl.reviews)}
    for table, rows in tables.items():
        report.tables[table] = {row: {col: _ok(v, seed) for col, v in cols.items()} for row, cols in rows.items()}
    sections = _text(report, year)
    lines: list[str] = [f"{AGENCY}{year}年政府信息公开工作年度报告"]
    for sec in SECTIONS:
        report.section_headings[sec.key] = {"text": sec.heading, "number": sec.number, "at": {"line": len(lines) + 1}}
        lines += [sec.heading, sections[sec.key]]
    report.sections = sections
    report.section_order = [s.key for s in SECTIONS]
    report.text = "\n".join(lines)
    return report


def make_pair(template: str, seed: int, *, subtotals: bool = False) -> tuple[Report, Report]:
    """(last year's report, this year's report) of the same agency, consistent across the years."""
    prev = make_report(template, seed, subtotals=subtotals)
    return prev, make_report(template, seed + 10_000, subtotals=subtotals, prev=prev)


def zero_report(template: str, year: int | None = None) -> Report:
    """Every cell of the template's tables 二/三/四 printed 0 (a report with nothing to report)."""
    tpl = TEMPLATES[template]
    year = year or tpl.first_year or 2022
    report = Report(source={"file": f"zero-{template}", "format": "text"},
                    meta=Meta(agency=AGENCY, year=year, template=template, published_on=f"{year + 1}-01-20",
                              tier="市", body="government"))
    for spec in tpl.specs():
        report.tables[spec.key] = {r.key: {c.key: _ok(0, 0) for c in r.columns} for r in spec.rows if not r.subtotal}
    return report


def set_cell(report: Report, path: str, value: int | float | None = None, *, status: str = "ok",
             raw: str | None = None) -> Report:
    """Put one cell into a report (value ok, or a status: blank, na, missing, unreadable)."""
    if raw is None:
        raw = {"ok": str(value), "blank": "", "na": "/", "missing": None, "unreadable": "?"}[status]
    report.set_cell(path, Cell(value=value if status == "ok" else None, raw=raw, status=status))
    return report


def add(report: Report, path: str, delta: int | float) -> Report:
    """Add ``delta`` to a known cell."""
    cell = report.cell(path)
    return set_cell(report, path, cell.value + delta)
