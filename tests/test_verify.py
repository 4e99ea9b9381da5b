"""xxgk.extract.verify: OCR'd numbers confirmed or doubted by the sums of tables 三 and 四.

Reports come from tests/synthetic.py (every sum holds); their cells are marked as read by OCR with a
given confidence, then single digits are "misread" by hand.
"""

from __future__ import annotations

import pytest
from synthetic import make_report

from xxgk.extract.verify import CONFIRMED, DISPUTED, verify_ocr_cells
from xxgk.model.report import Report


def _ocr(report: Report, confidence: float = 0.97) -> Report:
    for _, cell in report.iter_cells():
        if cell.status == "ok":
            cell.at = {"page": 2, "ocr": True}
            cell.confidence = confidence
    return report


def _misread(report: Report, path: str, value: int, confidence: float) -> None:
    cell = report.cell(path)
    cell.value, cell.raw, cell.confidence = value, str(value), confidence


@pytest.fixture
def report() -> Report:
    r = _ocr(make_report("2021", 3))
    assert r.value("applications.granted.natural") is not None
    return r


def test_every_sum_holds_cells_are_confirmed_never_certain(report):
    verify_ocr_cells(report)
    for path, cell in report.iter_cells():
        if path.startswith(("applications.", "reviews.")):
            assert cell.confidence == CONFIRMED and cell.status == "ok", path
            assert "核对无误" in cell.note
        else:  # 表二 has no sums: the engine's confidence stands
            assert cell.confidence == 0.97 and cell.note is None, path


def test_a_misread_digit_in_two_sums_becomes_unreadable(report):
    true = report.value("applications.granted.natural")
    _misread(report, "applications.granted.natural", true + 10, 0.999)  # the engine was sure — and wrong
    verify_ocr_cells(report)
    cell = report.cell("applications.granted.natural")
    assert (cell.value, cell.status, cell.raw) == (None, "unreadable", str(true + 10))
    assert cell.candidates == [true + 10]  # the reading, not a value computed from the sums
    assert "表三“（一）予以公开”行" in cell.note and "不成立" in cell.note
    # its neighbours are not blamed; those whose other sums hold are still confirmed
    row = report.tables["applications"]["granted"]
    assert all(c.status == "ok" for k, c in row.items() if k != "natural")
    assert report.cell("applications.granted.business").confidence == CONFIRMED
    unreadable = [p for p, c in report.iter_cells() if c.status == "unreadable"]
    assert unreadable == ["applications.granted.natural"]


def test_a_lone_failing_sum_blames_its_least_confident_operand(report):
    block = report.tables["reviews"]["review"]
    _misread(report, "reviews.review.upheld", block["upheld"].value + 1, 0.97)
    report.cell("reviews.review.pending").confidence = 0.9
    verify_ocr_cells(report)
    # each 表四 cell is in one sum only: the least confident operand goes, though it was read right
    assert report.cell("reviews.review.pending").status == "unreadable"
    upheld = report.cell("reviews.review.upheld")
    assert upheld.status == "ok" and upheld.confidence == 0.97  # not confirmed: its sum cannot be evaluated
    assert report.cell("reviews.suit_direct.upheld").confidence == CONFIRMED


def test_a_lone_failing_sum_read_surely_is_left_to_the_checks(report):
    """All operands read at ≥ 0.99: most likely the report itself does not add up (real reports do)."""
    block = report.tables["reviews"]["suit_direct"]
    printed = block["total"].value + 3
    _ocr(report, 0.995)
    _misread(report, "reviews.suit_direct.total", printed, 0.995)
    verify_ocr_cells(report)
    assert all(c.status == "ok" and c.confidence == DISPUTED for c in block.values())
    assert report.value("reviews.suit_direct.total") == printed
    assert "加总不成立" in block["total"].note
    import xxgk

    assert "A4.BLOCK" in {f.rule for f in xxgk.check(report)}


def test_two_misreads_in_one_row(report):
    _misread(report, "applications.denied_secret.natural", report.value("applications.denied_secret.natural") + 2, 0.95)
    _misread(report, "applications.denied_secret.total", report.value("applications.denied_secret.total") + 5, 0.96)
    verify_ocr_cells(report)
    assert report.cell("applications.denied_secret.natural").status == "unreadable"
    assert report.cell("applications.denied_secret.total").status == "unreadable"
    assert report.cell("applications.denied_secret.business").status == "ok"


def test_cells_not_read_by_ocr_are_left_alone():
    report = make_report("2019", 2)
    _misread(report, "applications.new.natural", report.value("applications.new.natural") + 1, 1.0)
    before = report.to_dict()
    verify_ocr_cells(report)
    assert report.to_dict() == before


def test_a_blank_operand_leaves_the_sum_unevaluated(report):
    blank = report.cell("reviews.review.other")
    blank.value, blank.raw, blank.status = None, "", "blank"
    verify_ocr_cells(report)
    assert report.cell("reviews.review.upheld").confidence == 0.97  # nothing to confirm it by
    assert report.cell("reviews.review.upheld").status == "ok"
