"""A finding: one rule that a report breaks (or that could not be evaluated)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass
class Finding:
    rule: str
    severity: str
    message: str  # Chinese, names table/row/column as printed
    cells: list[str] = field(default_factory=list)
    # "not_evaluable" findings say a rule could not be computed (an operand blank or missing).
    evaluable: bool = True
    at: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "cells": list(self.cells),
        }
        if not self.evaluable:
            d["evaluable"] = False
        if self.at:
            d["at"] = self.at
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        return cls(
            rule=d["rule"],
            severity=d["severity"],
            message=d["message"],
            cells=list(d.get("cells", [])),
            evaluable=d.get("evaluable", True),
            at=d.get("at"),
        )
