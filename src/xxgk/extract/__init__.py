"""Document → Report: sections, metadata, template, tables 二/三/四.

The steps are kept apart so each can be inspected (``report.extraction`` records what was decided):
headings and section texts (:mod:`.sections`), metadata (:mod:`.meta`), table rows aligned to the
template (:mod:`.grid`) or, for text with no table structure, recovered from glued runs (:mod:`.glued`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..errors import NotAReport
from ..ingest.document import Document, Paragraph, Table
from ..model.cell import Cell
from ..model.report import Report
from ..model.statutory import (
    ACTIVE_2019,
    ACTIVE_2021,
    APPLICATIONS_2021,
    PRE2019_MARKERS,
    REVIEWS,
    SECTION_KEYS,
    TEMPLATES,
    TableSpec,
    template_for_year,
)
from . import glued
from .grid import RowObs, cells_from_slots, read_rows, right_aligned, table_rows, unplaceable
from .labels import similar_at_least
from .meta import extract_meta, signature_blocks
from .sections import is_page_number, layout
from .values import is_value_text, normalize, to_number
from .verify import verify_ocr_cells

TABLE_SECTIONS = ("active", "applications", "reviews")
def _label_core(label: str) -> str:
    """A printed label without its parenthetical part, normalised: "本年收费金额（单位：万元）" → "本年收费金额"."""
    return normalize(re.sub(r"[（(].*?[)）]", "", label))


def _column_labels(spec: TableSpec) -> set[str]:
    return {_label_core(c.label) for r in spec.rows for c in r.columns}


# What tells the templates apart, derived from the templates themselves: table 二's column headings
# (and the rows only 2019 has), and table 三's split （六） rows.
_SIGNALS_2021 = tuple(sorted(_column_labels(ACTIVE_2021) - _column_labels(ACTIVE_2019)))
_SIGNALS_2019 = tuple(sorted((_column_labels(ACTIVE_2019) - _column_labels(ACTIVE_2021))
                             | {_label_core(r.label) for r in ACTIVE_2019.rows if r.key not in ACTIVE_2021.row_keys}))
_SPLIT_OTHER = tuple(_label_core(a) for k in ("other_no_correction", "other_unpaid_fee")
                     for a in APPLICATIONS_2021.row(k).aliases)


def extract(doc: Document) -> Report:
    lay = layout(doc, exclude=signature_blocks(doc))
    report = Report(source=dict(doc.source))
    paragraphs = [(b.text, b.at) for b in doc.blocks if isinstance(b, Paragraph) and not is_page_number(b.text)]
    report.text = "\n".join(t for t, _ in paragraphs)
    for key in SECTION_KEYS:
        report.sections[key] = lay.texts.get(key) or None
    report.section_order = [h.key for h in lay.headings]
    report.section_headings = {
        h.key: {"text": h.text, "number": h.number, "at": h.at} for h in lay.headings
    }

    # --- metadata ---
    head = [(t, doc.blocks[bi].at) for bi, t in lay.preamble] or paragraphs[:8]
    report.meta = extract_meta(head, paragraphs[-6:], doc.properties)

    # --- table rows, by table ---
    obs: dict[str, list[RowObs]] = {k: [] for k in TABLE_SECTIONS}
    placed: list[dict[str, Any]] = []
    for bi, block in enumerate(doc.blocks):
        if not isinstance(block, Table):
            continue
        rows = table_rows(block)
        key = _classify(rows, lay.block_section.get(bi))
        placed.append({"block": bi, "table": key, "rows": len(rows), "at": block.at})
        if key:
            obs[key].extend(rows)
    report.extraction["tables"] = placed

    # --- template ---
    tpl_key = _detect_template(obs, lay.texts, report.text, report.meta.year)
    report.meta.template = tpl_key
    report.extraction["template"] = tpl_key
    if tpl_key == "unknown" and "信息公开" not in normalize(report.text):
        raise NotAReport("文件中没有“政府信息公开”的内容，也没有年报表格，不像是政府信息公开工作年度报告",
                         doc.source.get("file"))
    if tpl_key not in TEMPLATES:
        return report  # pre-2019 / unknown: recognised, not forced into a template
    tpl = TEMPLATES[tpl_key]

    # --- tables ---
    facts: dict[str, dict[str, int]] | None = None  # numbers stated in the text, for glued tables only
    for key in TABLE_SECTIONS:
        spec = tpl.table(key)
        section_text = lay.texts.get(key) or ""
        if obs[key]:
            if key == "reviews":
                cells = _read_reviews_grid(obs[key], spec)
                info: dict[str, Any] = {"source": "grid"}
            else:
                cells, info = read_rows(spec, obs[key])
                info["source"] = "grid"
        else:
            if facts is None:
                facts = glued.text_facts(report.text)
            cells, info = _read_glued(key, spec, section_text, lay, doc, facts)
        report.tables[key] = _complete(spec, cells)
        report.extraction[key] = info
    verify_ocr_cells(report)  # OCR'd numbers confirmed or doubted by the sums of tables 三/四
    return report


def _complete(spec: TableSpec, cells: dict[str, dict[str, Cell]]) -> dict[str, dict[str, Cell]]:
    """Every template row and column present, in template order; absent ones ``missing``."""
    out: dict[str, dict[str, Cell]] = {}
    for row in spec.rows:
        got = cells.get(row.key)
        if got is None:
            if row.optional:
                continue
            got = {}
        out[row.key] = {c.key: got.get(c.key) or Cell.missing() for c in row.columns}
    return out


def _classify(rows: list[RowObs], section: str | None) -> str | None:
    """Which table a grid belongs to: by its rows' labels, else by the section it sits in."""
    score = {"active": 0.0, "applications": 0.0, "reviews": 0.0}
    for o in rows:
        parts = []
        for c in o.cells:
            norm, key = _cell_vote(c.text)
            if key:
                score[key] += 1
            parts.append(norm)
        # the texts normalised one by one (cached) and joined. For the all-CJK phrases looked for below
        # this is normalize() of the joined texts: NFKC never composes a CJK ideograph with a neighbour
        # (they are stable code points), and whitespace goes character by character
        joined = "".join(parts)
        if "结果维持" in joined or "尚未审结" in joined:
            score["reviews"] += 2
        if "信息内容" in joined or "第二十条" in joined:
            score["active"] += 2
        if "申请人情况" in joined or "自然人" in joined:
            score["applications"] += 2
    best_key = max(score, key=lambda k: score[k])
    if score[best_key] >= 2:
        if section in TABLE_SECTIONS and score[section] >= score[best_key] * 0.5:
            return section
        return best_key
    return section if section in TABLE_SECTIONS else None


_TABLE_ROWS = (("active", (ACTIVE_2019, ACTIVE_2021)), ("applications", (APPLICATIONS_2021,)), ("reviews", (REVIEWS,)))


@lru_cache(maxsize=16384)
def _cell_vote(text: str) -> tuple[str, str | None]:
    """A grid cell's text for _classify: normalised, and the table it names a row of (None for values);
    a blank text counts for nothing."""
    if not text.strip():
        return "", None
    return normalize(text), None if is_value_text(text) else _table_of_label(text)


@lru_cache(maxsize=16384)
def _table_of_label(text: str) -> str | None:
    """The table whose row label this printed text is (similarity ≥ 0.85), if any."""
    for key, specs in _TABLE_ROWS:
        # a row's similarity is its best label's
        if any(similar_at_least(text, lab, 0.85) for s in specs for r in s.rows for lab in r.labels):
            return key
    return None


def _detect_template(obs: dict[str, list[RowObs]], texts: dict[str, str], full_text: str,
                     year: int | None) -> str:
    def joined(key: str) -> str:
        if obs[key]:
            return normalize("".join([c.text for o in obs[key] for c in o.cells]))
        return normalize(texts.get(key) or "")

    active = joined("active")
    apps = joined("applications")
    everything = normalize(full_text) + active + apps
    old = sum(s in everything for s in PRE2019_MARKERS)
    if old >= 2 and not any(s in everything for s in (*_SIGNALS_2021, *_SPLIT_OTHER, "申请人情况")):
        return "pre-2019"
    a21 = sum(s in active for s in _SIGNALS_2021)
    a19 = sum(s in active for s in _SIGNALS_2019)
    active_kind = "2021" if a21 > a19 else "2019" if a19 > a21 else None
    if apps:
        split = any(s in apps for s in _SPLIT_OTHER)
        apps_kind = "2021" if split else ("2019" if "其他处理" in apps or "总计" in apps else None)
    else:
        apps_kind = None
    if active_kind is None and apps_kind is None:
        if year is not None and year <= 2018:
            return "pre-2019"
        if not active and not apps:
            return "unknown"
        return template_for_year(year).key
    if active_kind == "2021" and apps_kind == "2019":
        return "2021-hybrid"
    if active_kind == "2021" or apps_kind == "2021":
        return "2021"
    if year is not None and year <= 2018 and not (a19 or apps_kind):
        return "pre-2019"
    return "2019"


def _read_reviews_grid(obs: list[RowObs], spec: TableSpec) -> dict[str, dict[str, Cell]]:
    cols = spec.rows[0].columns
    n = len(cols)
    out: dict[str, dict[str, Cell]] = {}
    # layout with one row per block ("行政复议 | 0 0 0 0 0")
    for o in obs:
        if not o.label or not o.has_numbers:
            continue
        for row in spec.rows:
            if row.key not in out and len(o.values) >= n and any(similar_at_least(o.label, lab, 0.85)
                                                                 for lab in row.labels):
                out[row.key] = right_aligned(o, cols)
    if len(out) == len(spec.rows):
        return out
    # the official layout: two header rows, then one row of 15 values
    data_rows = [o for o in obs if _numeric_share(o) >= 0.6 or (o.label_index < 0 and o.has_numbers)]
    slots = [c for o in data_rows for c in (o.cells if o.label_index < 0 or _numeric_share(o) >= 0.6 else o.values)]
    total = n * len(spec.rows)
    if not slots:
        return {}
    if len(slots) > total:
        nonempty = [c for c in slots if normalize(c.text)]
        slots = nonempty if len(nonempty) == total else slots[-total:]
    if len(slots) < total:
        return {r.key: unplaceable(slots, cols, slots[0].at) for r in spec.rows}
    for bi, row in enumerate(spec.rows):
        out[row.key] = cells_from_slots(slots[bi * n : (bi + 1) * n], cols, row.label)
    return out


def _numeric_share(o: RowObs) -> float:
    texts = [normalize(c.text) for c in o.cells]
    nonempty = [t for t in texts if t]
    if len(nonempty) < 3:
        return 0.0
    return sum(1 for t in nonempty if to_number(t) is not None) / len(nonempty)


def _read_glued(key: str, spec: TableSpec, section_text: str, lay, doc: Document,
                facts: dict[str, dict[str, int]]) -> tuple[dict[str, dict[str, Cell]], dict[str, Any]]:
    """Tables with no grid: find the rows in the section's text (one run of labels and digits)."""
    frags = lay.fragments.get(key) or []
    info: dict[str, Any] = {"source": "text"}
    if not frags:
        return {}, info
    # work on the fragment that holds the table (the longest run of labels)
    cells: dict[str, dict[str, Cell]] = {}
    for bi, text, offset in frags:
        base_at = dict(doc.blocks[bi].at)
        if key == "reviews":
            found = glued.review_run(text)
            if found is None:
                continue
            run, off = found
            at = dict(base_at, offset=offset + off)
            cells = glued.read_reviews(run, spec, at)
            info["run"] = run
            break
        runs = glued.find_runs(text, spec, base_at)
        if len(runs) < max(2, len(spec.rows) // 3):
            continue
        for r in runs:
            r.at["offset"] = r.at.get("offset", 0) + offset
        if key == "applications":
            cells = glued.read_applications(runs, spec)
        else:
            cells = glued.read_active(runs, facts)
        info["runs"] = {r.row.key: r.text for r in runs}
        break
    return cells, info


__all__ = ["extract"]
