"""render.layout: the official table grids (spans, labels, value positions) for every template."""

from __future__ import annotations

import pytest

from xxgk.model import Cell
from xxgk.model.statutory import BALANCE_NOTE, TEMPLATES, cell_paths
from xxgk.render.layout import cell_text, date_text, grid, grids, number_text, title_text


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_grids_tile_the_table_and_hold_every_cell(key):
    tpl = TEMPLATES[key]
    paths = []
    for g in grids(tpl):
        seen = {}
        for s in g.slots:
            for i in range(s.row, s.row + s.rowspan):
                for j in range(s.col, s.col + s.colspan):
                    assert (i, j) not in seen, (s, seen[(i, j)])
                    seen[(i, j)] = s
        assert len(seen) == g.n_rows * g.n_cols
        paths += [s.path for s in g.value_slots()]
    assert sorted(paths) == sorted(cell_paths(tpl))


def _at(g, row, col):
    return next(s for s in g.slots if s.row == row and s.col == col)


def test_table_three_head_and_groups_2021():
    g = grid(TEMPLATES["2021"].applications)
    assert (g.n_cols, g.n_rows, g.header_rows) == (10, 28, 3)
    note = _at(g, 0, 0)
    assert (note.text, note.rowspan, note.colspan) == (BALANCE_NOTE, 3, 3)
    assert (_at(g, 0, 3).text, _at(g, 0, 3).colspan) == ("申请人情况", 7)
    assert (_at(g, 1, 4).text, _at(g, 1, 4).colspan) == ("法人或其他组织", 5)
    assert (_at(g, 1, 3).text, _at(g, 1, 3).rowspan) == ("自然人", 2)
    results = _at(g, 5, 0)
    assert (results.text, results.rowspan) == ("三、本年度办理结果", 22)
    assert (_at(g, 7, 1).text, _at(g, 7, 1).rowspan) == ("（三）不予公开", 8)
    assert (_at(g, 23, 1).text, _at(g, 23, 1).rowspan) == ("（六）其他处理", 3)
    assert _at(g, 25, 2).text == "3.其他"
    assert (_at(g, 26, 1).text, _at(g, 26, 1).colspan) == ("（七）总计", 2)
    assert (_at(g, 27, 0).text, _at(g, 27, 0).colspan) == ("四、结转下年度继续办理", 3)
    assert _at(g, 3, 9).path == "applications.new.total"


def test_table_three_2019_single_other_row():
    g = grid(TEMPLATES["2019"].applications)
    assert g.n_rows == 26
    assert (_at(g, 23, 1).text, _at(g, 23, 1).colspan) == ("（六）其他处理", 2)
    assert _at(g, 23, 3).path == "applications.other.natural"


def test_table_four_fifteen_cells():
    g = grid(TEMPLATES["2021"].reviews)
    assert (g.n_cols, g.n_rows) == (15, 4)
    assert [(s.text, s.colspan) for s in g.rows()[0]] == [("行政复议", 5), ("行政诉讼", 10)]
    assert [(s.text, s.rowspan) for s in g.rows()[1][:5]] == [
        ("结果维持", 2), ("结果纠正", 2), ("其他结果", 2), ("尚未审结", 2), ("总计", 2)]
    assert [s.text for s in g.rows()[1][5:]] == ["未经复议直接起诉", "复议后起诉"]
    assert [s.path for s in g.rows()[3]][-1] == "reviews.suit_after_review.total"


def test_table_two_spans():
    g21 = grid(TEMPLATES["2021"].active)
    lic = g21.slot_of("active.licensing.decisions")
    assert lic.colspan == 3
    g19 = grid(TEMPLATES["2019"].active)
    assert g19.slot_of("active.fees.change").colspan == 2
    assert g19.slot_of("active.procurement.amount").colspan == 2
    assert [s.text for s in g19.rows()[0]] == ["第二十条第（一）项"]


def test_texts():
    assert number_text(18.0) == "18" and number_text(156.04) == "156.04" and number_text(-3) == "-3"
    assert cell_text(Cell(value=None, raw="", status="blank")) == ""
    assert cell_text(Cell(value=None, raw="/", status="na")) == "/"
    assert cell_text(Cell(value=None, raw="4h", status="unreadable")) == "4h"
    assert cell_text(Cell.missing()) == ""
    assert date_text("2024-01-20") == "2024年1月20日" and date_text(None) is None
    from xxgk.forms.blank import blank_report

    assert title_text(blank_report("2021", "某某局", 2025)) == "某某局2025年政府信息公开工作年度报告"
