"""Every real report in ../shared/corpus reproduces its truth file (read the truth files' notes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import xxgk
from xxgk.model.rules import ARITHMETIC_RULES

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TRUTHS = sorted(CORPUS.glob("**/*.truth.json"))

pytestmark = pytest.mark.skipif(not TRUTHS, reason="../shared/corpus is not beside the checkout")


def _truth(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parsed():
    cache: dict[Path, xxgk.Report] = {}

    def get(tp: Path) -> xxgk.Report:
        if tp not in cache:
            cache[tp] = xxgk.parse(tp.with_name(_truth(tp)["file"]))
        return cache[tp]

    return get


@pytest.mark.parametrize("tp", TRUTHS, ids=[t.name.removesuffix(".truth.json") for t in TRUTHS])
def test_cells_equal_truth(tp, parsed):
    truth = _truth(tp)
    report = parsed(tp)
    uncertain = set(truth.get("uncertain", []))
    wrong = []
    for table in ("active", "applications", "reviews"):
        for row, cols in truth.get(table, {}).items():
            for col, want in cols.items():
                path = f"{table}.{row}.{col}"
                cell = report.cell(path)
                assert cell is not None, f"{path} absent from the report"
                if path in uncertain:
                    # an uncertain cell may be left unread, but a value read must not contradict the truth
                    if want is None:
                        assert cell.value is None, path
                    continue
                if cell.value != want:
                    wrong.append(f"{path}: {cell.value!r} ({cell.status}, raw {cell.raw!r}) != {want!r}")
                elif want is not None:
                    assert cell.status == "ok", path
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("tp", TRUTHS, ids=[t.name.removesuffix(".truth.json") for t in TRUTHS])
def test_no_value_where_truth_has_none(tp, parsed):
    truth = _truth(tp)
    report = parsed(tp)
    for path in truth.get("blank", []):
        cell = report.cell(path)
        assert cell.value is None and cell.status in ("blank", "na", "missing", "unreadable"), path
    for prefix in truth.get("not_in_source", []):
        table, row = prefix.split(".")[:2]
        cells = report.tables[table].get(row, {})
        assert cells, f"{prefix}: the template row must be present as missing cells"
        for col, cell in cells.items():
            assert cell.value is None and cell.status == "missing", f"{prefix}.{col}"


@pytest.mark.parametrize("tp", TRUTHS, ids=[t.name.removesuffix(".truth.json") for t in TRUTHS])
def test_inferred_cells_are_marked(tp, parsed):
    truth = _truth(tp)
    report = parsed(tp)
    for path in truth.get("inferred", []):
        cell = report.cell(path)
        assert cell.confidence < 1, f"{path} was inferred but has confidence {cell.confidence}"


@pytest.mark.parametrize("tp", TRUTHS, ids=[t.name.removesuffix(".truth.json") for t in TRUTHS])
def test_meta(tp, parsed):
    truth = _truth(tp)
    report = parsed(tp)
    for key in ("agency", "year", "template"):
        assert getattr(report.meta, key) == truth["meta"][key], key
    if "published_on" in truth["meta"]:
        assert report.meta.published_on == truth["meta"]["published_on"]


@pytest.mark.parametrize("tp", TRUTHS, ids=[t.name.removesuffix(".truth.json") for t in TRUTHS])
def test_findings(tp, parsed):
    truth = _truth(tp)
    report = parsed(tp)
    raised = {f.rule for f in report.findings if f.evaluable}
    for rule in truth.get("expected_findings", []):
        assert rule in raised, f"expected {rule}; raised {sorted(raised)}"
    unexpected = [
        f"{f.rule}: {f.message}"
        for f in report.findings
        if f.evaluable and f.severity == "error" and f.rule in ARITHMETIC_RULES
        and f.rule not in truth.get("expected_findings", [])
    ]
    assert not unexpected, "\n".join(unexpected)


def test_cross_year_hongze():
    """洪泽区 2024 against 2023: 结转 and 现行有效件数 carry over (X.CARRY / X.IN_FORCE hold)."""
    a = CORPUS / "real" / "001_huaian_hongze_qu_2023.pdf"
    b = CORPUS / "real" / "002_huaian_hongze_qu_2024.pdf"
    if not (a.exists() and b.exists()):
        pytest.skip("corpus PDFs absent")
    report = xxgk.parse(b, prev=a)
    rules = {f.rule for f in report.findings if f.evaluable}
    assert "X.CARRY" not in rules
    assert "X.IN_FORCE" not in rules
