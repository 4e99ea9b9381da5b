"""Statutory reply deadlines of a 政府信息公开申请.

条例第三十三条: reply within 20 working days of receipt, plus an approved extension of at most
20 working days; the time for third-party / other-agency opinions (第三十二条、第三十四条) is not
counted. 条例第三十条: after a 补正 request the period runs from receipt of the corrected request.
国办函〔2020〕109号: the time from the fee notice to payment is not counted either.

Conventions: the day a period starts from is not counted (the count begins the next day); a paused
span (start, end] stops the clock after its start day and restarts it the day after its end day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .calendar import add_workdays, workdays_between
from .cases import Application, Period
from .vocab import CONSULT_DAYS, CORRECTION_NOTICE_DAYS, FEE_DAYS, REPLY_DAYS

RUNNING, REPLIED = "running", "replied"
AWAITING_CORRECTION, CONSULTING, AWAITING_FEE = "awaiting_correction", "consulting", "awaiting_fee"
STATE_LABELS = {
    RUNNING: "办理中",
    REPLIED: "已答复",
    AWAITING_CORRECTION: "待补正（计时中止）",
    CONSULTING: "征求意见中（计时中止）",
    AWAITING_FEE: "待缴费（计时中止）",
}


@dataclass
class Deadline:
    number: str
    start: date | None  # the day the 20 working days run from (receipt, or corrected request)
    due: date | None  # None while the clock is stopped
    days: int  # 20 + approved extension
    state: str
    estimated: bool = False  # some day counted lies beyond the known holiday schedule
    replied_on: date | None = None
    pauses: list[Period] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def late(self) -> bool | None:
        """Replied after the due date (None when not replied or no due date)."""
        if self.replied_on is None or self.due is None:
            return None
        return self.replied_on > self.due

    def overdue(self, today: date) -> bool:
        return self.state != REPLIED and self.due is not None and today > self.due

    def remaining(self, today: date) -> int | None:
        """Working days left after today (negative when overdue), paused days excluded."""
        if self.due is None:
            return None
        return workdays_between(today, self.due, skip=self._skip)

    def _skip(self, d: date) -> bool:
        return any(p.covers(d) for p in self.pauses)


def deadline(app: Application, today: date | None = None) -> Deadline:
    """The reply deadline of an application as its events stand (``today`` only adds notes)."""
    days = REPLY_DAYS + app.extension_days
    end = app.replied_on
    # pauses that are still open end with the reply, if there is one
    consults = [Period(p.start, p.end or end, p.what) for p in app.consults]
    fees = [Period(p.start, p.end or end, p.what) for p in app.fees]
    pauses = consults + fees
    d = Deadline(app.number, None, None, days, REPLIED if end else RUNNING, replied_on=end, pauses=pauses)
    _notes(app, d, today)

    if app.corrections:
        last = app.corrections[-1]
        if last.end is None:
            if end is None:
                d.state = AWAITING_CORRECTION
            return d
        d.start = last.end  # 条例第三十条: the period runs from receipt of the corrected request
    else:
        d.start = app.received_on

    open_pauses = [p for p in pauses if p.end is None]
    closed = [p for p in pauses if p.end is not None]

    def skip(day: date) -> bool:
        return any(p.covers(day) for p in closed)

    due, estimated = add_workdays(d.start, days, skip=skip)
    d.pauses = closed  # a pause opened after the due date does not stop the overdue count
    stop = min(open_pauses, key=lambda p: p.start, default=None)
    if stop is not None and due > stop.start:
        # the clock stopped before reaching the due date: unknown until the pause ends
        d.state = CONSULTING if any(stop is p for p in consults) else AWAITING_FEE
        used = workdays_between(d.start, stop.start, skip=skip) if stop.start > d.start else 0
        d.notes.append(f"已用 {used} 个工作日（共 {days} 个）")
        return d
    d.due, d.estimated = due, estimated
    if estimated:
        d.notes.append("到期日超出已公布的节假日安排，按周一至周五估算，待次年安排公布后可能变化")
    return d


def _notes(app: Application, d: Deadline, today: date | None) -> None:
    """Reminders the 条例 gives (they do not change the due date)."""
    if app.corrections:
        first = app.corrections[0].start
        limit, _ = add_workdays(app.received_on, CORRECTION_NOTICE_DAYS)
        if first > limit:
            d.notes.append(f"告知补正晚于收到申请后{CORRECTION_NOTICE_DAYS}个工作日（条例第三十条，应于 {limit} 前）")
    if today is None or app.replied_on is not None:
        return
    for p in app.consults:
        if p.end is None:
            limit, _ = add_workdays(p.start, CONSULT_DAYS)
            if today > limit:
                d.notes.append(
                    f"征求意见已超过{CONSULT_DAYS}个工作日（{limit} 届满）：逾期未提出意见的，"
                    "由行政机关依照条例决定是否公开（第三十二条、第三十四条）"
                )
    for p in app.fees:
        if p.end is None:
            limit, _ = add_workdays(p.start, FEE_DAYS)
            if today > limit:
                d.notes.append(
                    f"缴费期限已于 {limit} 届满，逾期未缴纳的视为放弃申请（国办函〔2020〕109号），"
                    "可按“申请人逾期未按收费通知要求缴纳费用”办结"
                )
