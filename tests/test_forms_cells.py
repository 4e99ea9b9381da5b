"""forms.cells: what a compiler types → Cell."""

from __future__ import annotations

import datetime as dt

import pytest

from xxgk.forms.cells import parse_value


@pytest.mark.parametrize(
    ("typed", "kind", "status", "value"),
    [
        (12, "count", "ok", 12),
        (12.0, "count", "ok", 12),
        ("12", "count", "ok", 12),
        (" 7 ", "count", "ok", 7),
        (-3, "change", "ok", -3),
        (156.04, "money", "ok", 156.04),
        ("156.04", "money", "ok", 156.04),
        (3.5, "count", "unreadable", None),
        (None, "count", "blank", None),
        ("  ", "count", "blank", None),
        ("/", "count", "na", None),
        ("无", "count", "na", None),
        ("4h", "count", "unreadable", None),
        (True, "count", "unreadable", None),
        (dt.date(2024, 1, 1), "count", "unreadable", None),
    ],
)
def test_parse_value(typed, kind, status, value):
    cell = parse_value(typed, kind, {"sheet": "表三", "cell": "D6"})
    assert cell.status == status
    assert cell.value == value
    assert cell.at == {"sheet": "表三", "cell": "D6"}
    if status == "unreadable":
        assert cell.raw  # what was typed is kept for the finding
