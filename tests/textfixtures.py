"""Build text reports of every layout from values, for the extraction tests.

Values are a plain mapping ``{table: {row: {column: value}}}`` (like a truth file). Layouts:
``tabs`` (one row per line, tab-separated), ``cells`` (Word export: one cell per line, rows separated by
blank lines), ``glued`` (crawler text: the whole table in one line, digits of adjacent cells glued).
"""

from __future__ import annotations

import random

from xxgk.model.statutory import RESULT_GROUPS, SECTIONS, TEMPLATES, Template


def random_values(template: str, seed: int, big: bool = False) -> dict:
    """Random values satisfying every rule of tables 三 and 四 (A3.*, A4.BLOCK) by construction."""
    rnd = random.Random(seed)
    tpl = TEMPLATES[template]
    hi = 400 if big else 9

    def n() -> int:
        return rnd.choice([0, 0, 0, rnd.randint(0, hi)])

    values: dict = {"active": {}, "applications": {}, "reviews": {}}
    for row in tpl.active.rows:
        values["active"][row.key] = {}
        for c in row.columns:
            if c.kind == "money":
                v = round(rnd.uniform(0, 500), 2)
            elif c.kind == "change":
                v = rnd.randint(-5, 5)
            else:
                v = n()
            values["active"][row.key][c.key] = v
    cols = [c.key for c in tpl.applications.rows[0].columns if c.key != "total"]
    apps = tpl.applications
    result_rows = [r.key for r in apps.rows if not r.subtotal and r.key not in
                   ("new", "carried_over", "total", "carried_forward")]
    if "other_misc" in apps.row_keys:
        result_rows = [k for k in result_rows if k != "other"]
    table: dict[str, dict[str, int]] = {k: {} for k in apps.row_keys if not apps.row(k).subtotal}
    for c in cols:
        results = {k: n() for k in result_rows}
        total = sum(results.values())
        carried_forward = n()
        carried_over = rnd.randint(0, total + carried_forward)
        new = total + carried_forward - carried_over
        for k, v in results.items():
            table[k][c] = v
        table["total"][c] = total
        table["carried_forward"][c] = carried_forward
        table["carried_over"][c] = carried_over
        table["new"][c] = new
    for k in table:
        table[k]["total"] = sum(table[k][c] for c in cols)
    values["applications"] = {k: table[k] for k in apps.row_keys if k in table}
    for row in tpl.reviews.rows:
        parts = {c.key: n() for c in row.columns if c.key != "total"}
        parts["total"] = sum(parts.values())
        values["reviews"][row.key] = {c.key: parts[c.key] for c in row.columns}
    _ = RESULT_GROUPS
    return values


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".")
    return str(v)


def _rows(tpl: Template, values: dict, table: str):
    spec = tpl.table(table)
    for row in spec.rows:
        if row.key in values.get(table, {}):
            yield row, [values[table][row.key].get(c.key) for c in row.columns]


def render_text(values: dict, template: str, layout: str = "tabs", *, agency: str = "某某市某某局",
                year: int = 2023, drop_rows: tuple[str, ...] = ()) -> str:
    tpl = TEMPLATES[template]
    lines = [f"{agency}{year}年政府信息公开工作年度报告", ""]
    lines.append(f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")
    for sec in SECTIONS:
        lines.append(sec.heading)
        if sec.key == "overview":
            lines.append(f"{year}年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。")
        elif sec.key in ("active", "applications", "reviews"):
            lines.extend(_table_lines(tpl, values, sec.key, layout, drop_rows))
        elif sec.key == "problems":
            lines.append("一是公开内容有待丰富。二是解读形式有待创新。")
        else:
            lines.append("本年度未收取信息处理费。")
    lines.append(agency)
    lines.append(f"{year + 1}年1月20日")
    return "\n".join(lines) + "\n"


def _table_lines(tpl: Template, values: dict, key: str, layout: str, drop: tuple[str, ...]) -> list[str]:
    spec = tpl.table(key)
    rows: list[list[str]] = []
    if key == "active":
        group = None
        for row, vals in _rows(tpl, values, key):
            if row.group != group:
                group = row.group
                rows.append([row.group or ""] + [""] * 3)
                rows.append(["信息内容"] + [c.label for c in row.columns])
            if row.key in drop:
                continue
            rows.append([row.label] + [_fmt(v) for v in vals])
    elif key == "applications":
        cols = spec.rows[0].columns
        rows.append(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "申请人情况"] + [""] * 6)
        rows.append(["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"])
        rows.append(["", "", ""] + [c.label for c in cols[1:6]] + [""])
        for row, vals in _rows(tpl, values, key):
            if row.key in drop:
                continue
            label = f"{row.number or ''}{row.label}"
            group = row.group if row.group and row.group.startswith("（") else ""
            rows.append([group, label] + [_fmt(v) for v in vals])
    else:
        rows.append(["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9)
        rows.append(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "",
                     "复议后起诉", "", "", "", ""])
        rows.append([""] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)
        flat = []
        for _row, vals in _rows(tpl, values, key):
            flat.extend(_fmt(v) for v in vals)
        rows.append(flat)
    if layout == "tabs":
        return ["\t".join(r) for r in rows]
    if layout == "cells":
        out = []
        for r in rows:
            out.extend("\t" + c for c in r)
            out.append("")
        return out
    if layout == "glued":
        return ["".join("".join(r) for r in rows)]
    raise ValueError(layout)
