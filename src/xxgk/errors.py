"""Errors a user can meet, each with a Chinese message naming the file and the next step.

The CLI (and the web app) translate these at the edge; nothing else prints a traceback to a user.
"""

from __future__ import annotations


class XxgkError(Exception):
    """Base of every error xxgk raises for bad input."""

    def __init__(self, message: str, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}：{message}" if path else message)


class UnreadableFile(XxgkError):
    "The file cannot be read (missing, empty, damaged)"


class UnknownFormat(XxgkError):
    "The file's format is not one xxgk reads"


class UnknownEncoding(XxgkError):
    "A text file in an encoding that cannot be decoded"


class EncryptedPdf(XxgkError):
    "A PDF protected by a password"


class MissingTool(XxgkError):
    "An external program (LibreOffice, OCR engine) needed for this file is not installed"


class NotAReport(XxgkError):
    "The file does not look like a 政府信息公开工作年度报告"


class FormError(XxgkError):
    "A fill-in form or data file has invalid content"


class ReportHasErrors(XxgkError):
    "The report breaks error-level rules, so it is not rendered (use --force to render anyway)"

    def __init__(self, message: str, findings: list | None = None, path: str | None = None) -> None:
        self.findings = list(findings or [])
        super().__init__(message, path)
