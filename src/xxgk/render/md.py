"""Markdown, for previews (a pull request, a terminal): headings, paragraphs and pipe tables.

Pipe tables cannot merge cells, so group labels are written into each row's label
(（三）不予公开 1.属于国家秘密) and table 四 is turned a quarter: one line per block.
"""

from __future__ import annotations

from pathlib import Path

from ..model.report import Report
from ..model.statutory import APPLICANT_COLUMNS, BALANCE_NOTE, CONTENT_LABEL, SECTIONS, TableSpec
from .layout import cell_text, date_text, form_rows, paragraphs, printed_label, report_template, title_text


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_pipe(header), _pipe(["---"] + ["---:"] * (len(header) - 1)), *(_pipe(r) for r in rows)]


def _active(spec: TableSpec, report: Report) -> list[str]:
    out: list[str] = []
    rows = form_rows(spec)
    i = 0
    while i < len(rows):
        n = 0
        while i + n < len(rows) and rows[i + n].group == rows[i].group:
            n += 1
        members = list(rows[i:i + n])
        out += ["", f"**{members[0].group or ''}**", ""]
        out += _table(
            [CONTENT_LABEL, *(c.label for c in members[0].columns)],
            [[r.label, *(cell_text(report.cell(f"{spec.key}.{r.key}.{c.key}")) for c in r.columns)] for r in members],
        )
        i += n
    return out


def _applications(spec: TableSpec, report: Report) -> list[str]:
    results_group = spec.row("granted").group
    body = []
    for r in form_rows(spec):
        label = printed_label(r)
        if r.group and r.group != results_group:
            label = f"{r.group} {label}"
        body.append([label, *(cell_text(report.cell(f"{spec.key}.{r.key}.{c.key}")) for c in r.columns)])
    return ["", *_table(["", *(c.label for c in APPLICANT_COLUMNS)], body), "", f"*{BALANCE_NOTE}*"]


def _reviews(spec: TableSpec, report: Report) -> list[str]:
    rows = form_rows(spec)
    body = [
        [f"{r.group} {r.label}" if r.group else r.label,
         *(cell_text(report.cell(f"{spec.key}.{r.key}.{c.key}")) for c in r.columns)]
        for r in rows
    ]
    return ["", *_table(["", *(c.label for c in rows[0].columns)], body)]


def to_markdown(report: Report) -> str:
    tpl = report_template(report)
    out = [f"# {title_text(report)}"]
    draw = {"active": _active, "applications": _applications, "reviews": _reviews}
    for sec in SECTIONS:
        out += ["", f"## {sec.heading}"]
        for para in paragraphs(report.sections.get(sec.key)):
            out += ["", para]
        if sec.key in draw:
            out += draw[sec.key](tpl.table(sec.key), report)
    date = date_text(report.meta.published_on)
    if date:
        out += [""] + [f"{x}  " for x in (report.meta.agency or "", date) if x]
    return "\n".join(out).rstrip() + "\n"


def render_md(report: Report, path: str | Path) -> Path:
    out = Path(path)
    out.write_text(to_markdown(report), encoding="utf-8")
    return out
