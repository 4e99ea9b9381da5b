"""The report model (contract §6): source, meta, six sections, tables 二/三/四, findings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .cell import Cell
from .finding import Finding
from .statutory import SECTION_KEYS, TEMPLATES, Template

SCHEMA = "xxgk.report/1"
TABLE_KEYS = ("active", "applications", "reviews")


@dataclass
class Meta:
    agency: str | None = None
    year: int | None = None
    template: str = "unknown"  # 2019 | 2021 | 2021-hybrid | pre-2019 | unknown
    published_on: str | None = None  # ISO date
    level: str | None = None  # e.g. 县级政府, 市级部门
    tier: str | None = None  # 省 | 市 | 县 | 乡
    body: str | None = None  # government | department
    # where each field was found (line/page and the text), for provenance
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "published_on": self.published_on,
            "level": self.level,
            "tier": self.tier,
            "body": self.body,
            "evidence": self.evidence,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Meta:
        return cls(**{k: d.get(k) for k in ("agency", "year", "published_on", "level", "tier", "body")},
                   template=d.get("template") or "unknown", evidence=dict(d.get("evidence") or {}))


Tables = dict[str, dict[str, dict[str, Cell]]]


@dataclass
class Report:
    source: dict[str, Any] = field(default_factory=dict)
    meta: Meta = field(default_factory=Meta)
    sections: dict[str, str | None] = field(default_factory=lambda: {k: None for k in SECTION_KEYS})
    tables: Tables = field(default_factory=lambda: {k: {} for k in TABLE_KEYS})
    findings: list[Finding] = field(default_factory=list)
    # What the extractor decided (row mapping, repairs), kept for inspection; not part of the contract.
    extraction: dict[str, Any] = field(default_factory=dict)
    # Full text of the report body (for text checks), with line numbers where known.
    text: str = ""
    section_order: list[str] = field(default_factory=list)  # section keys in printed order
    section_headings: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> {text, number, at}

    # --- access ---------------------------------------------------------------------------
    @property
    def template(self) -> Template | None:
        return TEMPLATES.get(self.meta.template)

    def cell(self, path: str) -> Cell | None:
        table, row, col = path.split(".")
        return self.tables.get(table, {}).get(row, {}).get(col)

    def value(self, path: str) -> int | float | None:
        c = self.cell(path)
        return c.value if c is not None and c.known else None

    def set_cell(self, path: str, cell: Cell) -> None:
        table, row, col = path.split(".")
        self.tables.setdefault(table, {}).setdefault(row, {})[col] = cell

    def iter_cells(self) -> Iterator[tuple[str, Cell]]:
        for table, rows in self.tables.items():
            for row, cols in rows.items():
                for col, cell in cols.items():
                    yield f"{table}.{row}.{col}", cell

    def has_table(self, key: str) -> bool:
        rows = self.tables.get(key) or {}
        return any(c.status != "missing" for cols in rows.values() for c in cols.values())

    # --- serialisation --------------------------------------------------------------------
    def to_dict(self, *, extraction: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "schema": SCHEMA,
            "source": self.source,
            "meta": self.meta.to_dict(),
            "sections": dict(self.sections),
        }
        for key in TABLE_KEYS:
            d[key] = {
                row: {col: cell.to_dict() for col, cell in cols.items()}
                for row, cols in self.tables.get(key, {}).items()
            }
        d["findings"] = [f.to_dict() for f in self.findings]
        if extraction:
            d["extraction"] = self.extraction
        return d

    def to_json(self, **kw: Any) -> str:
        return json.dumps(self.to_dict(**kw), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        if d.get("schema") != SCHEMA:
            raise ValueError(f"not an {SCHEMA} object")
        r = cls(source=dict(d.get("source") or {}), meta=Meta.from_dict(d.get("meta") or {}))
        r.sections = {k: (d.get("sections") or {}).get(k) for k in SECTION_KEYS}
        for key in TABLE_KEYS:
            r.tables[key] = {
                row: {col: Cell.from_dict(c) for col, c in cols.items()}
                for row, cols in (d.get(key) or {}).items()
            }
        r.findings = [Finding.from_dict(f) for f in d.get("findings") or []]
        return r

    def values(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Plain values (like a truth file): table -> row -> column -> value or None."""
        return {
            key: {row: {col: c.value for col, c in cols.items()} for row, cols in self.tables.get(key, {}).items()}
            for key in TABLE_KEYS
        }
