"""Tables flattened into one line of text (web pages saved by a crawler).

A crawler's text of a web page prints a whole table as one run: row labels followed by the row's
numbers, with the digits of adjacent cells glued together ("一、本年新收政府信息公开申请数量713000074").
We find the template's row labels in order, take the number run after each, and recover the cells by a
small constraint search over the ways to split the digits: table 三's row sum (总计 = six applicant
columns), its column rules (A3.RESULTS, A3.BALANCE), table 四's block sums, and numbers stated in the text.
Every cell so recovered is marked inferred (confidence < 1). Where more than one split satisfies every
rule the cell is ``unreadable`` with the candidates — never a silent guess.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model.cell import Cell
from ..model.statutory import RESULT_GROUPS, Row, TableSpec
from .values import normalize, parse_cell

INFERRED_CONFIDENCE = 0.9
MAX_CANDIDATES = 20000
# No count in these tables has more than 7 digits (淮安市's 3,985,758 行政处罚 is 7); the cap keeps the
# search over splits small for long runs.
MAX_DIGITS = 7


@dataclass
class Run:
    row: Row
    text: str  # the number run as printed (spaces kept)
    at: dict[str, Any]


class Compact:
    """A text without whitespace, NFKC-normalised, with a map back to the original offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        chars, index = [], []
        for i, ch in enumerate(text):
            n = normalize(ch)
            for c in n:
                chars.append(c)
                index.append(i)
        self.compact = "".join(chars)
        self.index = index

    def orig(self, k: int) -> int:
        if k >= len(self.index):
            return len(self.text)
        return self.index[k]


_NUMERIC_PREFIX = re.compile(r"^[\s\d.,，%\-]*")
_TRAILING_ITEM_NUMBER = re.compile(r"\d+[.．、]$")
_TOKEN_SEP = re.compile(r"[\s,，]+")
_NON_DIGITS = re.compile(r"\D")
_DIGIT = re.compile(r"\d")


def _label_variants(row: Row) -> list[tuple[str, bool]]:
    """(pattern, numbered) search strings for a row label, numbered forms first."""
    out: list[tuple[str, bool]] = []
    for lab in row.labels:
        lab_n = normalize(lab)
        if row.number:
            out.append((normalize(row.number) + lab_n, True))
        out.append((lab_n, False))
    return out


def find_runs(text: str, spec: TableSpec, base_at: dict[str, Any] | None = None) -> list[Run]:
    """Locate each template row label in order and return the number run after it."""
    comp = Compact(text)
    c = comp.compact
    rows = [r for r in spec.rows if not r.subtotal]
    pos = 0
    found: list[tuple[Row, int, int, int]] = []  # row, label start, label end, numbered-start
    for row in rows:
        best = None
        for pat, numbered in _label_variants(row):
            k = c.find(pat, pos)
            while k >= 0:
                end = k + len(pat)
                short = len(normalize(row.label)) <= 3 and not numbered
                if not short or (end < len(c) and (c[end].isdigit())):
                    break
                k = c.find(pat, k + 1)
            # earliest occurrence; at the same place the longest label (not a short alias)
            if k >= 0 and (best is None or k < best[1] or (k == best[1] and k + len(pat) > best[2])):
                best = (row, k, k + len(pat), k)
        if best is None:
            continue
        found.append(best)
        pos = best[2]
    runs: list[Run] = []
    for i, (row, _start, end, _n) in enumerate(found):
        nxt = found[i + 1][1] if i + 1 < len(found) else len(c)
        seg_c = c[end:nxt]
        # the next label's own number ("2." of "2.其他法律…") may sit at the end of the run
        m = _NUMERIC_PREFIX.match(seg_c)
        num = m.group(0) if m else ""
        if len(num) == len(seg_c):
            num = _TRAILING_ITEM_NUMBER.sub("", num)
        o_start, o_end = comp.orig(end), comp.orig(end + len(num))
        raw = text[o_start:o_end]
        at = dict(base_at or {})
        at["offset"] = o_start
        runs.append(Run(row=row, text=raw.strip(), at=at))
    return runs


# --- digit splits -------------------------------------------------------------------------------


def splits(digits: str, k: int) -> list[list[int]]:
    """All ways to cut a digit string into k numbers without leading zeros."""
    return [list(p) for p in _splits(digits, k)]


@lru_cache(maxsize=4096)
def _splits(digits: str, k: int) -> tuple[tuple[int, ...], ...]:
    # memoised (as tuples; splits() hands out fresh lists): runs like "000" recur across reports
    out: list[tuple[int, ...]] = []

    def rec(i: int, parts: list[int]) -> None:
        if len(out) > MAX_CANDIDATES:
            return
        left = k - len(parts)
        if left == 0:
            if i == len(digits):
                out.append(tuple(parts))
            return
        rem = len(digits) - i
        if rem < left:
            return
        max_len = 1 if digits[i] == "0" else min(rem - (left - 1), MAX_DIGITS)
        for ln in range(1, max_len + 1):
            parts.append(int(digits[i : i + ln]))
            rec(i + ln, parts)
            parts.pop()

    rec(0, [])
    return tuple(out)


def sum_splits(digits: str, k: int, block: int | None = None) -> list[list[int]]:
    """Splits into k numbers where each block of ``block`` numbers ends with the sum of the others."""
    return [list(p) for p in _sum_splits(digits, k, block or k)]


@lru_cache(maxsize=4096)
def _sum_splits(digits: str, k: int, block: int) -> tuple[tuple[int, ...], ...]:
    # memoised (as tuples; sum_splits() hands out fresh lists): all-zero rows recur across reports
    out: list[tuple[int, ...]] = []
    # Dead branches are cut: parts p.. need at least one digit each and take at most ``most[p]`` digits
    # (a free part MAX_DIGITS, a sum part the length of the largest possible sum). Cutting them finds
    # the same splits in the same order (only branches that find none are skipped).
    sum_len = len(str((block - 1) * (10**MAX_DIGITS - 1))) if block > 1 else 1
    most = [0] * (k + 1)
    for p in range(k - 1, -1, -1):
        most[p] = most[p + 1] + (sum_len if p % block == block - 1 else MAX_DIGITS)

    def rec(i: int, parts: list[int]) -> None:
        if len(out) > MAX_CANDIDATES:
            return
        if len(parts) == k:
            if i == len(digits):
                out.append(tuple(parts))
            return
        rem = len(digits) - i
        if rem < k - len(parts) or rem > most[len(parts)]:
            return
        in_block = len(parts) % block
        if in_block == block - 1:
            s = str(sum(parts[-(block - 1) :]) if block > 1 else 0)
            if digits.startswith(s, i):
                parts.append(int(s))
                rec(i + len(s), parts)
                parts.pop()
            return
        max_len = 1 if i < len(digits) and digits[i] == "0" else min(rem, MAX_DIGITS)
        for ln in range(1, max_len + 1):
            if i + ln > len(digits):
                break
            parts.append(int(digits[i : i + ln]))
            rec(i + ln, parts)
            parts.pop()

    rec(0, [])
    return tuple(out)


def _tokens(run: str) -> list[str]:
    return [t for t in _TOKEN_SEP.split(run.strip()) if t]


def _inferred(v: int | float, raw: str, at: dict[str, Any], note: str) -> Cell:
    return Cell(value=v, raw=raw, status="ok", confidence=INFERRED_CONFIDENCE, at=dict(at), note=note)


def _ambiguous(raw: str, at: dict[str, Any], cands: list[int]) -> Cell:
    return Cell(value=None, raw=raw, status="unreadable", confidence=0.0, at=dict(at),
                note="相连数字有多种拆分方式均符合勾稽关系，无法确定", candidates=sorted(set(cands)))


def read_runs_direct(run: Run) -> dict[str, Cell] | None:
    """A run whose cells are separated by spaces (or a single cell) needs no inference."""
    cols = run.row.columns
    toks = _tokens(run.text)
    if len(toks) == len(cols):
        return {c.key: parse_cell(t, c.kind, at=run.at) for c, t in zip(cols, toks, strict=True)}
    return None


# --- table 三 -----------------------------------------------------------------------------------


def read_applications(runs: list[Run], spec: TableSpec) -> dict[str, dict[str, Cell]]:
    cols = spec.rows[0].columns
    n = len(cols)
    out: dict[str, dict[str, Cell]] = {}
    cand: dict[str, list[list[int]]] = {}
    by_key = {r.row.key: r for r in runs}
    for run in runs:
        direct = read_runs_direct(run)
        if direct is not None:
            out[run.row.key] = direct
            continue
        digits = _NON_DIGITS.sub("", run.text)
        if not digits:
            out[run.row.key] = {c.key: Cell(value=None, raw=run.text or "", status="blank", at=run.at) for c in cols}
            continue
        cand[run.row.key] = sum_splits(digits, n)
    # column rules narrow the rows that still have several candidates
    ambiguous = {k: v for k, v in cand.items() if len(v) > 1}
    fixed = {k: v[0] for k, v in cand.items() if len(v) == 1}
    choice_sets: dict[str, list[list[int]]] = {k: v for k, v in cand.items()}
    if ambiguous:
        keys = list(ambiguous)
        combos = 1
        for k in keys:
            combos *= len(ambiguous[k])
        if combos <= MAX_CANDIDATES:
            known = {k: v for k, v in fixed.items()}
            for key, cells in out.items():
                if all(c.known for c in cells.values()):
                    known[key] = [int(cells[c.key].value) for c in cols]  # type: ignore[arg-type]
            survivors: dict[str, list[list[int]]] = {k: [] for k in keys}
            for combo in itertools.product(*(ambiguous[k] for k in keys)):
                vals = dict(known)
                vals.update(dict(zip(keys, combo, strict=True)))
                if _columns_consistent(vals, spec, n):
                    for k, v in zip(keys, combo, strict=True):
                        if v not in survivors[k]:
                            survivors[k].append(v)
            for k in keys:
                if survivors[k]:
                    choice_sets[k] = survivors[k]
    for key, options in choice_sets.items():
        run = by_key[key]
        if not options:
            out[key] = {c.key: Cell(value=None, raw=run.text, status="unreadable", confidence=0.0, at=run.at,
                                    note="相连数字无法按“总计=各列之和”拆分") for c in cols}
            continue
        cells = {}
        for j, c in enumerate(cols):
            vals = [o[j] for o in options]
            if len(set(vals)) == 1:
                cells[c.key] = _inferred(vals[0], run.text, run.at, "由相连数字按勾稽关系拆分")
            else:
                cells[c.key] = _ambiguous(run.text, run.at, vals)
        out[key] = cells
    return out


def _columns_consistent(vals: dict[str, list[int]], spec: TableSpec, n: int) -> bool:
    """A3.RESULTS and A3.BALANCE on the rows whose values are known."""
    keys = spec.row_keys
    result_rows = [k for k in keys if k not in ("new", "carried_over", "total", "carried_forward")
                   and not spec.row(k).subtotal]
    groups_present = set(keys)
    if "other" in groups_present and any(k in groups_present for k in RESULT_GROUPS["other"]):
        result_rows = [k for k in result_rows if k != "other"]
    for j in range(n):
        if "total" in vals and all(k in vals for k in result_rows):
            if sum(vals[k][j] for k in result_rows) != vals["total"][j]:
                return False
        if all(k in vals for k in ("new", "carried_over", "total", "carried_forward")):
            if vals["new"][j] + vals["carried_over"][j] != vals["total"][j] + vals["carried_forward"][j]:
                return False
    return True


# --- table 二 -----------------------------------------------------------------------------------


def read_active(runs: list[Run], facts: dict[str, dict[str, int]]) -> dict[str, dict[str, Cell]]:
    out: dict[str, dict[str, Cell]] = {}
    for run in runs:
        cols = run.row.columns
        direct = read_runs_direct(run)
        if direct is not None:
            out[run.row.key] = direct
            continue
        if not run.text:
            out[run.row.key] = {c.key: Cell(value=None, raw="", status="blank", at=run.at) for c in cols}
            continue
        digits = _NON_DIGITS.sub("", run.text)
        if any(c.kind != "count" for c in cols) or not digits or not run.text.replace(" ", "").isdigit():
            out[run.row.key] = {c.key: Cell(value=None, raw=run.text, status="unreadable", confidence=0.0,
                                            at=run.at, note="无法拆分相连的数字") for c in cols}
            continue
        options = splits(digits, len(cols))
        f = facts.get(run.row.key, {})
        narrowed = [o for o in options if all(o[j] == f[c.key] for j, c in enumerate(cols) if c.key in f)]
        if narrowed:
            options = narrowed
        cells = {}
        for j, c in enumerate(cols):
            vals = [o[j] for o in options]
            if vals and len(set(vals)) == 1:
                note = "由相连数字拆分" + ("，并与正文所述数字核对" if narrowed and f else "")
                cells[c.key] = _inferred(vals[0], run.text, run.at, note)
            else:
                cells[c.key] = _ambiguous(run.text, run.at, vals)
        out[run.row.key] = cells
    return out


_FACTS = {
    # (row, column): patterns whose group 1 is the number, as reports state them in the text
    ("normative", "issued"): re.compile(r"制发[^。；，,]{0,12}规范性文件\s*(\d+)\s*件"),
    ("normative", "in_force"): re.compile(r"现行有效[^。；，,]{0,12}规范性文件\s*(\d+)\s*件"),
    ("normative", "repealed"): re.compile(r"废止[^。；，,]{0,12}规范性文件\s*(\d+)\s*件"),
    ("rules", "issued"): re.compile(r"(?:制发|新增公开|新制定)[^。；，,]{0,10}规章\s*(\d+)\s*件"),
    ("rules", "in_force"): re.compile(r"现行有效[^。；，,]{0,10}规章\s*(\d+)\s*件"),
}


def text_facts(text: str) -> dict[str, dict[str, int]]:
    """Numbers the text states for table 二's document rows (used only to choose among digit splits)."""
    t = normalize(text)
    out: dict[str, dict[str, int]] = {}
    for (row, col), pat in _FACTS.items():
        vals = {int(m.group(1)) for m in pat.finditer(t)}
        if len(vals) == 1:
            out.setdefault(row, {})[col] = vals.pop()
    return out


# --- table 四 -----------------------------------------------------------------------------------


def review_run(text: str) -> tuple[str, int] | None:
    """The number run after table 四's last header label, with its offset."""
    comp = Compact(text)
    k = comp.compact.rfind(normalize("总计"))
    if k < 0:
        return None
    start = k + len("总计")
    m = _NUMERIC_PREFIX.match(comp.compact[start:])
    if not m or not _DIGIT.search(m.group(0)):
        return None
    o_start, o_end = comp.orig(start), comp.orig(start + len(m.group(0)))
    return text[o_start:o_end].strip(), o_start


def read_reviews(run: str, spec: TableSpec, at: dict[str, Any]) -> dict[str, dict[str, Cell]]:
    blocks = spec.rows
    cols = blocks[0].columns
    n = len(blocks) * len(cols)
    toks = _tokens(run)
    out: dict[str, dict[str, Cell]] = {}
    if len(toks) == n:
        for bi, b in enumerate(blocks):
            out[b.key] = {c.key: parse_cell(toks[bi * len(cols) + j], c.kind, at=at) for j, c in enumerate(cols)}
        return out
    digits = _NON_DIGITS.sub("", run)
    options = sum_splits(digits, n, block=len(cols)) if digits else []
    for bi, b in enumerate(blocks):
        cells = {}
        for j, c in enumerate(cols):
            vals = [o[bi * len(cols) + j] for o in options]
            if not vals:
                cells[c.key] = Cell(value=None, raw=run, status="unreadable", confidence=0.0, at=dict(at),
                                    note="相连数字无法按“总计=各项之和”拆分")
            elif len(set(vals)) == 1:
                cells[c.key] = _inferred(vals[0], run, at, "由相连数字按勾稽关系拆分")
            else:
                cells[c.key] = _ambiguous(run, at, vals)
        out[b.key] = cells
    return out
