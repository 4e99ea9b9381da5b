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


@lru_cache(maxsize=65536)
def labels_similarity(observed: str, labels: tuple[str, ...]) -> float:
    # keyed by the label strings, not the Row: hashing a frozen dataclass of tuples costs more than the lookup
    return max(similarity(observed, lab) for lab in labels)


@lru_cache(maxsize=8192)
def number_of(text: str) -> str | None:
    """The item number a label starts with, normalised: "（三）" → "（三）", "1." → "1."."""
    s = normalize(text)
    m = re.match(r"^[（(]\s*([一二三四五六七八九十]+)\s*[)）]", s)
    if m:
        return f"（{m.group(1)}）"
    m = re.match(r"^([一二三四五六七八九十]+)\s*[、.．]", s)
    if m:
        return f"{m.group(1)}、"
    m = re.match(r"^(\d+)\s*[、.．]", s)
    if m:
        return f"{m.group(1)}."
    return None
