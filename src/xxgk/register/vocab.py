"""What a register entry may say: channels, applicant kinds, outcomes, review results, event kinds.

Applicant columns, outcome rows and review columns come from ``xxgk.model.statutory``; this module
only adds the register's own vocabulary (channels, event kinds) and turns what a clerk types — a key
or a printed label — into a key, with a Chinese error listing the choices otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from ..model.statutory import (
    APPLICANT_COLUMNS,
    RESULT_GROUPS,
    REVIEW_COLUMNS,
    REVIEWS,
    TEMPLATES,
    TableSpec,
    Template,
    template_for_year,
)
from .errors import RegisterError

# --- channels (条例第三十一条) -------------------------------------------------------------------


@dataclass(frozen=True)
class Channel:
    key: str
    label: str
    rule: str  # how the date of receipt is fixed for this channel
    aliases: tuple[str, ...] = ()


CHANNELS: tuple[Channel, ...] = (
    Channel("in_person", "当面", "以提交之日为收到申请之日（条例第三十一条第一项）", ("当面提交", "现场")),
    Channel(
        "mail",
        "邮寄",
        "以签收之日为收到申请之日；无需签收的平常信函，以当日与申请人确认之日为准（条例第三十一条第二项）",
        ("信函", "邮递"),
    ),
    Channel(
        "online",
        "网络",
        "以双方确认之日为收到申请之日（条例第三十一条第三项）",
        ("互联网", "网上", "在线", "网络平台", "电子邮件"),
    ),
    Channel("fax", "传真", "以双方确认之日为收到申请之日（条例第三十一条第三项）"),
)

# --- applicants, outcomes, review results (from the statutory format) -------------------------

APPLICANTS = tuple(c for c in APPLICANT_COLUMNS if c.key != "total")
REVIEW_RESULTS = tuple(c for c in REVIEW_COLUMNS if c.key != "total")
PENDING = "pending"  # REVIEW_COLUMNS key for 尚未审结
CLOSED_RESULTS = tuple(c for c in REVIEW_RESULTS if c.key != PENDING)
# Table 四 blocks: review, suit_direct, suit_after_review
REVIEW_BLOCK, SUIT_DIRECT_BLOCK, SUIT_AFTER_REVIEW_BLOCK = REVIEWS.row_keys

# Rows of table 三 that are not outcomes (a reply is counted in exactly one outcome row).
NON_OUTCOME_ROWS = ("new", "carried_over", "total", "carried_forward")


def outcome_rows(spec: TableSpec) -> tuple:
    """The outcome rows of a table 三 spec: one per possible reply, group subtotals excluded."""
    return tuple(r for r in spec.rows if not r.subtotal and r.key not in NON_OUTCOME_ROWS)


def outcome_keys(tpl: Template) -> tuple[str, ...]:
    return tuple(r.key for r in outcome_rows(tpl.applications))


def outcomes_for_year(year: int) -> tuple[str, ...]:
    """Outcome keys a reply given in this year may take (the template of that year)."""
    return outcome_keys(template_for_year(year))


def outcome_target(outcome: str, tpl: Template) -> str | None:
    """The row of ``tpl`` that counts a reply recorded as ``outcome``, or None if it cannot be placed.

    The 2021 （六） sub-rows fold into the single 2019 （六）其他处理 row; the reverse split is
    unknowable and gives None.
    """
    keys = outcome_keys(tpl)
    if outcome in keys:
        return outcome
    if outcome in RESULT_GROUPS["other"] and "other" in keys:
        return "other"
    return None


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", str(text)).replace("(", "（").replace(")", "）").replace("．", ".")


def _choice_error(what: str, given: str, choices: list[str]) -> RegisterError:
    return RegisterError(f"{what}“{given}”无法识别，可填：{'、'.join(choices)}")


def resolve_channel(text: str) -> str:
    t = _norm(text)
    for c in CHANNELS:
        if t in (c.key, c.label, *c.aliases):
            return c.key
    raise _choice_error("提交方式", text, [c.label for c in CHANNELS])


def channel_label(key: str) -> str:
    return next(c.label for c in CHANNELS if c.key == key)


def resolve_applicant(text: str) -> str:
    t = _norm(text)
    for c in APPLICANTS:
        if t in (c.key, *c.labels):
            return c.key
    raise _choice_error("申请人类型", text, [c.label for c in APPLICANTS])


def applicant_label(key: str) -> str:
    return next(c.label for c in APPLICANTS if c.key == key)


def _outcome_names(row) -> set[str]:
    """Every way a clerk may write this outcome row: key, label, alias, with or without its numbers."""
    names = {row.key}
    number = row.number or ""
    m = re.match(r"^(（[一二三四五六七]）)", row.group or "")
    for label in row.labels:
        names |= {_norm(label), _norm(number + label)}
        if m:
            names |= {_norm(m.group(1) + number + label), _norm("三" + m.group(1) + number + label),
                      _norm((row.group or "") + number + label)}
        else:
            names.add(_norm("三" + number + label))
    return names


@lru_cache(maxsize=8)
def _outcome_index(template_key: str) -> dict[str, str]:
    return {name: row.key for row in outcome_rows(TEMPLATES[template_key].applications)
            for name in _outcome_names(row)}


def resolve_outcome(text: str, year: int | None = None) -> str:
    """An outcome key from a key or printed label, valid for a reply given in ``year``."""
    t = _norm(text)
    keys = [template_for_year(year).key] if year else ["2021", "2019"]
    for key in keys:
        if t in _outcome_index(key):
            return _outcome_index(key)[t]
    if year:
        tpl = template_for_year(year)
        labels = [outcome_label(r.key, short=True) for r in outcome_rows(tpl.applications)]
        raise RegisterError(
            f"办理结果“{text}”不是{year}年适用格式（{tpl.title}）表三的办理结果，可填：{'、'.join(labels)}"
        )
    raise RegisterError(f"办理结果“{text}”无法识别")


def outcome_label(key: str, *, short: bool = False) -> str:
    """The printed label of an outcome row with its numbers, e.g. （三）1.属于国家秘密.

    ``short`` uses the shortest known label (部分公开 rather than the full printed wording).
    """
    for year in (2021, 2020):
        for row in outcome_rows(template_for_year(year).applications):
            if row.key == key:
                m = re.match(r"^(（[一二三四五六七]）)", row.group or "")
                label = min(row.labels, key=len) if short else row.label
                return (m.group(1) if m else "") + (row.number or "") + label
    return key


def resolve_result(text: str) -> str:
    """A table 四 result key (upheld / corrected / other / pending) from a key or label."""
    t = _norm(text)
    for c in REVIEW_RESULTS:
        names = {c.key, c.label, c.label.removeprefix("结果"), c.label.removesuffix("结果")}
        if t in names:
            return c.key
    raise _choice_error("审理结果", text, [c.label.removeprefix("结果") for c in REVIEW_RESULTS])


def result_label(key: str) -> str:
    return next(c.label for c in REVIEW_RESULTS if c.key == key)


# --- event kinds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventKind:
    key: str
    label: str
    applies_to: tuple[str, ...]  # case kinds: application, review, suit
    basis: str = ""
    aliases: tuple[str, ...] = ()


APPLICATION, REVIEW, SUIT = "application", "review", "suit"
CASE_KINDS = {APPLICATION: "政府信息公开申请", REVIEW: "行政复议", SUIT: "行政诉讼"}

EVENT_KINDS: tuple[EventKind, ...] = (
    EventKind("received", "收到申请", (APPLICATION,), "条例第三十一条"),
    EventKind("correction_requested", "告知补正", (APPLICATION,), "条例第三十条", ("补正告知", "补正")),
    EventKind("correction_received", "收到补正", (APPLICATION,), "条例第三十条", ("补正收到",)),
    EventKind("consult_started", "征求意见", (APPLICATION,), "条例第三十二条、第三十四条", ("征求第三方意见", "征求其他机关意见")),
    EventKind("consult_ended", "收到意见", (APPLICATION,), "条例第三十二条、第三十四条", ("意见收到", "征求意见结束")),
    EventKind("extended", "延长答复期限", (APPLICATION,), "条例第三十三条", ("延期",)),
    EventKind("fee_notice", "发出收费通知", (APPLICATION,), "国办函〔2020〕109号", ("收费通知",)),
    EventKind("fee_paid", "缴费完成", (APPLICATION,), "国办函〔2020〕109号", ("缴费",)),
    EventKind("replied", "答复", (APPLICATION,), "条例第三十六条", ("办结",)),
    EventKind("filed", "提起", (REVIEW, SUIT), "", ("立案", "受理")),
    EventKind("closed", "审结", (REVIEW, SUIT), "", ("结案",)),
    EventKind("amend", "更正记录", (APPLICATION, REVIEW, SUIT), "", ("更正",)),
    EventKind("retract", "撤销记录", (APPLICATION, REVIEW, SUIT), "", ("撤销",)),
)
EVENT_BY_KEY = {k.key: k for k in EVENT_KINDS}
# The order events of one day are applied in (a reply closes the day).
EVENT_ORDER = {k.key: i for i, k in enumerate(EVENT_KINDS)}
MAX_EXTENSION = 20  # working days, 条例第三十三条第二款
REPLY_DAYS = 20  # working days, 条例第三十三条第二款
CORRECTION_NOTICE_DAYS = 7  # working days, 条例第三十条
CONSULT_DAYS = 15  # working days for the third party / other agency, 条例第三十二条、第三十四条
FEE_DAYS = 20  # working days to pay after the fee notice, 国办函〔2020〕109号


def resolve_event_kind(text: str) -> str:
    t = _norm(text)
    for k in EVENT_KINDS:
        if t in (k.key, k.label, *k.aliases):
            return k.key
    raise _choice_error("事项", text, [k.label for k in EVENT_KINDS if k.key not in ("received", "filed")])


# Event data fields as a clerk reads them (log, show)
FIELD_LABELS = {
    "on": "日期",
    "channel": "提交方式",
    "applicant": "申请人类型",
    "applicant_name": "申请人",
    "request": "申请内容",
    "party": "征求对象",
    "days": "延长工作日数",
    "amount": "金额（元）",
    "outcome": "办理结果",
    "after_review": "复议后起诉",
    "subject": "关联申请",
    "body": "复议机关或法院",
    "result": "审理结果",
    "target": "对象",
}


def describe(data: dict) -> str:
    """Event data in words: 提交方式=网络，申请人类型=自然人."""
    shown = []
    for k, v in data.items():
        if v in (None, ""):
            continue
        if k == "fields" and isinstance(v, dict):
            shown.append(describe(v))
            continue
        if k == "channel":
            v = channel_label(v)
        elif k == "applicant":
            v = applicant_label(v)
        elif k == "outcome":
            v = outcome_label(v)
        elif k == "result":
            v = result_label(v)
        elif k == "target":
            v = f"#{v}"
        elif isinstance(v, bool):
            v = "是" if v else "否"
        shown.append(f"{FIELD_LABELS.get(k, k)}={v}")
    return "，".join(shown)


# --- dates ------------------------------------------------------------------------------------

_DATE_RES = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: object, what: str = "日期") -> date:
    """A date from a date/datetime object or text like 2024-01-05, 2024/1/5, 2024年1月5日, 20240105."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _norm(str(value)) if value is not None else ""
    if not text:
        raise RegisterError(f"{what}为空")
    text = re.sub(r"(T|\s)?0{1,2}:00(:00)?$", "", text)  # "2024-01-05 00:00:00" from spreadsheets
    for rx in _DATE_RES:
        m = rx.match(text)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                break
    raise RegisterError(f"{what}“{value}”不是有效日期")
