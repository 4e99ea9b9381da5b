"""Printed cell text → Cell (value, raw, status, confidence).

Only what is printed becomes a value: "0" → 0, "本年增加12项" → 12, "减少3" → −3, "180000元" → 18 (万元),
"156.04万元" → 156.04. Empty text is ``blank``, "/" "—" "无" are ``na``; anything else that is not a
clean number (OCR "4h", "156.04 7") is ``unreadable`` with its raw text kept — never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import fields
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..model.cell import Cell

if TYPE_CHECKING:
    from ..ingest.document import GridCell
    from ..model.statutory import Column

_NA = {"/", "／", "-", "－", "—", "——", "–", "无", "\\", "、", "_", "×"}
_SPACE = re.compile(r"[\s\u3000\u00a0\u200b]+")
_NUM = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_CHANGE = re.compile(r"^(?:本年)?(增加|新增|增|减少|减|下降|持平|无变化)(\d+(?:\.\d+)?)?(?:项|个|件)?$")
_UNIT = re.compile(r"^([+-]?\d+(?:\.\d+)?)(万元|元|项|件|个)$")


_SPLIT_DIGITS = re.compile(r"[\d.]\s+[\d.]")
_UNITS = {"万元", "元", "件", "项", "个", "万"}


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """NFKC (full-width digits and signs → ASCII) and no whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).replace("−", "-")


@lru_cache(maxsize=65536)
def to_number(s: str) -> int | float | None:
    """A clean number string → int or float (None if it is not one)."""
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    if not _NUM.match(s):
        return None
    if "." in s:
        try:
            d = Decimal(s)
        except InvalidOperation:
            return None
        return float(d)
    return int(s)


def parse_cell(text: str | None, kind: str = "count", at: dict[str, Any] | None = None,
               confidence: float = 1.0) -> Cell:
    """Read one printed cell. ``kind`` is the column kind: count | change | money (万元)."""
    at = dict(at or {})
    if text is None:
        return Cell(value=None, raw=None, status="missing", at=at)
    value, status, note, graded = _reading(text, kind)
    return Cell(value=value, raw=text, status=status, confidence=confidence if graded else 1.0, at=at, note=note)


def read_slots(columns: Iterable[Column], slots: Iterable[GridCell]) -> dict[str, Cell]:
    """:func:`parse_cell` of grid slots aligned one-to-one with ``columns`` (each slot's text read as its
    column's kind, its ``at`` copied, its confidence kept for numbers): column key → Cell."""
    out: dict[str, Cell] = {}
    for col, slot in zip(columns, slots, strict=True):
        text = slot.text
        if text is None:
            out[col.key] = Cell(value=None, raw=None, status="missing", at=dict(slot.at))
            continue
        value, status, note, graded = _reading(text, col.kind)
        # Every slot of every table becomes a Cell: its attributes are set directly, in field order,
        # which costs half of the dataclass __init__ (and its status check: _reading only gives valid
        # statuses). _CELL_FIELDS below stops the import if Cell's fields ever change.
        cell = _new_cell(Cell)
        cell.value = value
        cell.raw = text
        cell.status = status
        cell.confidence = slot.confidence if graded else 1.0
        cell.at = dict(slot.at)
        cell.note = note
        cell.candidates = None
        out[col.key] = cell
    return out


_new_cell = object.__new__
_CELL_FIELDS = ("value", "raw", "status", "confidence", "at", "note", "candidates")
if tuple(f.name for f in fields(Cell)) != _CELL_FIELDS:
    raise ImportError(f"xxgk.extract.values.read_slots sets the fields {_CELL_FIELDS}; Cell now has others")


@lru_cache(maxsize=65536)
def _reading(text: str, kind: str) -> tuple[int | float | None, str, str | None, bool]:
    """What a printed text reads as in a column of ``kind``: (value, status, note, graded).

    A pure function of the text, so memoised: tables repeat "0", "" and small numbers thousands of
    times. ``graded``: the cell takes the source's confidence (a read number); otherwise it keeps 1.0.
    Values are ints and floats, so a cached reading is never shared mutably between cells.
    """
    s = normalize(text)
    if _SPLIT_DIGITS.search(unicodedata.normalize("NFKC", text).strip()):
        # "156.04 7": two readings in one cell (OCR); which one is meant is unknowable
        return None, "unreadable", "数字中间有空格，无法确定读数", False
    if s == "":
        return None, "blank", None, False
    if s in _NA:
        return None, "na", None, False
    v = to_number(s)
    if v is not None:
        if kind == "money":
            v = _money(v)
        elif isinstance(v, float) and v.is_integer():
            v = int(v)  # "12.00" in a count column is the count 12
        return v, "ok", None, True
    m = _UNIT.match(s)
    if m:
        n = to_number(m.group(1))
        unit = m.group(2)
        if n is not None:
            if unit == "元":
                if kind != "money":
                    return None, "unreadable", "计数栏填了金额", False
                return _money(Decimal(str(n)) / Decimal(10000)), "ok", "元 → 万元", True
            if unit == "万元":
                return _money(n), "ok", None, True
            if kind != "money":
                return n, "ok", None, True
    if kind == "change":
        m = _CHANGE.match(s)
        if m:
            word, num = m.group(1), m.group(2)
            if word in ("持平", "无变化") and num is None:
                return 0, "ok", None, True
            if num is not None:
                n = to_number(num)
                if n is not None:
                    sign = -1 if word in ("减少", "减", "下降") else 1
                    return sign * n, "ok", None, True
    return None, "unreadable", None, False


def _money(v: int | float | Decimal) -> int | float:
    d = Decimal(str(v)).quantize(Decimal("0.000001")).normalize()
    if d == d.to_integral_value():
        return int(d)
    return float(d)


@lru_cache(maxsize=65536)
def is_value_text(text: str) -> bool:
    """True when a table slot looks like a value (number, blank, n/a, OCR junk with digits) not a label."""
    s = normalize(text)
    if s == "" or s in _NA or s in _UNITS:
        return True
    if to_number(s) is not None or _UNIT.match(s) or _CHANGE.match(s):
        return True
    cjk = sum(1 for ch in s if "\u4e00" <= ch <= "\u9fff")
    if cjk == 0:
        return True  # "4h", "0%", "156.047"
    return False
