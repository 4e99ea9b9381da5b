"""HTML: one self-contained, accessible page for a government website, with a print stylesheet.

Tables keep the official spans (rowspan/colspan); header cells are ``<th>`` with ``scope`` (col,
colgroup, row, rowgroup) so a screen reader announces 申请人情况 › 法人或其他组织 › 商业企业 for a number.
Tables carry an ``aria-label`` rather than a visible caption: the section heading above already names them.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..model.report import Report
from ..model.statutory import SECTIONS
from .layout import Grid, Slot, cell_text, date_text, grids, paragraphs, report_template, title_text

CSS = """
:root { --ink: #1a1a1a; --rule: #333; --band: #dce6f2; --head: #f2f2f2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font-family: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC",
    "Source Han Serif SC", "SimSun", serif;
  font-size: 16pt; line-height: 1.8; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif;
  font-weight: 700; font-size: 22pt; line-height: 1.5; text-align: center; margin: 0 0 1.5em; }
h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  font-weight: 400; font-size: 16pt; margin: 0.6em 0 0.2em; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.subheading { font-family: "楷体_GB2312", "KaiTi", "楷体", "STKaiti", "AR PL UKai CN", serif; }
.signature { text-align: right; padding-right: 4em; text-indent: 0; }
.signature.first { margin-top: 2em; }
.table-wrap { overflow-x: auto; margin: 0.5em 0 1em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 10.5pt; line-height: 1.4;
  font-family: "宋体", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC", serif; }
table.applications, table.reviews { font-size: 9pt; }
th, td { border: 1px solid var(--rule); padding: 0.25em 0.3em; vertical-align: middle; text-align: center; }
th { font-weight: 400; background: var(--head); }
th.band { background: var(--band); text-align: left; }
th.note { text-align: left; }
table.applications th[scope="row"] { text-align: left; }
td { font-variant-numeric: tabular-nums; }
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center { content: "— " counter(page) " —"; font-family: "SimSun", serif; font-size: 14pt; } }
@media print {
  body { font-size: 16pt; line-height: 28.95pt; }
  main { max-width: none; padding: 0; }
  .table-wrap { overflow: visible; }
  table { page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  thead { display: table-header-group; }
  h2 { page-break-after: avoid; }
  th, .band { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

_LABELS = {"active": "表二 主动公开政府信息情况", "applications": "表三 收到和处理政府信息公开申请情况",
           "reviews": "表四 政府信息公开行政复议、行政诉讼情况"}


def _attrs(s: Slot) -> str:
    out = ""
    if s.rowspan > 1:
        out += f' rowspan="{s.rowspan}"'
    if s.colspan > 1:
        out += f' colspan="{s.colspan}"'
    if s.scope:
        out += f' scope="{s.scope}"'
    if s.role in ("band", "note"):
        out += f' class="{s.role}"'
    if s.path:
        out += f' data-cell="{escape(s.path)}"'
    return out


def _table(grid: Grid, report: Report) -> str:
    rows = grid.rows()
    out = [f'<div class="table-wrap"><table class="{grid.key}" aria-label="{_LABELS[grid.key]}">']
    total = sum(grid.widths)
    out.append("<colgroup>" + "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in grid.widths)
               + "</colgroup>")

    def tr(slots: list[Slot]) -> str:
        cells = []
        for s in slots:
            if s.role == "value":
                cells.append(f"<td{_attrs(s)}>{escape(cell_text(report.cell(s.path or '')))}</td>")
            elif s.role == "note":
                cells.append(f"<td{_attrs(s)}>{escape(s.text)}</td>")
            else:
                cells.append(f"<th{_attrs(s)}>{escape(s.text)}</th>")
        return "<tr>" + "".join(cells) + "</tr>"

    if grid.header_rows:
        out.append("<thead>" + "".join(tr(r) for r in rows[: grid.header_rows]) + "</thead>")
        out.append("<tbody>" + "".join(tr(r) for r in rows[grid.header_rows:]) + "</tbody>")
    else:  # table 二: one body per 第二十条 item, each with its own band and header line
        body: list[str] = []
        for r in rows:
            if r and r[0].role == "band" and body:
                out.append("<tbody>" + "".join(body) + "</tbody>")
                body = []
            body.append(tr(r))
        out.append("<tbody>" + "".join(body) + "</tbody>")
    out.append("</table></div>")
    return "\n".join(out)


def to_html(report: Report) -> str:
    """The page as a string."""
    tpl = report_template(report)
    title = title_text(report)
    tables = {g.key: g for g in grids(tpl)}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f'<meta name="generator" content="xxgk; template {escape(tpl.key)}">',
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<article>",
        f"<h1>{escape(title)}</h1>",
    ]
    for sec in SECTIONS:
        parts.append(f'<section aria-labelledby="s-{sec.key}">')
        parts.append(f'<h2 id="s-{sec.key}">{escape(sec.heading)}</h2>')
        for para in paragraphs(report.sections.get(sec.key)):
            cls = ' class="subheading"' if para.startswith("（") and "）" in para[:6] else ""
            parts.append(f"<p{cls}>{escape(para)}</p>")
        if sec.key in tables:
            parts.append(_table(tables[sec.key], report))
        parts.append("</section>")
    date = date_text(report.meta.published_on)
    if date:
        first = True
        for line in (report.meta.agency or "", date):
            if line:
                cls = "signature first" if first else "signature"
                parts.append(f'<p class="{cls}">{escape(line)}</p>')
                first = False
    parts += ["</article>", "</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def render_html(report: Report, path: str | Path) -> Path:
    """Write the report as one self-contained HTML file (UTF-8)."""
    out = Path(path)
    out.write_text(to_html(report), encoding="utf-8")
    return out
