"""Every single-cell error in tables 三 and 四 is caught.

For each report whose tables 三 and 四 hold (no evaluable arithmetic error), every known cell is changed
by +1 and by −1 — every mutation, not a sample — and the checks must raise an evaluable error each time.
A cell that no evaluable identity covers (all its relations have a blank operand, e.g. 表四 of
002_c55287cddfd0e5ff where only two totals are printed) cannot betray a +1; those cells are counted
and, for reports with no blank or missing cell in 三/四, required to be none.
"""

from __future__ import annotations

import pytest
from synthetic import make_report
from truthfiles import TRUTHS, requires_corpus

from xxgk.checks import run_checks
from xxgk.checks.arithmetic import identities
from xxgk.model import RULES
from xxgk.model.rules import ARITHMETIC_RULES

ERROR_RULES = tuple(r.id for r in RULES if r.severity == "error")
TABLES = ("applications", "reviews")


def errors(report) -> set[tuple[str, str]]:
    return {(f.rule, f.message) for f in run_checks(report, rules=ERROR_RULES) if f.evaluable and f.severity == "error"}


def consistent(report) -> bool:
    return not any(f.evaluable and f.severity == "error" and f.rule in ARITHMETIC_RULES for f in run_checks(report))


def known_cells(report) -> list[str]:
    return [p for p, c in report.iter_cells() if p.split(".")[0] in TABLES and c.known]


def covered_cells(report) -> set[str]:
    """Cells in at least one identity whose operands are all known."""
    out: set[str] = set()
    for ident in identities(report):
        if all(report.cell(p) is not None and report.cell(p).known for p in ident.cells):
            out.update(ident.cells)
    return out


def mutate_all(report) -> tuple[int, list[str]]:
    """Apply every ±1 mutation to every covered known cell; return (mutations, those not caught).

    A mutation is caught when it raises an evaluable error the unmutated report does not have (a
    truth report may already carry S.ROWS for rows its source lacks)."""
    assert consistent(report), "tables 三/四 must hold before mutation"
    baseline = errors(report)
    covered = covered_cells(report)
    missed, n = [], 0
    for path in known_cells(report):
        if path not in covered:
            continue
        cell = report.cell(path)
        original = cell.value
        for delta in (1, -1):
            cell.value = original + delta
            n += 1
            if not errors(report) - baseline:
                missed.append(f"{path}{delta:+d}")
        cell.value = original
    assert errors(report) == baseline
    return n, missed


def all_known(report) -> bool:
    return all(c.known for p, c in report.iter_cells() if p.split(".")[0] in TABLES)


@requires_corpus
@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: t.name)
def test_truth_reports(truth):
    report = truth.report()
    if not consistent(report):
        assert truth.expected & set(ARITHMETIC_RULES), "inconsistent tables must be an expected finding"
        pytest.skip(f"{truth.name}: tables 三/四 break {sorted(truth.expected & set(ARITHMETIC_RULES))}")
    n, missed = mutate_all(report)
    assert missed == []
    uncovered = set(known_cells(report)) - covered_cells(report)
    if all_known(report):
        assert uncovered == set()
        assert n == 2 * len(known_cells(report))
    assert n > 0 or not known_cells(report)


@requires_corpus
def test_most_truth_reports_are_mutated():
    assert sum(consistent(t.report()) for t in TRUTHS) >= len(TRUTHS) - 1


@pytest.mark.parametrize("template", ["2019", "2021", "2021-hybrid"])
@pytest.mark.parametrize("subtotals", [False, True])
@pytest.mark.parametrize("seed", [0, 1])
def test_synthetic_reports(template, subtotals, seed):
    report = make_report(template, seed, subtotals=subtotals)
    assert all_known(report)
    n, missed = mutate_all(report)
    assert missed == []
    assert n == 2 * len(known_cells(report))
    rows = len(report.tables["applications"])
    assert n == 2 * (rows * 7 + 15)
