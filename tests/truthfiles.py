"""The answer files of the shared corpus (``../shared/corpus/**/*.truth.json``) as Reports.

A truth file holds the values a person read off a real report: ``meta``, tables ``active`` /
``applications`` / ``reviews`` (row → column → value or null), ``blank`` (cell paths printed empty),
``not_in_source`` (``table.row`` absent from the source), ``uncertain`` and ``inferred`` cell paths, and
``expected_findings`` (rule ids). :func:`report_from_truth` builds a Report of those values:

- a value → status ``ok`` (confidence 0.5 when uncertain, 0.9 when inferred);
- null → ``blank`` when its path is in ``blank``, else ``missing``;
- rows in ``not_in_source``, and template rows the truth does not list → every cell ``missing``.

Usage in a test::

    from truthfiles import TRUTHS, requires_corpus

    @requires_corpus
    @pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: t.name)
    def test_x(truth):
        report = truth.report()
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest

from xxgk.model import TEMPLATES, Cell, Meta, Report
from xxgk.model.report import TABLE_KEYS

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"

requires_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")


@dataclass
class Truth:
    path: Path
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name.removesuffix(".truth.json")

    @property
    def source(self) -> Path:
        """The report file the truth describes (next to it)."""
        return self.path.with_name(self.data.get("file") or self.name)

    @property
    def expected(self) -> set[str]:
        return set(self.data.get("expected_findings") or [])

    @cached_property
    def _report(self) -> Report:
        return report_from_truth(self.data)

    def report(self) -> Report:
        """A fresh Report of the truth's values (safe to mutate)."""
        return Report.from_dict(self._report.to_dict())


def truth_paths(corpus: Path = CORPUS) -> list[Path]:
    return sorted(corpus.glob("**/*.truth.json")) if corpus.is_dir() else []


def load_truths(corpus: Path = CORPUS) -> list[Truth]:
    return [Truth(p, json.loads(p.read_text(encoding="utf-8"))) for p in truth_paths(corpus)]


def _cell(value: Any, path: str, blank: set[str], uncertain: set[str], inferred: set[str]) -> Cell:
    if value is None:
        return Cell(value=None, raw="" if path in blank else None, status="blank" if path in blank else "missing")
    confidence = 0.5 if path in uncertain else 0.9 if path in inferred else 1.0
    return Cell(value=value, raw=str(value), status="ok", confidence=confidence, note="truth")


def report_from_truth(truth: dict[str, Any]) -> Report:
    """A Report holding a truth file's values, meta and cell statuses (no text, no sections)."""
    meta = truth.get("meta") or {}
    report = Report(
        source={"file": truth.get("file"), "format": Path(truth.get("file") or "").suffix.lstrip(".") or None},
        meta=Meta(agency=meta.get("agency"), year=meta.get("year"), template=meta.get("template") or "unknown",
                  published_on=meta.get("published_on"), tier=meta.get("tier"), body=meta.get("body")),
    )
    blank = set(truth.get("blank") or [])
    uncertain = set(truth.get("uncertain") or [])
    inferred = set(truth.get("inferred") or [])
    absent = set(truth.get("not_in_source") or [])
    template = TEMPLATES.get(report.meta.template)
    for table in TABLE_KEYS:
        given = truth.get(table) or {}
        spec_rows = template.table(table).rows if template else ()
        rows: dict[str, dict[str, Cell]] = {}
        for row in spec_rows:
            if row.key not in given and row.subtotal:
                continue  # subtotals are optional: absent, not missing
            values = {} if f"{table}.{row.key}" in absent else given.get(row.key) or {}
            rows[row.key] = {
                col.key: _cell(values.get(col.key), f"{table}.{row.key}.{col.key}", blank, uncertain, inferred)
                for col in row.columns
            }
        for row_key, values in given.items():  # rows the template does not know (unknown template)
            if row_key not in rows:
                rows[row_key] = {c: _cell(v, f"{table}.{row_key}.{c}", blank, uncertain, inferred)
                                 for c, v in values.items()}
        report.tables[table] = rows
    return report


TRUTHS: list[Truth] = load_truths()
