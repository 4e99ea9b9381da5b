"""Open a register by database URL and append to it.

    >>> from xxgk.register import Register
    >>> reg = Register.open("sqlite:///xxgk-register.sqlite", user="张三")
    >>> reg.add_application("2024-001", received_on="2024-02-01", channel="网络", applicant="自然人")
    >>> reg.record("2024-001", "答复", "2024-02-20", outcome="予以公开")

SQLite by default (``sqlite:///path``); PostgreSQL by URL (``postgresql+psycopg://user@host/db``).
Every write is validated by folding the case's events with the new one (``cases.fold``); nothing is
written when that fails. Nothing is ever updated or deleted.
"""

from __future__ import annotations

import getpass
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import create_engine, event, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session

from .cases import CREATION, EVENT_FIELDS, Application, Case, EventRecord, Litigation, fold
from .errors import DuplicateCase, RegisterError, UnknownCase
from .models import Base, CaseRow, EventRow, SettingRow, utcnow
from .vocab import (
    APPLICATION,
    PENDING,
    REVIEW,
    SUIT,
    parse_date,
    resolve_applicant,
    resolve_channel,
    resolve_event_kind,
    resolve_outcome,
    resolve_result,
)

DEFAULT_URL = "sqlite:///xxgk-register.sqlite"
ENV_URL = "XXGK_REGISTER_DB"
ENV_USER = "XXGK_USER"


def default_url() -> str:
    return os.environ.get(ENV_URL) or DEFAULT_URL


def default_user() -> str:
    try:
        return os.environ.get(ENV_USER) or getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "unknown"


@dataclass
class NewCase:
    """A case to register with its events (for batch import)."""

    kind: str
    number: str
    events: list[EventRecord] = field(default_factory=list)
    source: str | None = None


class Register:
    """A case register in a SQL database."""

    def __init__(self, engine: Engine, *, user: str | None = None) -> None:
        self.engine = engine
        self.user = user or default_user()

    # --- opening ------------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        schema: str | None = None,
        user: str | None = None,
        create: bool = True,
    ) -> Register:
        """Open (and with ``create``, initialise) the register at a database URL.

        ``schema`` (PostgreSQL only) keeps the register's tables in their own schema.
        """
        url = url or default_url()
        try:
            kwargs: dict[str, Any] = {}
            if schema and url.startswith("postgresql"):
                kwargs["connect_args"] = {"options": f"-csearch_path={schema}"}
            engine = create_engine(url, **kwargs)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _sqlite_pragmas)
            if schema and engine.dialect.name == "postgresql":
                with engine.begin() as conn:
                    conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            reg = cls(engine, user=user)
            if create:
                Base.metadata.create_all(engine)
            elif not inspect(engine).has_table(EventRow.__tablename__):
                raise RegisterError(f"登记册尚未建立：{reg.display_url}。请先运行 xxgk register init")
        except (ArgumentError, NoSuchModuleError) as e:
            raise RegisterError(f"登记册数据库地址“{url}”无效：{e}") from e
        except (DBAPIError, SQLAlchemyError) as e:
            raise RegisterError(f"无法打开登记册数据库 {_safe(url)}：{_first_line(e)}") from e
        return reg

    @property
    def display_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- settings -----------------------------------------------------------------------------
    def set_setting(self, key: str, value: str) -> None:
        with Session(self.engine) as s, s.begin():
            s.add(SettingRow(key=key, value=value, recorded_at=utcnow(), recorded_by=self.user))

    def setting(self, key: str) -> str | None:
        with Session(self.engine) as s:
            row = s.scalars(
                select(SettingRow).where(SettingRow.key == key).order_by(SettingRow.id.desc()).limit(1)
            ).first()
            return row.value if row else None

    @property
    def agency(self) -> str | None:
        return self.setting("agency")

    # --- adding cases -------------------------------------------------------------------------
    def add_application(
        self,
        number: str,
        *,
        received_on: date | str,
        channel: str,
        applicant: str,
        applicant_name: str | None = None,
        request: str | None = None,
        note: str | None = None,
    ) -> Application:
        """Register an application received on ``received_on`` (the date fixed by 条例第三十一条)."""
        data = _normalize("received", None, {"channel": channel, "applicant": applicant,
                                             "applicant_name": applicant_name, "request": request})
        rec = EventRecord("received", parse_date(received_on, "收到日期"), data, note=note)
        return self._add(NewCase(APPLICATION, number, [rec]))  # type: ignore[return-value]

    def add_review(self, number: str, *, filed_on: date | str, subject: str | None = None,
                   body: str | None = None, note: str | None = None) -> Litigation:
        """Register a 行政复议 about disclosure, filed on ``filed_on``."""
        rec = EventRecord("filed", parse_date(filed_on, "提起日期"), _clean({"subject": subject, "body": body}),
                          note=note)
        return self._add(NewCase(REVIEW, number, [rec]))  # type: ignore[return-value]

    def add_suit(self, number: str, *, filed_on: date | str, after_review: bool = False,
                 subject: str | None = None, body: str | None = None, note: str | None = None) -> Litigation:
        """Register a 行政诉讼 about disclosure (``after_review``: 复议后起诉)."""
        data = _clean({"after_review": bool(after_review), "subject": subject, "body": body})
        rec = EventRecord("filed", parse_date(filed_on, "提起日期"), data, note=note)
        return self._add(NewCase(SUIT, number, [rec]))  # type: ignore[return-value]

    def _add(self, new: NewCase) -> Case:
        self.add_many([new])
        return self.case(new.number)

    def add_many(self, cases: Iterable[NewCase]) -> int:
        """Register many new cases in one transaction: all of them, or none (raises)."""
        cases = list(cases)
        seen: set[str] = set()
        for c in cases:
            c.number = _number(c.number)
            if c.number in seen:
                raise DuplicateCase(f"编号 {c.number} 重复")
            seen.add(c.number)
            fold(c.kind, c.number, c.events)  # validates
        now = utcnow()
        try:
            with Session(self.engine) as s, s.begin():
                existing = self._existing(s, [c.number for c in cases])
                if existing:
                    raise DuplicateCase(f"编号 {'、'.join(sorted(existing)[:20])} 已登记")
                for c in cases:
                    row = CaseRow(number=c.number, kind=c.kind, created_at=now, created_by=self.user)
                    row.events = [self._row(e, now, c.source) for e in c.events]
                    s.add(row)
        except SQLAlchemyError as e:
            raise RegisterError(f"写入登记册失败（未写入任何记录）：{_first_line(e)}") from e
        return len(cases)

    def existing_numbers(self, numbers: list[str]) -> set[str]:
        """Which of these case numbers are already registered."""
        with Session(self.engine) as s:
            return self._existing(s, numbers)

    @staticmethod
    def _existing(s: Session, numbers: list[str]) -> set[str]:
        out: set[str] = set()
        for i in range(0, len(numbers), 500):
            chunk = numbers[i : i + 500]
            out |= set(s.scalars(select(CaseRow.number).where(CaseRow.number.in_(chunk))))
        return out

    def _row(self, e: EventRecord, now: Any, source: str | None = None) -> EventRow:
        return EventRow(kind=e.kind, on=e.on, data=_jsonable(e.data), recorded_at=now,
                        recorded_by=self.user, note=e.note, source=e.source or source)

    # --- recording events ---------------------------------------------------------------------
    def record(self, number: str, kind: str, on: date | str, *, note: str | None = None,
               **data: Any) -> EventRecord:
        """Record an event (key or Chinese label: 告知补正, 收到补正, 征求意见, 收到意见, 延长答复期限,
        发出收费通知, 缴费完成, 答复, 审结) on a case."""
        kind = resolve_event_kind(kind)
        if kind in ("amend", "retract"):
            raise RegisterError("更正或撤销记录请使用 amend / retract")
        if kind in CREATION.values():
            raise RegisterError(f"“{kind}”是登记案件本身的记录，请用 add 登记")
        day = parse_date(on, "日期")
        rec = EventRecord(kind, day, _normalize(kind, day, data), note=note)
        return self._append(number, rec)

    def amend(self, event_id: int, *, note: str | None = None, **fields: Any) -> EventRecord:
        """Correct fields (and/or the date ``on``) of an earlier event; the original stays in the log."""
        if not fields:
            raise RegisterError("没有要更正的内容")
        number, target = self._event(event_id)
        on = parse_date(fields["on"], "日期") if "on" in fields else target.on
        clean = _normalize(target.kind, on, {k: v for k, v in fields.items() if k != "on"}, partial=True)
        if "on" in fields:
            clean["on"] = on.isoformat()
        rec = EventRecord("amend", None, {"target": event_id, "fields": clean}, note=note)
        return self._append(number, rec)

    def retract(self, event_id: int, *, reason: str) -> EventRecord:
        """Cancel an earlier event (retracting a case's first event voids the case)."""
        if not reason:
            raise RegisterError("撤销记录须说明理由")
        number, _ = self._event(event_id)
        return self._append(number, EventRecord("retract", None, {"target": event_id}, note=reason))

    def _event(self, event_id: int) -> tuple[str, EventRecord]:
        with Session(self.engine) as s:
            row = s.get(EventRow, event_id)
            if row is None:
                raise RegisterError(f"记录 #{event_id} 不存在")
            return row.case.number, _record(row)

    def _append(self, number: str, rec: EventRecord) -> EventRecord:
        number = _number(number)
        now = utcnow()
        try:
            with Session(self.engine) as s, s.begin():
                row = s.scalars(select(CaseRow).where(CaseRow.number == number)).first()
                if row is None:
                    raise UnknownCase(f"登记册中没有编号为 {number} 的案件")
                events = [_record(e) for e in row.events]
                if fold(row.kind, number, events) is None:
                    raise RegisterError(f"编号 {number} 的案件已撤销")
                fold(row.kind, number, [*events, rec])  # validates, raises before writing
                new = self._row(rec, now)
                row.events.append(new)
                s.flush()
                rec.id, rec.recorded_at, rec.recorded_by = new.id, now, self.user
        except SQLAlchemyError as e:
            raise RegisterError(f"写入登记册失败：{_first_line(e)}") from e
        return rec

    # --- reading ------------------------------------------------------------------------------
    def case(self, number: str) -> Case:
        number = _number(number)
        with Session(self.engine) as s:
            row = s.scalars(select(CaseRow).where(CaseRow.number == number)).first()
            if row is None:
                raise UnknownCase(f"登记册中没有编号为 {number} 的案件")
            case = fold(row.kind, number, [_record(e) for e in row.events])
        if case is None:
            raise UnknownCase(f"编号 {number} 的案件已撤销")
        return case

    def cases(self) -> list[Case]:
        """Every case that is not void, in number order."""
        out = []
        for kind, number, events in self._all():
            case = fold(kind, number, events)
            if case is not None:
                out.append(case)
        return out

    def applications(self) -> list[Application]:
        return [c for c in self.cases() if isinstance(c, Application)]

    def litigations(self) -> list[Litigation]:
        return [c for c in self.cases() if isinstance(c, Litigation)]

    def log(self, number: str | None = None) -> list[tuple[str, EventRecord]]:
        """The audit trail: every event as recorded (who, when, what), oldest first."""
        with Session(self.engine) as s:
            q = select(CaseRow.number, EventRow).join(EventRow.case).order_by(EventRow.id)
            if number is not None:
                q = q.where(CaseRow.number == _number(number))
            return [(n, _record(e)) for n, e in s.execute(q).all()]

    def _all(self) -> list[tuple[str, str, list[EventRecord]]]:
        with Session(self.engine) as s:
            cases = s.execute(select(CaseRow.id, CaseRow.kind, CaseRow.number).order_by(CaseRow.number)).all()
            events: dict[int, list[EventRecord]] = defaultdict(list)
            t = EventRow.__table__
            for e in s.execute(select(t).order_by(t.c.id)):  # plain rows: no ORM identity overhead
                events[e.case_id].append(EventRecord(e.kind, e.on_date, dict(e.data or {}), e.id, e.recorded_at,
                                                     e.recorded_by, e.note, e.source))
        return [(kind, number, events[cid]) for cid, kind, number in cases]


# --- helpers ----------------------------------------------------------------------------------


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _record(row: EventRow) -> EventRecord:
    return EventRecord(row.kind, row.on, dict(row.data or {}), row.id, row.recorded_at, row.recorded_by,
                       row.note, row.source)


def _number(number: Any) -> str:
    n = str(number if number is not None else "").strip()
    if not n:
        raise RegisterError("编号不能为空")
    if len(n) > 100:
        raise RegisterError(f"编号“{n[:20]}…”过长（最多100个字符）")
    return n


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != ""}


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            v = _jsonable(v)
        elif isinstance(v, date):
            v = v.isoformat()
        out[k] = v
    return out


def _normalize(kind: str, on: date | None, data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Event data with labels turned into keys and values checked; raises in Chinese."""
    allowed = EVENT_FIELDS.get(kind, ())
    extra = sorted(k for k, v in data.items() if k not in allowed and v not in (None, ""))
    if extra:
        raise RegisterError(f"“{kind}”记录没有 {'、'.join(extra)} 项")
    out = dict(_clean(data))
    if kind == "received":
        for k in ("channel", "applicant"):
            if k not in out and not partial:
                raise RegisterError(f"缺少{'提交方式' if k == 'channel' else '申请人类型'}")
        if "channel" in out:
            out["channel"] = resolve_channel(out["channel"])
        if "applicant" in out:
            out["applicant"] = resolve_applicant(out["applicant"])
        for k in ("applicant_name", "request"):
            if k in out:
                out[k] = str(out[k])
    elif kind == "replied":
        if "outcome" not in out:
            if not partial:
                raise RegisterError("答复须填写办理结果")
        else:
            out["outcome"] = resolve_outcome(out["outcome"], on.year if on else None)
    elif kind == "closed":
        if "result" not in out:
            if not partial:
                raise RegisterError("审结须填写审理结果（维持、纠正或其他）")
        else:
            result = resolve_result(out["result"])
            if result == PENDING:
                raise RegisterError("尚未审结的案件无需记录审结")
            out["result"] = result
    elif kind == "extended":
        if "days" not in out and not partial:
            raise RegisterError("延长答复期限须填写延长的工作日数")
        if "days" in out:
            out["days"] = _int(out["days"], "延长工作日数")
    elif kind == "fee_notice" and "amount" in out:
        out["amount"] = _money(out["amount"])
    elif kind == "filed" and "after_review" in out:
        out["after_review"] = bool(out["after_review"])
    return out


def _int(v: Any, what: str) -> int:
    try:
        f = float(str(v).strip())
    except ValueError:
        raise RegisterError(f"{what}“{v}”不是整数") from None
    if not f.is_integer():
        raise RegisterError(f"{what}“{v}”不是整数")
    return int(f)


def _money(v: Any) -> float:
    try:
        f = float(str(v).strip().removesuffix("元"))
    except ValueError:
        raise RegisterError(f"收费金额“{v}”不是数字（单位：元）") from None
    if f < 0:
        raise RegisterError(f"收费金额“{v}”不能为负")
    return f


def _first_line(e: Exception) -> str:
    return str(getattr(e, "orig", None) or e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


def _safe(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
