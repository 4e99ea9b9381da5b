"""Database tables of the register (SQLAlchemy 2): cases, their events, and register settings.

Everything is append-only: a correction is a new event (``amend`` / ``retract``), a setting change
is a new settings row. The database itself refuses UPDATE and DELETE on these tables (triggers on
SQLite and PostgreSQL), so the audit trail — who recorded what, and when — cannot be rewritten.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

APPEND_ONLY_MESSAGE = "xxgk register is append-only"


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class CaseRow(Base):
    """A case's identity: its number and kind. Everything else about it is in its events."""

    __tablename__ = "register_cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(100), unique=True, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # application | review | suit
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))

    events: Mapped[list[EventRow]] = relationship(back_populates="case", order_by="EventRow.id")


class EventRow(Base):
    """One recorded fact about a case: what (kind, data), about which day (on), who and when."""

    __tablename__ = "register_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("register_cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    on: Mapped[date | None] = mapped_column("on_date", Date, nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str | None] = mapped_column(String(500), nullable=True)  # e.g. 导入 file.xlsx 第 37 行

    case: Mapped[CaseRow] = relationship(back_populates="events")


class SettingRow(Base):
    """A register setting (e.g. the agency's name); the latest row of a key wins."""

    __tablename__ = "register_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    value: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200))


def _append_only(table: str) -> None:
    sqlite = DDL(
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END; "
    ).execute_if(dialect="sqlite")
    sqlite_del = DDL(
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END; "
    ).execute_if(dialect="sqlite")
    pg_fn = DDL(
        "CREATE OR REPLACE FUNCTION xxgk_register_append_only() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$ LANGUAGE plpgsql"
    ).execute_if(dialect="postgresql")
    pg = DDL(
        f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION xxgk_register_append_only()"
    ).execute_if(dialect="postgresql")
    tbl = Base.metadata.tables[table]
    for ddl in (sqlite, sqlite_del, pg_fn, pg):
        event.listen(tbl, "after_create", ddl)


for _t in ("register_cases", "register_events", "register_settings"):
    _append_only(_t)
