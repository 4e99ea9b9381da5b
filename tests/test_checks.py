"""run_checks, the check registry, and every truth report of the shared corpus."""

from __future__ import annotations

import re

import pytest
from synthetic import make_pair, make_report, set_cell
from truthfiles import TRUTHS, requires_corpus

import xxgk
from xxgk.checks import CHECKS, register, run_checks
from xxgk.model import RULES, Finding
from xxgk.model.rules import ARITHMETIC_RULES

# Rules a truth file decides from its values and meta alone. Not decidable without the source:
# N.NOT_NUMBER (raw text), S.SECTIONS and T.* (text), P.FEE_NOTE (section 六), X.* and P.OUTLIER (last year).
DECIDABLE = {*ARITHMETIC_RULES, "N.BLANK", "S.ROWS", "S.TEMPLATE", "S.META", "P.RULES_AUTHORITY", "P.DEADLINE"}
JSON_PATH = re.compile(r"\b(?:active|applications|reviews)\.\w+\.\w+")


def raised(findings):
    return {f.rule for f in findings if f.evaluable}


@requires_corpus
def test_corpus_has_truth_files():
    assert len(TRUTHS) >= 10


@requires_corpus
@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: t.name)
def test_truth_report_raises_exactly_its_expected_decidable_rules(truth):
    findings = run_checks(truth.report())
    assert raised(findings) & DECIDABLE == truth.expected & DECIDABLE
    unexpected = [f for f in findings if f.evaluable and f.severity == "error" and f.rule in ARITHMETIC_RULES
                  and f.rule not in truth.expected]
    assert unexpected == []
    for f in findings:
        assert not JSON_PATH.search(f.message), f.message
        assert f.severity == ("info" if not f.evaluable else next(r.severity for r in RULES if r.id == f.rule))


@requires_corpus
def test_truth_publisher_error_is_found_twice():
    # 001_huaian_hongze_qu_2023: 行政复议 and 复议后起诉 totals printed 0
    truth = next(t for t in TRUTHS if t.name == "001_huaian_hongze_qu_2023")
    blocks = [f.message.split("：")[0] for f in run_checks(truth.report()) if f.rule == "A4.BLOCK"]
    assert blocks == ["表四“行政复议”栏", "表四“行政诉讼·复议后起诉”栏"]


def test_every_rule_of_the_catalogue_has_a_check():
    registered = {rule for check in CHECKS for rule in check.rules}
    assert registered == {r.id for r in RULES}


def test_checks_are_documented():
    for check in CHECKS:
        assert check.func.__doc__, check.name


def test_outside_check_registers_like_a_builtin():
    @register("X.TEST_EXTRA")
    def extra(report, prev):
        if report.meta.agency and "样例" in report.meta.agency:
            yield Finding("X.TEST_EXTRA", "info", "样例机关")

    try:
        found = run_checks(make_report("2021", 0))
        assert [f.message for f in found if f.rule == "X.TEST_EXTRA"] == ["样例机关"]
        assert found[-1].rule == "X.TEST_EXTRA"  # unknown rules sort after the catalogue
    finally:
        CHECKS[:] = [c for c in CHECKS if c.func is not extra]
    assert all(f.rule != "X.TEST_EXTRA" for f in run_checks(make_report("2021", 0)))


def test_findings_follow_the_catalogue_order():
    r = make_report("2021", 1)
    set_cell(r, "applications.new.natural", status="blank")
    r.meta.agency = None
    r.meta.template = "2021-hybrid"
    order = [r_.id for r_ in RULES]
    rules = [f.rule for f in run_checks(r)]
    assert rules == sorted(rules, key=order.index)
    assert {"A3.BALANCE", "N.BLANK", "S.META", "S.TEMPLATE"} <= set(rules)


def test_rules_filter():
    r = make_report("2021", 1)
    set_cell(r, "applications.new.natural", status="blank")
    assert {f.rule for f in run_checks(r, rules=["N.BLANK"])} == {"N.BLANK"}


def test_xxgk_check_runs_cross_year_rules_with_prev():
    prev, report = make_pair("2021", 2)
    set_cell(report, "applications.carried_over.total", 99)
    assert "X.CARRY" in raised(xxgk.check(report, prev=prev))
    assert "X.CARRY" not in raised(xxgk.check(report))


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_clean_synthetic_report_has_no_findings_at_all(template):
    prev, report = make_pair(template, 3)
    assert [f for f in run_checks(report, prev) if f.rule != "P.OUTLIER"] == []
