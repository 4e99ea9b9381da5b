"""The YAML fill-in form: the same report as plain text, for people who keep reports in version control.

Each table row is a mapping of column keys to numbers, with the printed labels as comments. A value is
a number (ok), ``null`` (blank, 应填0), a mark such as ``"/"`` (na) or any other text (unreadable); a
key left out is a row or column the report does not have (missing).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from ..errors import FormError, UnreadableFile
from ..model.cell import Cell
from ..model.report import Meta, Report
from ..model.statutory import SECTION_BY_KEY, SECTIONS, TEMPLATES, Template
from ..render.layout import form_rows, number_text, report_template
from .blank import blank_report
from .cells import parse_value

FORM_SCHEMA = "xxgk.form/1"


def _scalar(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return number_text(v)
    return json.dumps(str(v), ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _cell_yaml(cell: Cell) -> str:
    if cell.status == "ok" and cell.value is not None:
        return _scalar(cell.value)
    if cell.status in ("na", "unreadable"):
        return _scalar((cell.raw or "").strip() or "/")
    return "null"


def _block(text: str, indent: str) -> str:
    """A section as a literal block when that reads back identically, else a quoted string."""
    lines = text.split("\n")
    block = "|-\n" + "\n".join(f"{indent}{line}" if line else "" for line in lines)
    try:
        if yaml.safe_load(f"k: {block}\n") == {"k": text}:
            return block
    except yaml.YAMLError:
        pass
    return _scalar(text)


def dumps(report_or_template: Report | Template | str) -> str:
    """The YAML form text for a report (its values filled in) or an empty template."""
    report = (
        report_or_template if isinstance(report_or_template, Report) else blank_report(report_or_template)
    )
    tpl = report_template(report)
    out = [
        "# 政府信息公开工作年度报告 填报文件（xxgk）",
        "# 数字单元格：填写数字；无数据填 0；null 表示空白（检查时会提示应填0）。",
        "# 收费、采购金额以万元为单位；“本年增/减”可为负数。填好后：xxgk render 本文件 --to docx",
        f"schema: {FORM_SCHEMA}",
        f"template: {_scalar(tpl.key)}  # {tpl.title}",
        "meta:",
        f"  agency: {_scalar(report.meta.agency)}  # 机关名称",
        f"  year: {_scalar(report.meta.year)}  # 报告年度",
        f"  published_on: {_scalar(report.meta.published_on)}  # 发布日期，如 2025-01-20",
        "sections:",
    ]
    for sec in SECTIONS:
        text = report.sections.get(sec.key) or ""
        out.append(f"  # {sec.heading}")
        out.append(f"  {sec.key}: {_block(text, '    ') if text else _scalar('')}")
    for spec in tpl.specs():
        out.append(f"{spec.key}:  # 表{spec.number} {spec.title}")
        for row in form_rows(spec):
            have = report.tables.get(spec.key, {}).get(row.key)
            if have is not None and all(c.status == "missing" for c in have.values()):
                out.append(f"  # {row.key}: 原报告无此行（{row.label}）")
                continue
            group = f"{row.group} " if row.group and row.group != row.label else ""
            out.append(f"  {row.key}:  # {group}{row.number or ''}{row.label}")
            for col in row.columns:
                cell = report.cell(f"{spec.key}.{row.key}.{col.key}")
                if cell is not None and cell.status == "missing":
                    out.append(f"    # {col.key}: 原报告无此列（{col.label}）")
                    continue
                value = _cell_yaml(cell) if cell is not None else "null"
                out.append(f"    {col.key}: {value}  # {col.label}")
    return "\n".join(out) + "\n"


def write_form(report_or_template: Report | Template | str, path: str | Path) -> Path:
    """Write the YAML form (UTF-8)."""
    out = Path(path)
    out.write_text(dumps(report_or_template), encoding="utf-8")
    return out


def read_form(path: str | Path) -> Report:
    """Read a YAML form back into a Report; unknown keys are errors (a typo must not lose a number)."""
    p = Path(path)
    if not p.exists():
        raise UnreadableFile("文件不存在", str(p))
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise FormError("YAML 填报文件应为 UTF-8 编码", str(p)) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise FormError(f"YAML 格式错误{where}：{getattr(e, 'problem', '') or e}", str(p)) from None
    return from_data(data, str(p))


def from_data(data: Any, file: str = "<yaml>") -> Report:
    if not isinstance(data, dict) or data.get("schema") != FORM_SCHEMA:
        raise FormError(f"不是 xxgk 填报文件（应以 schema: {FORM_SCHEMA} 开头）", file)
    tpl = TEMPLATES.get(str(data.get("template")))
    if tpl is None:
        raise FormError(f"未知的模板“{data.get('template')}”；可选：{'、'.join(TEMPLATES)}", file)
    _only(data, {"schema", "template", "meta", "sections", *tpl.tables}, "顶层", file)
    meta = data.get("meta") or {}
    _only(meta, {"agency", "year", "published_on", "level", "tier", "body"}, "meta", file)
    year = meta.get("year")
    if year is not None and not isinstance(year, int):
        raise FormError(f"meta.year 应为年份数字，填写的是“{year}”", file)
    published = meta.get("published_on")
    report = Report(
        source={"file": file, "format": "yaml"},
        meta=Meta(
            agency=(str(meta["agency"]).strip() or None) if meta.get("agency") is not None else None,
            year=year,
            template=tpl.key,
            published_on=str(published) if published is not None else None,
            level=meta.get("level"),
            tier=meta.get("tier"),
            body=meta.get("body"),
        ),
    )
    sections = data.get("sections") or {}
    _only(sections, set(SECTION_BY_KEY), "sections", file)
    for key in SECTION_BY_KEY:
        text = sections.get(key)
        report.sections[key] = str(text).replace("\r\n", "\n").strip() or None if text is not None else None
    for spec in tpl.specs():
        rows = data.get(spec.key) or {}
        if not isinstance(rows, dict):
            raise FormError(f"{spec.key} 应为各行的映射", file)
        _only(rows, {r.key for r in form_rows(spec)}, spec.key, file)
        for row in form_rows(spec):
            cols = rows.get(row.key)
            if row.key not in rows:  # a row the report does not have
                for col in row.columns:
                    report.set_cell(f"{spec.key}.{row.key}.{col.key}", Cell.missing())
                continue
            cols = cols or {}
            if not isinstance(cols, dict):
                raise FormError(f"{spec.key}.{row.key} 应为各列的映射（如 {row.columns[0].key}: 0）", file)
            _only(cols, set(row.column_keys), f"{spec.key}.{row.key}", file)
            for col in row.columns:
                path = f"{spec.key}.{row.key}.{col.key}"
                at = {"key": path}
                cell = parse_value(cols[col.key], col.kind, at) if col.key in cols else Cell.missing()
                report.set_cell(path, cell)
    return report


def _only(d: Any, allowed: set[str], where: str, file: str) -> None:
    if not isinstance(d, dict):
        raise FormError(f"{where} 应为映射（键: 值）", file)
    extra = sorted(str(k) for k in d if k not in allowed)
    if extra:
        raise FormError(f"{where} 中有无法识别的键：{'、'.join(extra)}；可用的键：{'、'.join(sorted(allowed))}", file)
