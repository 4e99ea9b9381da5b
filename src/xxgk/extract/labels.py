"""Tolerant matching of printed row labels to the template's labels.

Printed labels carry numbering ("（三）", "1.", "一、"), group labels from merged cells, OCR noise
("其他法律行政法 规禁止公开") and typos ("其他法律行政止公开"). We compare the label with the numbering
removed, character by character, and keep the score so a repair can be recorded.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from ..model.statutory import Row
from .values import normalize

_NUMBERING = re.compile(
    r"^(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．,，]|\d+\s*[、.．,，])"
)
_PUNCT = re.compile(r"[\s\"“”‘’'「」：:，,。.、；;（）()\[\]【】《》<>·_\-—/]")


def strip_numbering(text: str) -> str:
    s = normalize(text)
    prev = None
    while prev != s:
        prev = s
        s = _NUMBERING.sub("", s, count=1)
    return s


@lru_cache(maxsize=4096)
def clean(text: str) -> str:
    """Label text for comparison: no numbering, no punctuation, no spaces."""
    return _PUNCT.sub("", strip_numbering(text))


@lru_cache(maxsize=65536)
def similarity(observed: str, label: str) -> float:
    """0..1: how well an observed label matches a template label (F-measure of matching characters)."""
    a, b = clean(observed), clean(label)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    m = sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    precision = m / len(a)
    recall = m / len(b)
    if m == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def row_similarity(observed: str, row: Row) -> float:
    return labels_similarity(observed, row.labels)


def similar_at_least(observed: str, label: str, threshold: float) -> bool:
    """``similarity(observed, label) >= threshold``, with no SequenceMatcher when a bound settles it."""
    return may_reach(observed, label, threshold) and similarity(observed, label) >= threshold


def may_reach(observed: str, label: str, floor: float) -> bool:
    """False when ``similarity(observed, label)`` is surely below ``floor`` — decided without a matcher.

    similarity() is 2m / (len(a) + len(b)) for m matching characters (the F-measure of precision m/len(a)
    and recall m/len(b)); the matching blocks are a common subsequence, so m is at most the number of
    characters the two share as multisets. When even that falls short of ``floor`` (by a margin far above
    float rounding) the similarity does too.
    """
    a, b = clean(observed), clean(label)
    if not a or not b:
        return floor <= 0.0  # similarity() is 0.0
    least = (floor - 1e-9) * (len(a) + len(b))
    # m is also at most the shorter length: labels of very different lengths stop here, uncounted
    return 2 * min(len(a), len(b)) >= least and 2 * shared_chars(a, b) >= least


def shared_chars(a: str, b: str) -> int:
    """How many characters two strings have in common, counted as multisets."""
    counts = _char_counts(a)
    return sum(min(n, counts.get(ch, 0)) for ch, n in _char_counts(b).items())


@lru_cache(maxsize=16384)
def _char_counts(s: str) -> dict[str, int]:
    # read-only: callers never modify the cached dict
    counts: dict[str, int] = {}
    for ch in s:
        counts[ch] = counts.get(ch, 0) + 1
    return counts


@lru_cache(maxsize=65536)
def labels_similarity(observed: str, labels: tuple[str, ...]) -> float:
    # keyed by the label strings, not the Row: hashing a frozen dataclass of tuples costs more than the lookup
    return max(similarity(observed, lab) for lab in labels)


_ITEM_PAREN = re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[)）]")
_ITEM_CJK = re.compile(r"^([一二三四五六七八九十]+)\s*[、.．]")
_ITEM_DIGITS = re.compile(r"^(\d+)\s*[、.．]")


@lru_cache(maxsize=8192)
def number_of(text: str) -> str | None:
    """The item number a label starts with, normalised: "（三）" → "（三）", "1." → "1."."""
    s = normalize(text)
    m = _ITEM_PAREN.match(s)
    if m:
        return f"（{m.group(1)}）"
    m = _ITEM_CJK.match(s)
    if m:
        return f"{m.group(1)}、"
    m = _ITEM_DIGITS.match(s)
    if m:
        return f"{m.group(1)}."
    return None
