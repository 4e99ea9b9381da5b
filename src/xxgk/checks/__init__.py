"""The rules of the contract §7, run on a Report: ``run_checks(report, prev=None) -> list[Finding]``.

One module per family — arithmetic (A3.*, A4.*), numbers (N.*), structure (S.*), crossyear (X.*,
P.OUTLIER), text (T.*), plausibility (P.*) — each registering its checks with :func:`register`, the
same way an outside check would. The rule ids, severities and summaries live in
:data:`xxgk.model.rules.RULES`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.finding import Finding
from ..model.report import Report
from ..model.rules import RULES
from . import arithmetic, crossyear, numbers, plausibility, structure, text  # noqa: F401  (registration)
from .base import CHECKS, Check, one_run, register

__all__ = ["CHECKS", "Check", "register", "run_checks"]


def run_checks(report: Report, prev: Report | None = None, *, rules: Iterable[str] | None = None) -> list[Finding]:
    """Every registered check on ``report``; cross-year checks only when ``prev`` (last year's report
    of the same agency) is given; only the checks raising ``rules`` when given (their other rules'
    findings are dropped). Findings come in the order of the rule catalogue."""
    wanted = set(rules) if rules is not None else None
    findings: list[Finding] = []
    with one_run():  # the checks share what they derive from the (unchanging) reports
        for check in CHECKS:
            if check.cross_year and prev is None:
                continue
            if wanted is not None and not wanted & set(check.rules):
                continue
            findings.extend(check.func(report, prev))
    if wanted is not None:
        findings = [f for f in findings if f.rule in wanted]
    return sorted(findings, key=lambda f: _ORDER.get(f.rule, len(_ORDER)))


# Findings are sorted by the rule catalogue (static data).
_ORDER = {rule.id: i for i, rule in enumerate(RULES)}
