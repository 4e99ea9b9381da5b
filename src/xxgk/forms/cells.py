"""Turning what a compiler typed into a form cell into a Cell (shared by the XLSX and YAML forms)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..model.cell import Cell
from ..render.layout import number_text

# What the format's users type for "nothing to report" instead of 0 (a finding, not an error).
NA_MARKS = frozenset({"/", "／", "-", "－", "—", "——", "–", "无", "\\"})


def parse_value(v: Any, kind: str, at: dict[str, Any]) -> Cell:
    """A form value → Cell: number (ok), empty (blank), "/" (na) or anything else (unreadable)."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return Cell(value=None, raw="", status="blank", at=at)
    if isinstance(v, bool) or isinstance(v, dt.date | dt.datetime | dt.time):
        return Cell(value=None, raw=str(v), status="unreadable", at=at, note="不是数字")
    if isinstance(v, str):
        text = v.strip()
        if text in NA_MARKS:
            return Cell(value=None, raw=text, status="na", at=at)
        try:
            num: int | float = int(text)
        except ValueError:
            try:
                num = float(text)
            except ValueError:
                return Cell(value=None, raw=text, status="unreadable", at=at, note="不是数字")
        return _number(num, kind, at, raw=text)
    if isinstance(v, int | float):
        return _number(v, kind, at, raw=None)
    return Cell(value=None, raw=str(v), status="unreadable", at=at, note="不是数字")


def _number(num: int | float, kind: str, at: dict[str, Any], raw: str | None) -> Cell:
    if isinstance(num, float) and (num != num or num in (float("inf"), float("-inf"))):
        return Cell(value=None, raw=raw or str(num), status="unreadable", at=at, note="不是数字")
    if isinstance(num, float) and num.is_integer():
        num = int(num)
    if kind != "money" and isinstance(num, float):
        # a count (or 本年增/减) must be whole: keep what was typed, let N.NOT_NUMBER report it
        return Cell(value=None, raw=raw or number_text(num), status="unreadable", at=at, note="应为整数")
    return Cell(value=num, raw=raw if raw is not None else number_text(num), status="ok", at=at)
