"""Finding the six section headings — numbered 一、 or 1、, reworded, typo'd, or inline in a paragraph."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from ..ingest.document import Document, Paragraph, Table
from ..model.statutory import HEADING_FILLERS, SECTIONS, Section

# A heading number at the start of a line or after a sentence end, then the title.
_HEAD = re.compile(
    r"(?:^|(?<=[。；;！!？?\s）)\d]))\s*(?P<num>[一二三四五六七八]|(?<![\d.．])[1-8](?![\d.．])|[（(][一二三四五六][)）])\s*[、.．，,]?\s*"
)
_TITLE_FIRST_CHARS = frozenset(
    t[0] for sec in SECTIONS for t in (sec.title, *sec.aliases)
) | frozenset(f[0] for f in HEADING_FILLERS)
_NUM_VALUE = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_SECTION_NUMBER = {sec.key: i + 1 for i, sec in enumerate(SECTIONS)}  # the number the format gives it
_SPACES = re.compile(r"\s+")


@dataclass
class Heading:
    key: str
    number: str | None  # as printed: "一", "1", "（一）" or None
    text: str  # heading text as printed (number included)
    block: int  # index of the paragraph in doc.blocks
    start: int  # char offset of the heading within the paragraph
    end: int  # char offset after the title
    score: float
    at: dict[str, Any]


# No heading is taken on a weaker title match (numbered 0.8, an unnumbered title line 0.85).
_MIN_TITLE_SCORE = 0.8


@lru_cache(maxsize=8192)
def _section_scores(compact: str) -> tuple[tuple[float, int], ...]:
    """For every section in SECTIONS order: how well a text (whitespace removed) starts with its title,
    and the matched length; (0.0, 0) when the score is below _MIN_TITLE_SCORE, for no heading can use
    it. One cached call per text rather than one per section."""
    return tuple(_title_score(compact, sec) for sec in SECTIONS)


@lru_cache(maxsize=8192)
def _best_title(compact: str) -> tuple[float, Section | None, int]:
    """The section whose title the text after a heading number starts with (the first of the best):
    (score, section, matched length); section None when no score reaches _MIN_TITLE_SCORE."""
    best: tuple[float, Section | None, int] = (0.0, None, 0)
    for sec, (s, ln) in zip(SECTIONS, _section_scores(compact), strict=True):
        if s > best[0]:
            best = (s, sec, ln)
    return best


@lru_cache(maxsize=8192)
def _title_line(compact: str) -> tuple[tuple[Section, float], ...]:
    """The sections (with scores) a whole short line is the title of: score >= 0.85, length within 3."""
    return tuple((sec, s) for sec, (s, _) in zip(SECTIONS, _section_scores(compact), strict=True)
                 if s >= 0.85 and abs(len(compact) - len(sec.title)) <= 3)


def _title_score(compact: str, sec: Section) -> tuple[float, int]:
    """The best SequenceMatcher ratio of a title (or alias, after an optional filler, with up to two
    more characters) against the start of ``compact``, and the length it covers — exact when it is at
    least _MIN_TITLE_SCORE, else (0.0, 0). Where several candidates reach the best, the first wins."""
    best, best_len = 0.0, 0
    # "五、政府信息公开工作存在的主要问题及改进情况": a filler before the title is allowed
    starts = [0] + [len(f) for f in HEADING_FILLERS if compact.startswith(f)]
    for title in (sec.title, *sec.aliases):
        for start in starts:
            seg = compact[start : start + len(title) + 2]  # the longest candidate; the others are its prefixes
            shared = _shared_prefixes(seg, title)
            for extra in (0, 1, 2):
                cand = seg[: len(title) + extra]
                if not cand:
                    continue
                # SequenceMatcher(None, cand, title).quick_ratio(), the same float, without building a
                # matcher: an upper bound of ratio(), so most candidates stop here
                bound = 2.0 * shared[len(cand)] / (len(cand) + len(title))
                if bound <= best or bound < _MIN_TITLE_SCORE:
                    continue
                r = _ratio(cand, title)
                if r > best:
                    best, best_len = r, start + len(cand)
    if best < _MIN_TITLE_SCORE:
        return 0.0, 0
    return best, best_len


# Each title's characters with their counts, for _shared_prefixes.
_TITLE_CHARS: dict[str, dict[str, int]] = {
    t: dict(Counter(t)) for sec in SECTIONS for t in (sec.title, *sec.aliases)
}


def _shared_prefixes(seg: str, title: str) -> list[int]:
    """For k = 0..len(seg): how many characters ``seg[:k]`` and ``title`` share, counted as multisets
    (what SequenceMatcher.quick_ratio counts as matches)."""
    avail = dict(_TITLE_CHARS[title])
    shared = [0]
    n_shared = 0
    for ch in seg:
        n = avail.get(ch, 0)
        if n > 0:
            n_shared += 1
            avail[ch] = n - 1
        shared.append(n_shared)
    return shared


@lru_cache(maxsize=8192)
def _ratio(cand: str, title: str) -> float:
    # headings recur across reports ("总体情况", "主动公开政府信息情况"): memoised on the pair
    return SequenceMatcher(None, cand, title, autojunk=False).ratio()


def _raw_len(rest: str, compact_len: int) -> int:
    """Length in ``rest`` (with spaces) covering ``compact_len`` non-space characters."""
    n = 0
    for i, ch in enumerate(rest):
        if not ch.isspace():
            n += 1
            if n == compact_len:
                return i + 1
    return len(rest)


def find_headings(doc: Document) -> list[Heading]:
    """Headings in reading order, at most one per section key.

    Candidates are ranked: a heading numbered as the format numbers it ("二、" or "2、") beats an
    unnumbered title line, which beats a sub-heading like "（一）主动公开情况" or a mismatched number;
    among equals the first wins.
    """
    candidates: list[tuple[int, int, int, Heading]] = []  # rank, block, start, heading
    for bi, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        text = block.text
        for m in _HEAD.finditer(text):
            rest = text[m.end() : m.end() + 40]
            if rest.lstrip()[:1] not in _TITLE_FIRST_CHARS:
                continue  # no section title (or filler) starts with this character
            score, sec, ln = _best_title(_SPACES.sub("", rest))
            if sec is None:
                continue
            num = m.group("num")
            # a number that contradicts the section (e.g. "三、本年度办理结果" is no heading) needs a strong title
            nv = _NUM_VALUE.get(num.strip("（()）"), int(num) if num.isdigit() else None)
            expected = _SECTION_NUMBER[sec.key]
            if nv is not None and nv != expected and score < 0.9:
                continue
            rank = 0 if nv == expected and not num.startswith(("（", "(")) else 2
            end = m.end() + _raw_len(rest, ln)
            h = Heading(key=sec.key, number=num, text=text[m.start() : end].strip(), block=bi,
                        start=m.start(), end=end, score=score, at=dict(block.at))
            candidates.append((rank, bi, m.start(), h))
        # an unnumbered heading: the whole short paragraph is a section title
        if len(text) <= 30:
            for sec, s in _title_line(_SPACES.sub("", text)):
                h = Heading(sec.key, None, text.strip(), bi, 0, len(text), s, dict(block.at))
                candidates.append((1, bi, 0, h))
    found: dict[str, Heading] = {}
    for _rank, _bi, _start, h in sorted(candidates, key=lambda c: c[:3]):
        if h.key not in found and not any(o.block == h.block and o.start == h.start for o in found.values()):
            found[h.key] = h
    return sorted(found.values(), key=lambda h: (h.block, h.start))


@dataclass
class Layout:
    """Where each section is: its heading, its text, and the blocks (tables) inside it."""

    headings: list[Heading]
    texts: dict[str, str]
    # section key of every block index (None before the first heading)
    block_section: dict[int, str | None]
    # paragraphs (block index, text fragment) per section, in order
    fragments: dict[str, list[tuple[int, str, int]]]
    preamble: list[tuple[int, str]]  # paragraphs before the first heading


_PAGE_NUMBER = re.compile(r"^[-—–－_\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*\d{1,4})?[-—–－_\s]*$")


@lru_cache(maxsize=4096)  # asked of every paragraph three times per document (text, layout, signature)
def is_page_number(text: str) -> bool:
    """A line that is only a page number: "3", "- 3 -", "— 3 —", "第3页", "3/6"."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def layout(doc: Document, exclude: set[int] | None = None) -> Layout:
    """Sections of a document; ``exclude`` holds block indices that are no part of any section's text
    (the signature after section 六)."""
    exclude = exclude or set()
    headings = find_headings(doc)
    by_block: dict[int, list[Heading]] = {}
    for h in headings:
        by_block.setdefault(h.block, []).append(h)
    texts: dict[str, list[str]] = {h.key: [] for h in headings}
    fragments: dict[str, list[tuple[int, str, int]]] = {h.key: [] for h in headings}
    block_section: dict[int, str | None] = {}
    preamble: list[tuple[int, str]] = []
    current: str | None = None
    for bi, block in enumerate(doc.blocks):
        if isinstance(block, Table):
            block_section[bi] = current
            continue
        assert isinstance(block, Paragraph)
        text = block.text
        if bi in exclude or is_page_number(text):
            block_section[bi] = current
            continue
        pos = 0
        hs = by_block.get(bi)
        for h in sorted(hs, key=lambda h: h.start) if hs else ():
            before = text[pos : h.start].strip()
            if before:
                if current is None:
                    preamble.append((bi, before))
                else:
                    texts[current].append(before)
                    fragments[current].append((bi, text[pos : h.start], pos))
            current = h.key
            pos = h.end
        rest = text[pos:]
        block_section[bi] = current
        if rest.strip():
            if current is None:
                preamble.append((bi, rest.strip()))
            else:
                texts[current].append(rest.strip())
                fragments[current].append((bi, rest, pos))
    return Layout(
        headings=headings,
        texts={k: "\n".join(v) for k, v in texts.items()},
        block_section=block_section,
        fragments=fragments,
        preamble=preamble,
    )
