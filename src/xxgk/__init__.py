"""xxgk — 政府信息公开工作年度报告 as exact data: read, check, write and register.

    >>> import xxgk
    >>> report = xxgk.parse("2023年度报告.pdf")
    >>> report.value("applications.new.total")
"""

from __future__ import annotations

from pathlib import Path

from .errors import XxgkError
from .model import Cell, Finding, Report

__all__ = ["Cell", "Finding", "Report", "XxgkError", "check", "parse", "read"]
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
