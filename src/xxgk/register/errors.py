"""Errors of the case register, each a Chinese message a clerk can act on."""

from __future__ import annotations

from ..errors import XxgkError


class RegisterError(XxgkError):
    "A register entry is invalid (bad date, unknown outcome, events out of order)"


class UnknownCase(RegisterError):
    "No case with this number in the register"


class DuplicateCase(RegisterError):
    "A case with this number is already registered"


class ImportRejected(RegisterError):
    "An import file has bad rows; nothing was imported"

    def __init__(self, problems: list[str], path: str | None = None) -> None:
        self.problems = list(problems)
        shown = self.problems[:50]
        more = f"\n……另有 {len(self.problems) - 50} 处问题" if len(self.problems) > 50 else ""
        msg = "导入未执行（未导入任何记录），请修改以下问题后重新导入：\n" + "\n".join(shown) + more
        super().__init__(msg, path)
