"""A table cell as read from the source: value, raw text, status, confidence and where it was."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

STATUSES = ("ok", "blank", "na", "missing", "unreadable")


@dataclass
class Cell:
    """One cell of tables 二/三/四 (contract §5).

    A blank cell is not a zero: ``value`` stays ``None`` and a check reports it.
    """

    value: int | float | None = None
    raw: str | None = None
    status: str = "ok"
    confidence: float = 1.0
    at: dict[str, Any] = field(default_factory=dict)
    # Extra evidence: candidate values when ambiguous, label repairs, how it was inferred.
    note: str | None = None
    candidates: list[int | float] | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown cell status {self.status!r}")

    @property
    def known(self) -> bool:
        """True when the cell holds a number we may compute with."""
        return self.value is not None and self.status == "ok"

    @classmethod
    def missing(cls, note: str | None = None) -> Cell:
        return cls(value=None, raw=None, status="missing", confidence=1.0, note=note)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "value": _json_number(self.value),
            "raw": self.raw,
            "status": self.status,
            "confidence": round(self.confidence, 4),
            "at": self.at,
        }
        if self.note:
            d["note"] = self.note
        if self.candidates:
            d["candidates"] = [_json_number(c) for c in self.candidates]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Cell:
        return cls(
            value=d.get("value"),
            raw=d.get("raw"),
            status=d.get("status", "ok"),
            confidence=float(d.get("confidence", 1.0)),
            at=dict(d.get("at") or {}),
            note=d.get("note"),
            candidates=d.get("candidates"),
        )


def _json_number(v: Any) -> Any:
    if isinstance(v, Decimal):
        v = float(v)
    if isinstance(v, float) and v.is_integer():
        return int(v) if abs(v) < 2**53 else v
    return v
