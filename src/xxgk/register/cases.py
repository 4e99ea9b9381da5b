"""A case's state is the fold of its events; folding also validates them.

The register stores nothing but events (append-only). Corrections are events too: ``amend``
replaces fields of an earlier event, ``retract`` cancels one (a retracted ``received``/``filed``
voids the case). This module turns the event list of one case into an ``Application`` or a
``Litigation`` (行政复议 / 行政诉讼), raising ``RegisterError`` with a Chinese message when the events
contradict each other or the 条例.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .errors import RegisterError
from .vocab import (
    APPLICATION,
    CLOSED_RESULTS,
    EVENT_BY_KEY,
    EVENT_ORDER,
    MAX_EXTENSION,
    REVIEW,
    REVIEW_BLOCK,
    SUIT_AFTER_REVIEW_BLOCK,
    SUIT_DIRECT_BLOCK,
    outcome_label,
    outcomes_for_year,
    parse_date,
)

# Fields each event kind carries in its data (besides its date ``on``); ``amend`` may change these.
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "received": ("channel", "applicant", "applicant_name", "request"),
    "correction_requested": (),
    "correction_received": (),
    "consult_started": ("party",),
    "consult_ended": (),
    "extended": ("days",),
    "fee_notice": ("amount",),
    "fee_paid": (),
    "replied": ("outcome",),
    "filed": ("after_review", "subject", "body"),
    "closed": ("result",),
}
META_EVENTS = ("amend", "retract")
CREATION = {APPLICATION: "received", REVIEW: "filed", "suit": "filed"}


@dataclass
class EventRecord:
    """One stored event: who recorded what, when, about which date."""

    kind: str
    on: date | None
    data: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    recorded_at: datetime | None = None
    recorded_by: str | None = None
    note: str | None = None
    source: str | None = None

    @property
    def label(self) -> str:
        return EVENT_BY_KEY[self.kind].label


@dataclass
class Period:
    """A span (start, end] during which something waited; ``end`` None while still waiting."""

    start: date
    end: date | None = None
    what: Any = None

    def covers(self, d: date) -> bool:
        return self.start < d and (self.end is None or d <= self.end)


@dataclass
class Application:
    """A 政府信息公开申请 as its events say it stands."""

    number: str
    received_on: date
    channel: str
    applicant: str
    applicant_name: str | None = None
    request: str | None = None
    corrections: list[Period] = field(default_factory=list)
    consults: list[Period] = field(default_factory=list)
    fees: list[Period] = field(default_factory=list)
    extensions: list[tuple[date, int]] = field(default_factory=list)
    replied_on: date | None = None
    outcome: str | None = None
    events: list[EventRecord] = field(default_factory=list)
    kind: str = APPLICATION

    @property
    def extension_days(self) -> int:
        return sum(days for _, days in self.extensions)

    @property
    def is_open(self) -> bool:
        return self.replied_on is None

    def open_at_end_of(self, d: date) -> bool:
        """Received on or before d and not replied by the end of d."""
        return self.received_on <= d and (self.replied_on is None or self.replied_on > d)


@dataclass
class Litigation:
    """A 行政复议 or 行政诉讼 about disclosure."""

    number: str
    kind: str  # review | suit
    filed_on: date
    after_review: bool = False
    subject: str | None = None  # the application it is about
    body: str | None = None  # 复议机关 / 法院
    closed_on: date | None = None
    result: str | None = None  # upheld | corrected | other; None = 尚未审结
    events: list[EventRecord] = field(default_factory=list)

    @property
    def block(self) -> str:
        if self.kind == REVIEW:
            return REVIEW_BLOCK
        return SUIT_AFTER_REVIEW_BLOCK if self.after_review else SUIT_DIRECT_BLOCK

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


Case = Application | Litigation


def effective_events(events: list[EventRecord], number: str) -> list[EventRecord]:
    """Apply amend/retract events: the events as they now stand, in date order."""
    by_id = {e.id: e for e in events if e.id is not None}
    patched: dict[int, dict[str, Any]] = {}
    retracted: set[int] = set()
    for e in events:
        if e.kind not in META_EVENTS:
            continue
        target = by_id.get(e.data.get("target"))
        if target is None or target.kind in META_EVENTS:
            raise RegisterError(f"编号 {number}：{e.label}所指的记录 #{e.data.get('target')} 不存在或不可更正")
        if target.id in retracted:
            raise RegisterError(f"编号 {number}：记录 #{target.id} 已撤销，不能再{e.label}")
        if e.kind == "retract":
            retracted.add(target.id)
        else:
            fields = e.data.get("fields") or {}
            allowed = {"on", *EVENT_FIELDS[target.kind]}
            bad = sorted(set(fields) - allowed)
            if bad:
                raise RegisterError(f"编号 {number}：记录 #{target.id}（{target.label}）没有可更正的字段 {'、'.join(bad)}")
            patched.setdefault(target.id, {}).update(fields)
    out = []
    for e in events:
        if e.kind in META_EVENTS or e.id in retracted:
            continue
        if e.id in patched:
            fields = dict(patched[e.id])
            on = parse_date(fields.pop("on")) if "on" in fields else e.on
            e = EventRecord(e.kind, on, {**e.data, **fields}, e.id, e.recorded_at, e.recorded_by, e.note, e.source)
        out.append(e)
    # stable: same-day events in procedural order, then as recorded
    return sorted(out, key=lambda e: (e.on or date.min, EVENT_ORDER[e.kind], e.id if e.id is not None else 1 << 62))


def fold(case_kind: str, number: str, events: list[EventRecord]) -> Case | None:
    """The case's state from its events, or None when its creation was retracted (void)."""
    live = effective_events(events, number)
    creation = CREATION[case_kind]
    first = [e for e in live if e.kind == creation]
    if not first:
        return None
    if len(first) > 1:
        raise RegisterError(f"编号 {number}：重复的“{first[0].label}”记录")
    if case_kind == APPLICATION:
        return _fold_application(number, first[0], live, events)
    return _fold_litigation(case_kind, number, first[0], live, events)


def _d(d: date) -> str:
    return d.isoformat()


def _fold_application(number: str, rec: EventRecord, live: list[EventRecord], raw: list[EventRecord]) -> Application:
    app = Application(
        number=number,
        received_on=rec.on,
        channel=rec.data.get("channel"),
        applicant=rec.data.get("applicant"),
        applicant_name=rec.data.get("applicant_name"),
        request=rec.data.get("request"),
        events=raw,
    )
    for e in live:
        if e.kind == "received":
            continue
        what = f"编号 {number}：{e.label}（{_d(e.on)}）"
        if e.kind not in EVENT_FIELDS or e.kind in ("filed", "closed"):
            raise RegisterError(f"{what}不适用于政府信息公开申请")
        if e.on < app.received_on:
            raise RegisterError(f"{what}早于收到申请日期（{_d(app.received_on)}）")
        if app.replied_on is not None and e.kind == "replied":
            raise RegisterError(f"{what}：该申请已于 {_d(app.replied_on)} 答复；如需更正，请更正或撤销原答复记录")
        if app.replied_on is not None:
            raise RegisterError(f"{what}晚于答复日期（{_d(app.replied_on)}），已答复的申请不能再记录办理事项")
        if e.kind == "correction_requested":
            if app.corrections and app.corrections[-1].end is None:
                raise RegisterError(f"{what}：上一次告知补正（{_d(app.corrections[-1].start)}）尚未收到补正")
            app.corrections.append(Period(e.on))
        elif e.kind == "consult_started":
            app.consults.append(Period(e.on, what=e.data.get("party")))
        elif e.kind == "fee_notice":
            if app.fees and app.fees[-1].end is None:
                raise RegisterError(f"{what}：上一次收费通知（{_d(app.fees[-1].start)}）尚未缴费")
            app.fees.append(Period(e.on, what=e.data.get("amount")))
        elif e.kind in ("correction_received", "consult_ended", "fee_paid"):
            periods = {"correction_received": app.corrections, "consult_ended": app.consults,
                       "fee_paid": app.fees}[e.kind]
            waiting = [p for p in periods if p.end is None]
            if not waiting:
                start_label = {"correction_received": "告知补正", "consult_ended": "征求意见",
                               "fee_paid": "发出收费通知"}[e.kind]
                raise RegisterError(f"{what}之前没有未结束的“{start_label}”记录")
            waiting[0].end = e.on
        elif e.kind == "extended":
            days = e.data.get("days")
            if not isinstance(days, int) or isinstance(days, bool) or days < 1:
                raise RegisterError(f"{what}：延长的工作日数“{days}”应为正整数")
            if app.extension_days + days > MAX_EXTENSION:
                raise RegisterError(
                    f"{what}：延长期限累计 {app.extension_days + days} 个工作日，"
                    f"超过条例第三十三条规定的最长{MAX_EXTENSION}个工作日"
                )
            app.extensions.append((e.on, days))
        elif e.kind == "replied":
            outcome = e.data.get("outcome")
            if outcome not in outcomes_for_year(e.on.year):
                valid = "、".join(outcome_label(k, short=True) for k in outcomes_for_year(e.on.year))
                raise RegisterError(
                    f"{what}：办理结果“{outcome_label(outcome) if outcome else '（空）'}”"
                    f"不是{e.on.year}年适用格式表三的办理结果，可填：{valid}"
                )
            app.replied_on, app.outcome = e.on, outcome
    return app


def _fold_litigation(
    kind: str, number: str, rec: EventRecord, live: list[EventRecord], raw: list[EventRecord]
) -> Litigation:
    case = Litigation(
        number=number,
        kind=kind,
        filed_on=rec.on,
        after_review=bool(rec.data.get("after_review")) if kind != REVIEW else False,
        subject=rec.data.get("subject"),
        body=rec.data.get("body"),
        events=raw,
    )
    for e in live:
        if e.kind == "filed":
            continue
        what = f"编号 {number}：{e.label}（{_d(e.on)}）"
        if e.kind != "closed":
            raise RegisterError(f"{what}不适用于{'行政复议' if kind == REVIEW else '行政诉讼'}")
        if e.on < case.filed_on:
            raise RegisterError(f"{what}早于提起日期（{_d(case.filed_on)}）")
        if case.closed_on is not None:
            raise RegisterError(f"{what}：该案已于 {_d(case.closed_on)} 审结；如需更正，请更正或撤销原审结记录")
        result = e.data.get("result")
        if result not in {c.key for c in CLOSED_RESULTS}:
            raise RegisterError(f"{what}：审结结果应为 {'、'.join(c.label for c in CLOSED_RESULTS)} 之一")
        case.closed_on, case.result = e.on, result
    return case
