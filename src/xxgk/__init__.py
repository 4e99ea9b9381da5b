"""xxgk — 政府信息公开工作年度报告 as exact data: read, check, write and register.

    >>> import xxgk
    >>> report = xxgk.parse("2023年度报告.pdf")
    >>> report.value("applications.new.total")
"""

from __future__ import annotations

from pathlib import Path

from .errors import XxgkError
from .model import Cell, Finding, Report

__all__ = ["Cell", "Finding", "Report", "XxgkError", "check", "load", "parse", "read"]
__version__ = "0.1.0"


def read(path: str | Path):
    """Read a source file into the common Document (paragraphs and table grids)."""
    from .ingest import read_document

    return read_document(path)


def parse(path: str | Path, *, prev: Report | str | Path | None = None, checks: bool = True) -> Report:
    """Parse a report file (any supported format) into a Report, with its findings.

    ``prev`` is last year's report of the same agency (a Report or a path), for the cross-year rules.
    """
    from .extract import extract

    report = extract(read(path))
    if checks:
        if prev is not None and not isinstance(prev, Report):
            prev = parse(prev, checks=False)
        report.findings = check(report, prev=prev)
    return report


def check(report: Report, prev: Report | None = None) -> list[Finding]:
    """Run every rule of the catalogue on a report; cross-year rules when ``prev`` is given."""
    from .checks import run_checks

    return run_checks(report, prev=prev)


def load(path: str | Path, *, checks: bool = True, prev: Report | None = None) -> Report:
    """A report from any source file, or from a report data file (``xxgk.report/1`` JSON)."""
    import json

    from .errors import UnreadableFile
    from .model.report import SCHEMA

    p = Path(path)
    if p.suffix.lower() == ".json" and p.is_file():
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise UnreadableFile(f"不是有效的 JSON 报告数据文件（{e}）", str(p)) from None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise UnreadableFile(f"JSON 文件不是 {SCHEMA} 报告数据", str(p))
        report = Report.from_dict(data)
        if checks:
            report.findings = check(report, prev=prev)
        return report
    return parse(p, prev=prev, checks=checks)
