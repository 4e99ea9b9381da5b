"""Shared helpers for the register tests: a PostgreSQL register in a throw-away schema."""

from __future__ import annotations

import uuid

import pytest

from xxgk.register import Register

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", connect_timeout=3):
            return True
    except Exception:
        return False


PG_AVAILABLE = pg_available()
needs_pg = pytest.mark.skipif(not PG_AVAILABLE, reason="PostgreSQL not reachable at 127.0.0.1:5432 (database test)")


class PgRegister:
    """Context manager: a Register in a fresh schema, dropped afterwards."""

    def __init__(self, user: str = "测试员") -> None:
        self.schema = f"xxgk_reg_{uuid.uuid4().hex[:12]}"
        self.user = user

    def __enter__(self) -> Register:
        self.reg = Register.open(PG_URL, schema=self.schema, user=self.user)
        return self.reg

    def __exit__(self, *exc: object) -> None:
        from sqlalchemy import create_engine, text

        self.reg.close()
        engine = create_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        engine.dispose()
