"""How reports and findings look in a terminal (Rich): the tables as people read them."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .model.cell import Cell
from .model.finding import Finding
from .model.report import Report
from .model.statutory import TEMPLATES

SEVERITY_LABEL = {"error": ("错误", "bold red"), "warning": ("警告", "yellow"), "info": ("提示", "cyan")}


def cell_text(cell: Cell | None) -> Text:
    """A cell as shown: doubtful cells are marked, never shown as a clean number."""
    if cell is None or cell.status == "missing":
        return Text("缺", style="magenta")
    if cell.status == "blank":
        return Text("空", style="dim")
    if cell.status == "na":
        return Text(cell.raw.strip() if cell.raw else "/", style="dim")
    if cell.status == "unreadable":
        cands = f" {cell.candidates}" if cell.candidates else ""
        return Text(f"?{(cell.raw or '').strip()}{cands}", style="bold red")
    v = cell.value
    s = f"{v:g}" if isinstance(v, float) else str(v)
    if cell.confidence < 1:
        return Text(s + "*", style="yellow")
    return Text(s)


def report_tables(report: Report) -> list:
    m = report.meta
    head = Text.assemble(
        (m.agency or "（机关未识别）", "bold"), f"  {m.year or '？'}年度  模板 {m.template}",
        f"  发布 {m.published_on}" if m.published_on else "", f"  {report.source.get('file', '')}",
    )
    parts: list = [head]
    tpl = TEMPLATES.get(m.template)
    if tpl is None:
        parts.append(Text("未按 2019/2021 格式识别出表格", style="yellow"))
        return [Panel(Group(*parts))]
    for spec in tpl.specs():
        rows = report.tables.get(spec.key, {})
        if spec.key == "active":
            t = Table(title=f"表{spec.number} {spec.title}", show_lines=False)
            t.add_column("信息内容")
            width = max(len(r.columns) for r in spec.rows)
            for j in range(width):
                t.add_column(f"栏{j + 1}", justify="right")
            for r in spec.rows:
                if r.key not in rows:
                    continue
                vals = [Text(f"{c.label} ", style="dim") + cell_text(rows[r.key].get(c.key)) for c in r.columns]
                t.add_row(r.label, *vals, *[""] * (width - len(vals)))
        else:
            t = Table(title=f"表{spec.number} {spec.title}")
            t.add_column("")
            cols = spec.rows[0].columns
            for c in cols:
                t.add_column(c.label, justify="right")
            for r in spec.rows:
                if r.key not in rows:
                    continue
                label = f"{r.number or ''}{r.label}"
                t.add_row(label[:22], *(cell_text(rows[r.key].get(c.key)) for c in cols))
        parts.append(t)
    parts.append(Text("* 推断值（置信度<1）  ?无法识别  空 未填  缺 原文没有", style="dim"))
    return [Panel(Group(*parts), title="xxgk", expand=False)]


def findings_table(report: Report, findings: list[Finding]) -> Panel:
    title = f"{report.meta.agency or '（机关未识别）'} {report.meta.year or ''} — {report.source.get('file', '')}"
    if not findings:
        return Panel(Text("未发现问题", style="green"), title=title, expand=False)
    t = Table(show_header=True, expand=False)
    t.add_column("级别")
    t.add_column("规则")
    t.add_column("说明")
    for sev in ("error", "warning", "info"):
        for f in findings:
            if f.severity != sev:
                continue
            label, style = SEVERITY_LABEL[sev]
            if not f.evaluable:
                label, style = "无法核对", "dim"
            t.add_row(Text(label, style=style), f.rule, f.message)
    return Panel(t, title=title, expand=False)
