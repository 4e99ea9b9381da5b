"""Fill-in forms (XLSX for compilers, YAML for version control) and loading any report-like file."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import FormError, UnknownFormat
from ..model.report import SCHEMA, Report
from .blank import blank_report, carry_over

__all__ = ["FORM_SUFFIXES", "blank_report", "carry_over", "load_report", "write_form"]

FORM_SUFFIXES = (".xlsx", ".yaml", ".yml")


def write_form(report_or_template, path: str | Path) -> Path:
    """Write a fill-in form; the suffix chooses XLSX (.xlsx) or YAML (.yaml/.yml)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        from .xlsx import write_form as write
    elif suffix in (".yaml", ".yml"):
        from .yaml import write_form as write
    else:
        raise UnknownFormat(f"填报表只能是 .xlsx 或 .yaml，不能是“{suffix or '无扩展名'}”", str(path))
    return write(report_or_template, path)


def load_report(path: str | Path) -> Report:
    """A Report from a form (XLSX/YAML), a report JSON (xxgk.report/1) or any report xxgk can parse.

    Parsed reports come without findings: whoever renders or checks them runs the checks.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".xlsx":
        from .xlsx import read_form

        return read_form(p)
    if suffix in (".yaml", ".yml"):
        from .yaml import read_form

        return read_form(p)
    if suffix == ".json":
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            return Report.from_dict(data)
        except (ValueError, TypeError, KeyError) as e:
            raise FormError(f"不是 {SCHEMA} 格式的报告 JSON（{e}）", str(p)) from None
    import xxgk

    return xxgk.parse(p, checks=False)
