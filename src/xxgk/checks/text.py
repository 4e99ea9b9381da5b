"""Text against tables: T.TEXT_TABLE, T.REVIEW_TEXT.

条例第五十条 asks for the same facts in the prose and the tables; reports often state the totals twice
("2023年全区受理政府信息公开申请21件"). The text is searched with whitespace removed (PDF text layers
break sentences across lines: "受理政府信息公开申请 3119 件，答\\n复 3050 件"), and every claim keeps the
line and offset of the original text. Only numbers followed directly by 件 are read: 人次, 条 (information
items), 元 (fees) and "余" approximations are never counts of applications.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..model.finding import Finding
from ..model.report import Report
from ..model.statutory import APPLICANT_COLUMNS, REVIEW_COLUMNS, SECTION_KEYS, Row, TableSpec
from .base import (
    cell_name,
    finding,
    has_table,
    not_evaluable,
    num,
    per_run,
    per_spec,
    register,
    status_phrase,
    table_cells,
    table_spec,
    total_of,
)

_WS = re.compile(r"[\s\u3000\xa0\u200b\ufeff]")  # the whitespace removed (see _split)
_FULLWIDTH_DIGITS = "０１２３４５６７８９"
_FULLWIDTH = str.maketrans(_FULLWIDTH_DIGITS, "0123456789")
# A sentence: a run of anything but its end marks, and the end mark (none at the end of the text).
_SENTENCE = re.compile(r"[^。；！？!?\n]+[。；！？!?\n]?")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[、.．])[^，。；,]{0,40}$")
_N = r"(?<![\d.])(?P<n>\d{1,7})件"  # a count of 件, not part of a longer or decimal number
_GAP = r"[^\d，。；,：:]"  # text between a verb and its number: no digits, no clause break


# --- the text, normalised with a way back -----------------------------------------------------


@dataclass
class Text:
    """Text with whitespace removed; ``index[i]`` is the offset in the original of ``norm[i]``."""

    original: str
    norm: str = field(default="", init=False)
    # (offset, line, whether a sentence ends after it) for every line of the original
    _lines: list[tuple[int, str, bool]] = field(default_factory=list, init=False, repr=False, compare=False)
    _index: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    _sentences: list[tuple[int, str]] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pieces: list[str] = []
        pos, pending = 0, False  # pending: text since the last sentence break
        for line in self.original.split("\n"):
            squeezed = "".join(_split(line))
            pieces.append(squeezed)
            pending = pending or bool(squeezed)
            # A line break ends a sentence only after a heading ("四、政府信息公开行政复议…"); elsewhere
            # it is a PDF line wrap inside a sentence ("受理政府信息公开申请 3119 件，答\n复 3050 件").
            ends = pending and bool(_HEADING.match(line.strip()))
            if ends:
                pieces.append("\n")
                pending = False
            self._lines.append((pos, line, ends))
            pos += len(line) + 1
        norm = "".join(pieces)
        # one character for one: translated only when there is a full-width digit (translate is slow)
        self.norm = norm.translate(_FULLWIDTH) if any(d in norm for d in _FULLWIDTH_DIGITS) else norm

    @property
    def index(self) -> list[int]:
        """``index[i]`` is the offset in the original of ``norm[i]`` (worked out when first asked for)."""
        if self._index is None:
            index: list[int] = []
            for pos, line, ends in self._lines:
                for start, run in _runs(line):  # runs of non-whitespace, mapped back to their offsets
                    index.extend(range(pos + start, pos + start + len(run)))
                if ends:
                    index.append(pos + len(line))  # the line break
            self._index = index
        return self._index

    def at(self, start: int, end: int) -> dict:
        """Where norm[start:end] is in the original: line (1-based), offset, and the excerpt."""
        off = self.index[start] if start < len(self.index) else len(self.original)
        return {"line": self.original.count("\n", 0, off) + 1, "offset": off, "text": self.norm[start:end]}

    def sentences(self) -> list[tuple[int, str]]:
        """(start, sentence) for every sentence, its end mark included (found once, then kept)."""
        if self._sentences is None:
            self._sentences = [(m.start(), m.group()) for m in _SENTENCE.finditer(self.norm)]
        return self._sentences


def _split(line: str) -> list[str]:
    """The runs of characters ``_WS`` does not match.

    str.split() splits at exactly the characters ``_WS`` matches but U+200B and U+FEFF (which are not
    Unicode whitespace), and it runs in C where a regex tests every character against a class."""
    if "\u200b" in line or "\ufeff" in line:
        line = line.replace("\u200b", " ").replace("\ufeff", " ")
    return line.split()


def _runs(line: str) -> Iterator[tuple[int, str]]:
    """(offset, run) of every run of :func:`_split`."""
    at = 0
    for run in _split(line):
        at = line.find(run, at)  # only whitespace lies between ``at`` and the run
        yield at, run
        at += len(run)


def report_text(report: Report) -> str:
    """The whole text when the extractor kept it, else the six sections joined."""
    if report.text:
        return report.text
    return "\n".join(report.sections[k] or "" for k in SECTION_KEYS if report.sections.get(k))


@per_run
def _report_text(report: Report) -> Text:
    """The report's text, normalised (once per run: both T.* checks read it)."""
    return Text(report_text(report))


# --- what the table says ----------------------------------------------------------------------


@dataclass
class Target:
    """A quantity of the tables a sentence may state: the sum of some cells."""

    name: str  # printed, for messages
    paths: tuple[str, ...]  # all in one table
    table: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.table = self.paths[0].split(".", 1)[0]


def _apps_path(row: str, col: str = "total") -> str:
    return f"applications.{row}.{col}"


def _targets(report: Report) -> dict[str, Target]:
    return _targets_of(*(table_spec(report, k) for k in ("applications", "reviews", "active")))


@per_spec
def _targets_of(apps: TableSpec | None, reviews: TableSpec | None, active: TableSpec | None) -> dict[str, Target]:
    """The targets of the tables of these specs (static data: shared, read-only)."""
    out: dict[str, Target] = {}

    def one(spec: TableSpec, row: str, col: str) -> Target:
        r = spec.row(row)
        return Target(cell_name(spec, r, r.column(col)), (f"{spec.key}.{row}.{col}",))

    if apps is not None:
        for key, row in (("new", "new"), ("done", "total"), ("over", "carried_over"), ("forward", "carried_forward")):
            out[f"apps.{key}"] = one(apps, row, "total")
        for col in APPLICANT_COLUMNS:
            out[f"apps.new.{col.key}"] = one(apps, "new", col.key)
    if reviews is not None:
        for col in REVIEW_COLUMNS:
            suffix = "" if col.key == "total" else f".{col.key}"
            out[f"review{suffix}"] = one(reviews, "review", col.key)
            suits = [r for r in reviews.rows if r.key != "review"]
            out[f"suit{suffix}"] = Target(
                f"表四行政诉讼“{col.label}”（{'与'.join(r.label for r in suits)}之和）",
                tuple(f"reviews.{r.key}.{col.key}" for r in suits),
            )
    if active is not None:
        for row in ("rules", "normative"):
            if row in active.row_keys:
                for col in active.row(row).columns:
                    out[f"active.{row}.{col.key}"] = one(active, row, col.key)
    return out


def _value(report: Report, target: Target) -> tuple[int | float | None, list[str]]:
    """The target's value, or None and why (the unknown cells, described)."""
    values = list(map(table_cells(report, target.table).known.get, target.paths))
    if None not in values:
        return total_of(values), []
    cells = [(p, report.cell(p)) for p in target.paths]
    bad = [p for p, c in cells if c is None or not c.known]
    if bad:
        why = [("缺失" if c is None else status_phrase(c)) for p, c in cells if p in bad]
        return None, why
    return total_of([c.value for _, c in cells]), []


# --- claims: numbers stated in the text -------------------------------------------------------


@dataclass
class Claim:
    targets: tuple[str, ...]  # any one matching is agreement ("办理…申请" may mean 新收 or 办结)
    value: int
    said: str  # the words stated, e.g. 受理政府信息公开申请21件
    start: int  # in Text.norm
    end: int
    scope: str | None = None  # a narrower subject the text names ("区政府办代表区政府")


_APPLY = "申请"
# verb … 申请 … N件, with 公开 between verb and 申请 (a 政府信息公开申请, not any 申请).
_RECEIVED = re.compile(rf"(?:共收到|收到|受理|新收|接收|接到)(?P<mid>{_GAP}{{0,16}}?)申请"
                       rf"(?:共计|合计|总数为|数量为|总计|共|为)?{_N}")
# "2019年未收到政府信息公开申请", "我区未收到依申请公开政府信息的受理件": a stated zero
_NONE_RECEIVED = re.compile(r"(?:未|没有)(?:收到|受理|接到)(?P<mid>[^，。；,\d]{0,14}?)申请")
_HANDLED = re.compile(rf"(?:办理|处理)(?P<mid>{_GAP}{{0,16}}?)申请(?:共计|合计|共|为)?{_N}")
_DONE = re.compile(rf"(?:办结|答复)(?:{_GAP}{{0,12}}?){_N}")
_OVER = re.compile(rf"上一?年度?结转(?:{_GAP}{{0,10}}?){_N}")
_FORWARD = (  # (pattern, words one of which it needs)
    (re.compile(rf"{_N}(?:申请)?(?:顺延|结转)(?:到|至)?下一?年"), ("件顺延", "件结转", "件申请顺延", "件申请结转")),
    (re.compile(rf"结转(?:到|至)?下一?年度?(?:继续办理)?(?:{_GAP}{{0,6}}?){_N}"), ("结转",)),
)
_REVIEW = re.compile(rf"行政复议(?:案件|案|申请)?(?:共计|合计|总数为|共|为)?{_N}")
_SUIT = re.compile(rf"行政诉讼(?:案件|案)?(?:共计|合计|总数为|共|为)?{_N}")
# 规范性文件 and 规章 made, repealed, in force
_DOCS = (
    (re.compile(rf"现行有效(?:的)?(?:行政)?规范性文件{_N}"), "normative", ("in_force",)),
    (re.compile(rf"废止(?:了|的)?(?:行政)?规范性文件{_N}"), "normative", ("repealed",)),
    (re.compile(rf"(?:制发|印发|出台|新制定|制定)(?:了|的)?(?:行政)?规范性文件{_N}"), "normative", ("issued", "made")),
    (re.compile(rf"(?:制发|出台|新制定|制定|新增公开|公布)(?:{_GAP}{{0,6}}?)规章{_N}"), "rules", ("issued", "made")),
)
_DOC_WORD = {"normative": "规范性文件", "rules": "规章"}  # what each row's patterns cannot match without
# The parts of a stated 新收 (by applicant) or of a stated 行政复议/行政诉讼 count (by result), and
# where those parts end.
_BY_APPLICANT = tuple((col, re.compile(rf"{col.label}(?:申请)?{_N}")) for col in APPLICANT_COLUMNS[:5])
_NEXT_VERB = re.compile(r"办结|答复|结转|办理")
_BY_RESULT = tuple((col, re.compile(rf"{col.label}{_N}")) for col in REVIEW_COLUMNS[:-1])
_NEXT_REVIEW = re.compile(r"行政复议|行政诉讼|；")
_CLAUSE_END = re.compile(r"[，,；]")
_YEAR_PREFIX = re.compile(r"^\d{4}年度?")
_SUBJECT_START = re.compile(r"[，,：:]")  # the subject of a clause follows the last of these
# A subject narrower than the whole report: "区政府办代表区政府受理…"
_NARROW = re.compile(r"代表|本级|本机关|政府办|办公室|办公厅|本部门")
_WHOLE = re.compile(r"全区|全市|全县|全省|全镇|全乡|各级|全系统")


def _scope(sentence: str, start: int) -> str | None:
    """The clause's subject before ``start`` when it names a narrower body than the report's."""
    subject = _YEAR_PREFIX.sub("", _SUBJECT_START.split(sentence[:start])[-1])
    if _NARROW.search(subject) and not _WHOLE.search(subject):
        return subject
    return None


def _about_applications(mid: str) -> bool:
    """"受理[政府信息公开]申请" is about 表三; "收到[政府信息公开行政复议]申请" is about 表四."""
    return "公开" in mid and "复议" not in mid and "诉讼" not in mid


def _claims(text: Text, targets: dict[str, Target]) -> Iterator[tuple[int, str, list[Claim]]]:
    """(sentence start, sentence, claims) for sentences that state numbers of the tables."""
    for s0, sent in text.sentences():
        claims = _sentence_claims(s0, sent, targets)
        if claims:
            yield s0, sent, _dedupe(claims)


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` is in ``text`` (a pattern that needs one cannot match otherwise)."""
    for word in words:
        if word in text:
            return True
    return False


def _sentence_claims(s0: int, sent: str, targets: dict[str, Target]) -> list[Claim]:
    if "件" not in sent and "未" not in sent and "没有" not in sent:
        return []  # no number of 件, no stated zero: most sentences (see below)
    claims: list[Claim] = []
    def add(keys: tuple[str, ...], m: re.Match, *, at: int = 0, value: int | None = None, end: int | None = None) -> None:
        keys = tuple([k for k in keys if k in targets])
        if keys:
            st, en = at + m.start(), at + (m.end() if end is None else end)
            n = int(m.group("n")) if value is None else value
            claims.append(Claim(keys, n, sent[st:en], s0 + st, s0 + en, _scope(sent, st)))

    # Every pattern but _NONE_RECEIVED ends in a number of 件, and each needs some word (its verb,
    # 行政复议, 规章…): a sentence without them is not scanned for it (most sentences).
    counted = "件" in sent
    if _APPLY in sent:
        if counted and _mentions(sent, ("收到", "受理", "新收", "接收", "接到")):
            for m in _RECEIVED.finditer(sent):
                if _about_applications(m.group("mid")):
                    add(("apps.new",), m)
                    # "涉及自然人72件、商业企业3件": the same 新收 by applicant, up to the next verb
                    tail = _NEXT_VERB.split(sent[m.end() :], maxsplit=1)[0]
                    for col, rx in _BY_APPLICANT:
                        if col.label in tail:
                            for cm in rx.finditer(tail):
                                add((f"apps.new.{col.key}",), cm, at=m.end())
        if _mentions(sent, ("未", "没有")):
            for m in _NONE_RECEIVED.finditer(sent):
                clause = _CLAUSE_END.split(sent[m.start() :], maxsplit=1)[0]
                if "公开" in clause and "复议" not in clause and "诉讼" not in clause:
                    add(("apps.new",), m, value=0, end=m.start() + len(clause.rstrip("。！？")))
        if counted:
            if _mentions(sent, ("办理", "处理")):
                for m in _HANDLED.finditer(sent):
                    if _about_applications(m.group("mid")):
                        add(("apps.new", "apps.done"), m)
            if _mentions(sent, ("办结", "答复")):
                for m in _DONE.finditer(sent):
                    add(("apps.done",), m)
            if "结转" in sent:
                for m in _OVER.finditer(sent):
                    add(("apps.over",), m)
            for rx, words in _FORWARD:
                if _mentions(sent, words):
                    for m in rx.finditer(sent):
                        add(("apps.forward",), m)
    if not counted:
        return claims
    for rx, key, word in ((_REVIEW, "review", "行政复议"), (_SUIT, "suit", "行政诉讼")):
        if word not in sent:
            continue
        for m in rx.finditer(sent):
            if m.group("n") == "0":
                continue  # "…均为0件" is a T.REVIEW_TEXT matter
            add((key,), m)
            # "其中结果维持72件，结果纠正64件…" up to the next 复议/诉讼 or clause end
            tail = _NEXT_REVIEW.split(sent[m.end() :], maxsplit=1)[0]
            for col, crx in _BY_RESULT:
                if col.label in tail:
                    for cm in crx.finditer(tail):
                        add((f"{key}.{col.key}",), cm, at=m.end())
    for rx, row, cols in _DOCS:
        if _DOC_WORD[row] in sent:
            for m in rx.finditer(sent):
                add(tuple(f"active.{row}.{c}" for c in cols), m)
    return claims


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen, out = set(), []
    for c in sorted(claims, key=_START):
        key = (c.targets, c.value, c.start)
        if key in seen or _within(c, out):
            continue
        seen.add(key)
        out.append(c)
    return out


_START = operator.attrgetter("start")


def _within(claim: Claim, claims: list[Claim]) -> bool:
    """Whether ``claim`` lies within another of ``claims`` with the same targets."""
    for o in claims:
        if claim.start >= o.start and claim.end <= o.end and claim is not o and claim.targets == o.targets:
            return True
    return False


def _excerpt(sent: str, limit: int = 60) -> str:
    return sent if len(sent) <= limit else sent[: limit - 1] + "…"


@register("T.TEXT_TABLE")
def check_text_table(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """A number stated in the text contradicts the table; says so when the text names a narrower scope."""
    raw = report_text(report)
    if not raw.strip():
        yield not_evaluable("T.TEXT_TABLE", "无法核对正文与表格：没有报告正文")
        return
    text, targets = _report_text(report), _targets(report)
    for s0, sent, claims in _claims(text, targets):
        wrong, unknown, cells = [], [], []
        for c in claims:
            options = [(targets[k], *_value(report, targets[k])) for k in c.targets]
            known = [(t, v) for t, v, _ in options if v is not None]
            if not known:
                t, _, why = options[0]
                unknown.append(f"正文称“{c.said}”，但{t.name}{why[0]}")
                continue
            if c.value in [v for _, v in known]:
                continue
            t, v = known[0]
            also = "".join(f"、{o.name}为{num(ov)}" for o, ov in known[1:])
            scope = f"（正文所指为“{c.scope}”，口径可能窄于表格）" if c.scope else ""
            wrong.append(f"正文称“{c.said}”{scope}，而{t.name}为{num(v)}{also}")
            cells += [p for t, _ in known for p in t.paths]
        if not wrong and not unknown:
            continue
        at = text.at(s0, s0 + len(sent))
        at["text"] = _excerpt(sent)
        if wrong:
            yield finding("T.TEXT_TABLE", "正文与表格不一致：" + "；".join(wrong), list(dict.fromkeys(cells)), at=at)
        for u in unknown:
            yield not_evaluable("T.TEXT_TABLE", f"无法核对：{u}", at=at)


# --- T.REVIEW_TEXT ----------------------------------------------------------------------------

_KIND = {"review": "行政复议", "suit": "行政诉讼"}
# "没有因信息公开而被提起行政复议或行政诉讼", "无信息公开类行政复议和行政诉讼", "未发生…行政复议"
_NONE_BEFORE = re.compile(r"(?:未|没有|无)(?!法|论|正当|需|误|异议)[^，。；,]{0,30}?(?:行政复议|行政诉讼)")
# "行政复议案和行政诉讼案均为0件", "行政复议、行政诉讼均未发生"
_NONE_AFTER = re.compile(r"(?:行政复议|行政诉讼)[^，。；,]{0,24}?(?:(?:均为|为|共|均)(?:0|零)(?:件|起|宗|次)?(?!\d)"
                         r"|(?:均未|未|没有)(?:发生|出现|收到))")
_NONE_WORDS = ("未", "没有", "无", "0", "零")  # one of them is in every match of _NONE_BEFORE or _NONE_AFTER
_NONZERO = re.compile(r"(?<![\d.])[1-9]\d*(?:件|起|宗|次)")
# "行政复议…均予以维持", "行政诉讼结果均为维持"
_AFTER_CLAUSE_END = re.compile(r"(?<=[，,；])")
_YEAR = re.compile(r"\d{4}年")
_ALL_UPHELD = re.compile(r"(?:行政复议|行政诉讼)[^。；]{0,40}?(?:均|全部|都)(?:被|予以|为|是)?(?:结果)?维持")


def _kinds(clause: str) -> list[str]:
    return [k for k, word in _KIND.items() if word in clause]


def _rows_of(report: Report, kind: str) -> list[Row]:
    """表四's 行政复议 block, or its two 行政诉讼 blocks."""
    spec = table_spec(report, "reviews")
    return [r for r in spec.rows if (r.key == "review") == (kind == "review")] if spec is not None else []


def _block_values(report: Report, kind: str, col: str) -> int | float | None:
    rows = _rows_of(report, kind)
    if not rows:
        return None
    cells = [report.cell(f"reviews.{r.key}.{col}") for r in rows]
    if all(c is not None and c.known for c in cells):
        return total_of([c.value for c in cells])
    return None


def _block_total(report: Report, kind: str) -> int | float | None:
    """A block's 总计, or the sum of its parts when the 总计 cell is unusable."""
    total = _block_values(report, kind, "total")
    if total is not None:
        return total
    parts = [_block_values(report, kind, c.key) for c in REVIEW_COLUMNS[:-1]]
    return None if any(p is None for p in parts) else total_of(parts)


@register("T.REVIEW_TEXT")
def check_review_text(report: Report, prev: Report | None = None) -> Iterator[Finding]:
    """The text says there were no 行政复议/行政诉讼 (or all were upheld) while 表四 says otherwise."""
    raw = report_text(report)
    if not raw.strip():
        yield not_evaluable("T.REVIEW_TEXT", "无法核对正文与表四：没有报告正文")
        return
    if table_spec(report, "reviews") is None or not has_table(report, "reviews"):
        return
    text = _report_text(report)
    done: set[tuple[str, str]] = set()
    for s0, sent in text.sentences():
        if "行政复议" not in sent and "行政诉讼" not in sent:
            continue  # every clause looked at below names one of them
        pos = 0
        for clause in _AFTER_CLAUSE_END.split(sent):
            c0, pos = s0 + pos, pos + len(clause)
            if not _kinds(clause) or not _mentions(clause, _NONE_WORDS):
                continue
            if (_NONE_BEFORE.search(clause) or _NONE_AFTER.search(clause)) and not _NONZERO.search(
                    _YEAR.sub("", clause)):
                at = text.at(c0, c0 + len(clause))
                at["text"] = _excerpt(sent)
                for kind in _kinds(clause):
                    if ("none", kind) in done:
                        continue
                    done.add(("none", kind))
                    total = _block_total(report, kind)
                    paths = [f"reviews.{r.key}.total" for r in _rows_of(report, kind)]
                    if total is None:
                        yield not_evaluable("T.REVIEW_TEXT", f"无法核对：正文称无{_KIND[kind]}，但表四相应总计不可用",
                                            paths, at=at)
                    elif total > 0:
                        yield finding("T.REVIEW_TEXT", f"正文称“{_excerpt(clause.rstrip('，,；'), 50)}”，"
                                                       f"但表四{_KIND[kind]}总计为{num(total)}", paths, at=at)
        if "维持" not in sent:
            continue  # _ALL_UPHELD needs it
        for m in _ALL_UPHELD.finditer(sent):
            for kind in _kinds(m.group(0)):
                if ("upheld", kind) in done:
                    continue
                done.add(("upheld", kind))
                others = [(col, _block_values(report, kind, col.key)) for col in REVIEW_COLUMNS[1:-1]]
                bad = [(col, v) for col, v in others if v]
                if bad:
                    figures = "、".join(f"“{col.label}”{num(v)}" for col, v in bad)
                    paths = [f"reviews.{r.key}.{col.key}" for r in _rows_of(report, kind) for col, _ in bad]
                    at = text.at(s0 + m.start(), s0 + m.end())
                    yield finding("T.REVIEW_TEXT", f"正文称“{m.group(0)}”，但表四{_KIND[kind]}{figures}", paths, at=at)
