"""Render a report in the official format: DOCX (GB/T 9704 公文 layout), PDF, HTML, Markdown.

    >>> from xxgk.render import render
    >>> render(report, "docx", "2025.docx")

The checks run first: a report that contradicts itself (error-level findings such as A3.BALANCE) is
not rendered unless ``force=True``; the error then lists each finding in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import ReportHasErrors, UnknownFormat
from ..model.finding import Finding
from ..model.report import Report

__all__ = ["FORMATS", "ReportHasErrors", "blocking", "format_findings", "render"]

FORMATS = ("docx", "pdf", "html", "md")


def _renderer(fmt: str) -> Callable[[Report, Path], Path]:
    if fmt == "docx":
        from .docx import render_docx as fn
    elif fmt == "pdf":
        from .pdf import render_pdf as fn
    elif fmt == "html":
        from .html import render_html as fn
    elif fmt == "md":
        from .md import render_md as fn
    else:
        raise UnknownFormat(f"不支持的输出格式“{fmt}”；可选：{'、'.join(FORMATS)}")
    return fn


def blocking(findings: list[Finding]) -> list[Finding]:
    """The findings that stop a render: error severity."""
    return [f for f in findings if f.severity == "error"]


def format_findings(findings: list[Finding]) -> str:
    return "\n".join(f"  [{f.rule}] {f.message}" for f in findings)


def render(report: Report, fmt: str, path: str | Path, force: bool = False) -> tuple[Path, list[Finding]]:
    """Check the report, then write it as ``fmt`` to ``path``; returns the path and the findings.

    Raises ReportHasErrors (listing the error-level findings) when the report breaks a rule of the
    format, unless ``force``.
    """
    import xxgk

    fn = _renderer(fmt)
    findings = xxgk.check(report)
    report.findings = findings
    errors = blocking(findings)
    if errors and not force:
        raise ReportHasErrors(
            f"报告有 {len(errors)} 处错误，未生成{fmt.upper()}（改正后重试，或加 --force 强制生成）：\n"
            + format_findings(errors),
            errors,
            report.source.get("file"),
        )
    return fn(report, Path(path)), findings
