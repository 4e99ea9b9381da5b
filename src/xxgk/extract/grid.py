"""Table grids → template cells.

Each printed row becomes a :class:`RowObs`: its label (the last label cell; group labels from merged
cells are kept as context) and its value slots. The rows of a table are then aligned to the template's
rows in order (a small Needleman–Wunsch over label similarity), so a garbled OCR label between two
good ones still lands on its row, and rows lost at a page break stay ``missing`` — nothing shifts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Generic, TypeVar

from ..ingest.document import GridCell, Table
from ..model.cell import Cell
from ..model.statutory import Column, Row, TableSpec
from .labels import clean, labels_similarity, may_reach, number_of, row_similarity, similarity
from .values import is_value_text, normalize, read_slots

_T = TypeVar("_T")
_O = TypeVar("_O")


class _memo(Generic[_T]):
    """A computed-once attribute, like functools.cached_property but without the lock that Python
    3.11's version takes on every first access (thousands of RowObs per document). A non-data
    descriptor: once the value is in the instance's ``__dict__``, attribute lookup finds it there."""

    def __init__(self, fn: Callable[[Any], _T]) -> None:
        self.fn = fn
        self.name = fn.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, cls: type | None = None) -> _T:
        if obj is None:
            return self  # type: ignore[return-value]
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass
class RowObs:
    cells: list[GridCell]  # the row's slots left to right (merged cells once per covered slot)
    label_index: int  # index of the label cell in ``cells`` (-1: no label)
    at: dict[str, Any] = field(default_factory=dict)
    # set from the two above when the row is made: every row's label and values are read
    label: str = field(init=False, repr=False, compare=False)
    values: list[GridCell] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.label = self.cells[self.label_index].text if self.label_index >= 0 else ""
        self.values = self.cells[self.label_index + 1 :]

    @_memo
    def context(self) -> list[str]:
        return [c.text for c in self.cells[: max(self.label_index, 0)] if c.text.strip()]

    @_memo
    def has_numbers(self) -> bool:
        return any(map(normalize, [c.text for c in self.values]))

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


def table_rows(table: Table) -> list[RowObs]:
    """A Table's printed rows with label/value split."""
    out: list[RowObs] = []
    if table.layout == "grid":
        matrix = table.dense()
        raw_rows: list[list[GridCell]] = []
        for i, mrow in enumerate(matrix):
            cells: list[GridCell] = []
            prev = None
            for c in mrow:
                if c is None:
                    c = GridCell(text="", row=i, col=len(cells))
                elif c is prev:
                    continue  # a horizontally merged cell counts once
                cells.append(c)
                prev = c
            raw_rows.append(cells)
    else:
        raw_rows = [list(r) for r in table.rows]
    for cells in raw_rows:
        if not cells:
            continue
        label_index = -1  # the last cell that is not a value
        for j in range(len(cells) - 1, -1, -1):
            text = cells[j].text
            # an ASCII-only text ("12", "", "/") is always a value: is_value_text calls a text a label
            # only for a CJK character in it; str.isascii() answers without the cache lookup
            if not text.isascii() and not is_value_text(text):
                label_index = j
                break
        at = dict(cells[label_index].at if label_index >= 0 else cells[0].at)
        out.append(RowObs(cells=cells, label_index=label_index, at=at))
    return out


# --- alignment --------------------------------------------------------------------------------

_SKIP_OBS_EMPTY = -0.05
_SKIP_OBS_VALUES = -0.3
_SKIP_ROW = -0.3
_SKIP_ROW_OPTIONAL = -0.02
_MATCH_BIAS = -0.35
_SKIP_OBS, _SKIP_ROW_STEP, _MATCH = 0, 1, 2  # steps of the alignment's back pointers


# What _match_score reads of a printed row and of a template row, taken once per alignment:
# (label, has_numbers, number of value slots, item number, context lines when unlabelled), None when
# the row cannot be matched at all; (labels, subtotal, item number, context counts, number of columns).
_ObsFeatures = tuple[str, bool, int, "str | None", tuple[str, ...]]
_RowFeatures = tuple[tuple[str, ...], bool, "str | None", bool, int]


def _obs_features(obs: RowObs) -> _ObsFeatures | None:
    if not obs.values or obs.label_index < 0 and not obs.has_numbers:
        return None
    return (obs.label, obs.has_numbers, len(obs.values), number_of(obs.label),
            () if obs.label else tuple(obs.context))


def _row_features(row: Row) -> _RowFeatures:
    uses_context = bool(row.subtotal or (row.number and row.number.startswith("（")))
    return (row.labels, row.subtotal, row.number, uses_context, len(row.columns))


def _match_score(obs: _ObsFeatures | None, row: _RowFeatures) -> float | None:
    if obs is None:
        return None
    label, has_numbers, n_values, num, context = obs
    labels, subtotal, number, uses_context, n_columns = row
    sim = labels_similarity(label, labels) if label else 0.0
    # a group label printed in the same row (merged cell) may carry the row's meaning: "（六）其他处理"
    # (only for an unlabelled row: ``context`` is empty otherwise)
    if uses_context:
        for ctx in context:
            sim = max(sim, labels_similarity(ctx, labels) - 0.1)
    if num and number and num == number:
        sim += 0.1
    elif num and number and num != number:
        sim -= 0.1
    if subtotal and label and sim < 0.9:
        return None  # a subtotal row must be named as such
    if sim < 0.5 and (not has_numbers or n_values < n_columns):
        return None  # an unlabelled row is placed by position only when it has the row's numbers
    return sim + _MATCH_BIAS


_DERIVED: dict[tuple[str, int], tuple[Any, Any]] = {}


def _derived(what: str, obj: _O, build: Callable[[_O], _T]) -> _T:
    """``build(obj)`` computed once per template object (a TableSpec or its rows: module constants).

    Keyed by identity, for hashing these frozen dataclasses of tuples would cost more than a build;
    the object is kept with its value, so its id cannot be reused by another object.
    """
    hit = _DERIVED.get((what, id(obj)))
    if hit is None or hit[0] is not obj:
        if len(_DERIVED) > 256:
            _DERIVED.clear()  # only templates made on the fly (tests) can get here
        hit = _DERIVED[(what, id(obj))] = (obj, build(obj))
    return hit[1]


def _label_index(rows: tuple[Row, ...]) -> dict[str, int]:
    """Cleaned template label → index of the first row printing it."""
    index: dict[str, int] = {}
    for j, r in enumerate(rows):
        for lab in r.labels:
            index.setdefault(clean(lab), j)
    return index


def _exact_alignment(obs: list[RowObs], rows: tuple[Row, ...]) -> dict[str, int] | None:
    """The common case: every row holding values is labelled exactly as a template row, in order.
    Then the alignment is plain lookup; anything else (garbled or missing labels) goes to the DP."""
    index = _derived("label_index", rows, _label_index)
    out: dict[str, int] = {}
    j = 0
    for i, o in enumerate(obs):
        k = index.get(clean(o.label)) if o.label else None
        if k is not None and k >= j and o.values:
            out[rows[k].key] = i
            j = k + 1
        elif o.has_numbers:
            return None
    if any(r.key not in out for r in rows if not r.optional):
        return None
    return out


def align(obs: list[RowObs], rows: tuple[Row, ...]) -> dict[str, int]:
    """Map template row keys to indices of ``obs`` (monotonic; unmatched rows are absent)."""
    exact = _exact_alignment(obs, rows)
    if exact is not None:
        return exact
    n, m = len(obs), len(rows)
    obs_f = [_obs_features(o) for o in obs]
    rows_f = [_row_features(r) for r in rows]
    skip_obs = [_SKIP_OBS_VALUES if o.has_numbers else _SKIP_OBS_EMPTY for o in obs]
    skip_row = [_SKIP_ROW_OPTIONAL if r.optional else _SKIP_ROW for r in rows]
    neg = float("-inf")
    dp = [[neg] * (m + 1) for _ in range(n + 1)]
    # the step into each cell: _SKIP_OBS from (i-1, j), _SKIP_ROW_STEP from (i, j-1), _MATCH from (i-1, j-1)
    back: list[list[int]] = [[-1] * (m + 1) for _ in range(n + 1)]
    dp[0][0] = 0.0
    for i in range(n + 1):
        here, back_here = dp[i], back[i]
        has_below = i < n
        below, back_below = (dp[i + 1], back[i + 1]) if has_below else (here, back_here)
        for j in range(m + 1):
            cur = here[j]
            if cur == neg:
                continue
            if has_below:
                v = cur + skip_obs[i]
                if v > below[j]:
                    below[j] = v
                    back_below[j] = _SKIP_OBS
            if j < m:
                v = cur + skip_row[j]
                if v > here[j + 1]:
                    here[j + 1] = v
                    back_here[j + 1] = _SKIP_ROW_STEP
                if has_below:
                    s = _match_score(obs_f[i], rows_f[j])
                    if s is not None and cur + s > below[j + 1]:
                        below[j + 1] = cur + s
                        back_below[j + 1] = _MATCH
    out: dict[str, int] = {}
    i, j = n, m
    while (i, j) != (0, 0):
        step = back[i][j]
        assert step >= 0
        if step == _MATCH:
            out[rows[j - 1].key] = i - 1
            i, j = i - 1, j - 1
        elif step == _SKIP_OBS:
            i -= 1
        else:
            j -= 1
    return out


# --- values -------------------------------------------------------------------------------------


def cells_from_slots(slots: list[GridCell], columns: tuple[Column, ...], row_label: str) -> dict[str, Cell]:
    """Value slots already aligned one-to-one with ``columns``."""
    return read_slots(columns, slots)


def right_aligned(obs: RowObs, columns: tuple[Column, ...]) -> dict[str, Cell]:
    """Table 三 rows: the value columns are the last N slots of the row (label cells span the rest)."""
    vals = obs.values
    n = len(columns)
    if len(vals) >= n:
        return cells_from_slots(vals[-n:], columns, obs.label)
    # fewer slots than columns: a cell was dropped and we cannot know which — keep what was printed
    return unplaceable(vals, columns, obs.at)


def unplaceable(slots: list[GridCell], columns: tuple[Column, ...], at: dict[str, Any]) -> dict[str, Cell]:
    """Fewer value slots than columns: which slot is which column is unknowable, so every cell is
    ``unreadable`` with the printed text kept — nothing is shifted into place."""
    raw = " | ".join(c.text for c in slots)
    return {
        c.key: Cell(value=None, raw=raw, status="unreadable", confidence=0.0, at=dict(at),
                    note=f"只读到 {len(slots)} 个数值格，应为 {len(columns)} 个，无法确定各格所属列")
        for c in columns
    }


ColumnLabels = tuple[tuple[str, tuple[str, ...]], ...]  # (column key, its labels) per column


def header_positions(obs: RowObs, columns: tuple[Column, ...]) -> dict[str, int]:
    """Column key → slot index, from a header row printing the column labels."""
    return _header_positions(obs, _column_labels(columns))


def _column_labels(columns: tuple[Column, ...]) -> ColumnLabels:
    return tuple((col.key, col.labels) for col in columns)


def _header_positions(obs: RowObs, columns: ColumnLabels) -> dict[str, int]:
    pos: dict[str, int] = {}
    for j, c in enumerate(obs.cells):
        key = _header_column(c.text, columns)
        if key is not None and key not in pos:
            pos[key] = j
    return pos


@lru_cache(maxsize=16384)
def _header_column(text: str, columns: ColumnLabels) -> str | None:
    """The column a header cell names (best similarity ≥ 0.6, the first of equals), if any."""
    if not clean(text):
        return None
    best, best_s = None, 0.0
    for key, labels in columns:
        # labels that cannot reach the best so far (nor 0.6) cannot change the outcome: not matched
        floor = max(best_s, 0.6)
        s = max((similarity(text, lab) for lab in labels if may_reach(text, lab, floor)), default=0.0)
        if s > best_s:
            best, best_s = key, s
    return best if best_s >= 0.6 else None


def _all_columns(spec: TableSpec) -> ColumnLabels:
    """The spec's columns, once per key (the last definition of a key, at its first place)."""
    return _column_labels(tuple({c.key: c for r in spec.rows for c in r.columns}.values()))


def read_rows(spec: TableSpec, obs: list[RowObs]) -> tuple[dict[str, dict[str, Cell]], dict[str, Any]]:
    """Generic reading for tables 二 and 三: align rows, then place values."""
    mapping = align(obs, spec.rows)
    tables: dict[str, dict[str, Cell]] = {}
    info: dict[str, Any] = {"rows": {}}
    header: dict[str, int] = {}
    header_for: dict[int, dict[str, int]] = {}
    all_cols = _derived("all_columns", spec, _all_columns)
    for i, o in enumerate(obs):
        if not o.has_numbers:
            pos = _header_positions(o, all_cols)
            if pos:
                header = pos
        header_for[i] = header
    for row in spec.rows:
        idx = mapping.get(row.key)
        if idx is None:
            if not row.optional:
                tables[row.key] = {c.key: Cell.missing() for c in row.columns}
            continue
        o = obs[idx]
        sim = row_similarity(o.label, row) if o.label else 0.0
        info["rows"][row.key] = {"label": o.label, "at": o.at, "similarity": round(sim, 3)}
        if spec.key == "applications":
            cells = right_aligned(o, row.columns)
        else:
            cells = _left_or_header(o, row.columns, header_for.get(idx, {}))
        if sim < 0.999 and o.label:
            for cell in cells.values():
                if cell.status == "ok" and sim < 0.6:
                    # the row was placed by its position between recognised rows, not by its label
                    cell.confidence = min(cell.confidence, 0.8)
                    cell.note = (cell.note + "；" if cell.note else "") + f"行标签“{o.label}”按位置匹配"
            if sim >= 0.6 and clean(o.label) not in (clean(lab) for lab in row.labels):
                info["rows"][row.key]["repaired_from"] = o.label
        tables[row.key] = cells
    return tables, info


def _left_or_header(obs: RowObs, columns: tuple[Column, ...], header: dict[str, int]) -> dict[str, Cell]:
    if header and all(c.key in header for c in columns) and all(
        header[c.key] < len(obs.cells) and header[c.key] > obs.label_index for c in columns
    ):
        return cells_from_slots([obs.cells[header[c.key]] for c in columns], columns, obs.label)
    vals = list(obs.values)
    n = len(columns)
    while len(vals) > n and not normalize(vals[-1].text):
        vals.pop()
    if len(vals) == n:
        return cells_from_slots(vals, columns, obs.label)
    if len(vals) > n:
        return cells_from_slots(vals[-n:], columns, obs.label)
    return unplaceable(vals, columns, obs.at)
