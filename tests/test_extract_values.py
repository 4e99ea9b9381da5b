"""Printed cell text → Cell."""

from __future__ import annotations

import pytest

from xxgk.extract.values import is_value_text, parse_cell


@pytest.mark.parametrize(
    ("text", "kind", "value", "status"),
    [
        ("0", "count", 0, "ok"),
        ("　　12", "count", 12, "ok"),
        ("１２", "count", 12, "ok"),
        ("3,119", "count", 3119, "ok"),
        ("12.00", "count", 12, "ok"),
        ("7件", "count", 7, "ok"),
        ("", "count", None, "blank"),
        ("\u00a0", "count", None, "blank"),
        ("/", "count", None, "na"),
        ("——", "count", None, "na"),
        ("无", "count", None, "na"),
        ("4h", "count", None, "unreadable"),
        ("0%", "count", None, "unreadable"),
        ("156.04 7", "money", None, "unreadable"),
        ("12\n34", "count", None, "unreadable"),
        ("-3", "change", -3, "ok"),
        ("－3", "change", -3, "ok"),
        ("本年增加12项", "change", 12, "ok"),
        ("本年增加 12 项", "change", 12, "ok"),
        ("减少3", "change", -3, "ok"),
        ("持平", "change", 0, "ok"),
        ("180000元", "money", 18, "ok"),
        ("156.04万元", "money", 156.04, "ok"),
        ("9116.36", "money", 9116.36, "ok"),
        ("7545", "money", 7545, "ok"),
        ("180000元", "count", None, "unreadable"),
    ],
)
def test_parse_cell(text, kind, value, status):
    cell = parse_cell(text, kind)
    assert (cell.value, cell.status) == (value, status)
    assert cell.raw == text
    if value is not None:
        assert type(cell.value) is type(value)


def test_missing_cell_has_no_raw():
    cell = parse_cell(None)
    assert (cell.value, cell.raw, cell.status) == (None, None, "missing")


@pytest.mark.parametrize(("text", "expected"), [
    ("0", True), ("", True), ("/", True), ("4h", True), ("万元", True), ("本年增加12项", True),
    ("行政许可", False), ("比6 4分", False), ("（七）总计", False),
])
def test_value_or_label(text, expected):
    assert is_value_text(text) is expected
