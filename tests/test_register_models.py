from datetime import date

import pytest
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.exc import DBAPIError

from xxgk.register.models import APPEND_ONLY_MESSAGE, Base, CaseRow, EventRow


def test_tables_are_append_only_at_the_database_level():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(CaseRow.__table__).values(id=1, number="A", kind="application", created_by="x"))
        conn.execute(insert(EventRow.__table__).values(case_id=1, kind="received", on_date=date(2024, 2, 1),
                                                       data={"channel": "online"}, recorded_by="x"))
    for sql in ("UPDATE register_events SET on_date = '2024-02-02'", "DELETE FROM register_events",
                "DELETE FROM register_cases"):
        with pytest.raises(DBAPIError, match=APPEND_ONLY_MESSAGE), engine.begin() as conn:
            conn.execute(text(sql))
    with engine.connect() as conn:
        row = conn.execute(select(EventRow.__table__)).one()
    assert (row.on_date, row.data, row.kind) == (date(2024, 2, 1), {"channel": "online"}, "received")
    # creating again is harmless (IF NOT EXISTS) and keeps the rows
    Base.metadata.create_all(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM register_events")).scalar() == 1
