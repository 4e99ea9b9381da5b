"""Reply deadlines computed by hand (working days counted from the day after the start day).

Holiday data: 国务院办公厅 2024 安排 — 春节 2月10–17日 (调休上班 2月4日、18日), 清明 4月4–6日
(4月7日上班), 端午 6月10日, 国庆 10月1–7日 (9月29日、10月12日上班); 2025 元旦 1月1日.
"""

from datetime import date

import pytest

from xxgk.register.cases import EventRecord, fold
from xxgk.register.deadlines import AWAITING_CORRECTION, AWAITING_FEE, CONSULTING, REPLIED, RUNNING, deadline

D = date.fromisoformat


def app(received: str, *events: tuple) -> object:
    recs = [EventRecord("received", D(received), {"channel": "online", "applicant": "natural"}, id=1)]
    for i, (kind, on, *data) in enumerate(events, start=2):
        recs.append(EventRecord(kind, D(on), data[0] if data else {}, id=i))
    return fold("application", "T-1", recs)


def test_spring_festival_2024():
    # received Thu 02-01: 2/2(1) 2/4 Sun调休(2) 2/5-2/9(3-7) [2/10-17 off] 2/18 Sun调休(8) 2/19-23(9-13)
    # 2/26-3/1(14-18) 3/4(19) 3/5(20)
    d = deadline(app("2024-02-01"))
    assert (d.start, d.due, d.days, d.state, d.estimated) == (D("2024-02-01"), D("2024-03-05"), 20, RUNNING, False)


def test_national_day_2024():
    # received Mon 09-23: 9/24-27(1-4) 9/29 Sun调休(5) 9/30(6) [10/1-7 off] 10/8-11(7-10) 10/12 Sat调休(11)
    # 10/14-18(12-16) 10/21-24(17-20)
    assert deadline(app("2024-09-23")).due == D("2024-10-24")


def test_correction_restarts_the_clock():
    # 条例第三十条: the period runs from receipt of the corrected request (Mon 03-11):
    # 3/12-15(1-4) 3/18-22(5-9) 3/25-29(10-14) 4/1-3(15-17) [4/4-6 清明] 4/7 Sun调休(18) 4/8(19) 4/9(20)
    a = app("2024-03-04", ("correction_requested", "2024-03-06"), ("correction_received", "2024-03-11"))
    d = deadline(a)
    assert (d.start, d.due) == (D("2024-03-11"), D("2024-04-09"))
    # without the correction it would have been 04-01
    assert deadline(app("2024-03-04")).due == D("2024-04-01")


def test_awaiting_correction_stops_the_clock():
    d = deadline(app("2024-03-04", ("correction_requested", "2024-03-06")))
    assert (d.state, d.due, d.start) == (AWAITING_CORRECTION, None, None)


def test_late_correction_notice_is_noted():
    # 7 working days after 03-04 is 03-13; a notice on 03-14 is late (条例第三十条)
    d = deadline(app("2024-03-04", ("correction_requested", "2024-03-14"), ("correction_received", "2024-03-15")))
    assert any("2024-03-13" in n for n in d.notes)
    d = deadline(app("2024-03-04", ("correction_requested", "2024-03-13"), ("correction_received", "2024-03-15")))
    assert d.notes == []


def test_third_party_pause():
    # received Mon 05-13; consult 05-15 → 05-24, so 5/16-5/24 are not counted.
    # 5/14(1) 5/15(2) | 5/27-31(3-7) 6/3-7(8-12) [6/10 端午] 6/11-14(13-16) 6/17-20(17-20)
    a = app("2024-05-13", ("consult_started", "2024-05-15", {"party": "某公司"}), ("consult_ended", "2024-05-24"))
    assert deadline(a).due == D("2024-06-20")


def test_consult_in_progress_stops_the_clock():
    d = deadline(app("2024-05-13", ("consult_started", "2024-05-15")), today=D("2024-06-20"))
    assert (d.state, d.due) == (CONSULTING, None)
    assert any("已用 2 个工作日（共 20 个）" in n for n in d.notes)
    # 15 working days from 05-15 end on 06-05 (5/16-17, 5/20-24, 5/27-31, 6/3-5): noted
    assert any("2024-06-05" in n for n in d.notes)


def test_extension():
    # received Mon 07-01, 20 + 20 working days, no holiday: 7/29 is the 20th, 8/26 the 40th
    assert deadline(app("2024-07-01")).due == D("2024-07-29")
    d = deadline(app("2024-07-01", ("extended", "2024-07-20", {"days": 20})))
    assert (d.days, d.due) == (40, D("2024-08-26"))


def test_fee_pause():
    # 国办函〔2020〕109号: notice 07-03 → paid 07-10 not counted (7/4,5,8,9,10): 7/29 + 5 = 8/5
    a = app("2024-07-01", ("fee_notice", "2024-07-03", {"amount": 100.0}), ("fee_paid", "2024-07-10"))
    assert deadline(a).due == D("2024-08-05")
    d = deadline(app("2024-07-01", ("fee_notice", "2024-07-03")), today=D("2024-08-05"))
    assert d.state == AWAITING_FEE and d.due is None
    assert any("缴费期限" in n for n in d.notes)  # 20 working days after 07-03 = 07-31


def test_year_boundary():
    # received Mon 2024-12-16: 12/17-20(1-4) 12/23-27(5-9) 12/30-31(10-11) [2025-01-01 元旦]
    # 1/2-3(12-13) 1/6-10(14-18) 1/13(19) 1/14(20)
    assert deadline(app("2024-12-16")).due == D("2025-01-14")


def test_all_pauses_together():
    # received Thu 2024-02-01, correction asked 02-02 and received Mon 02-05 (clock from 02-05);
    # consult 02-07 → 02-20 (2/8, 2/9, 2/18, 2/19, 2/20 not counted); extension 10 days.
    # 2/6(1) 2/7(2) | 2/21-23(3-5) 2/26-3/1(6-10) 3/4-8(11-15) 3/11-15(16-20) 3/18-22(21-25) 3/25-29(26-30)
    a = app(
        "2024-02-01",
        ("correction_requested", "2024-02-02"),
        ("correction_received", "2024-02-05"),
        ("consult_started", "2024-02-07"),
        ("consult_ended", "2024-02-20"),
        ("extended", "2024-03-01", {"days": 10}),
    )
    assert deadline(a).due == D("2024-03-29")


def test_replied_late_and_on_time():
    a = app("2024-02-01", ("replied", "2024-03-05", {"outcome": "granted"}))
    d = deadline(a)
    assert (d.state, d.late) == (REPLIED, False)
    assert deadline(app("2024-02-01", ("replied", "2024-03-06", {"outcome": "granted"}))).late is True


def test_remaining_and_overdue():
    d = deadline(app("2024-02-01"))  # due 03-05
    assert d.remaining(D("2024-03-01")) == 2  # 3/4, 3/5
    assert not d.overdue(D("2024-03-05"))
    assert d.overdue(D("2024-03-06")) and d.remaining(D("2024-03-07")) == -2


@pytest.mark.parametrize(
    "received,due,estimated",
    [("2030-01-02", "2030-01-30", True), ("2026-12-21", "2027-01-18", True), ("2026-11-02", "2026-11-30", False)],
)
def test_beyond_known_schedule_flagged(received, due, estimated):
    # 2026-12-21 (Mon): 12/22-31 is 8 working days (2026 data), then 2027 has no data: plain weekdays
    # 1/1(9) 1/4-8(10-14) 1/11-15(15-19) 1/18(20) — estimated because 2027 is not yet published.
    d = deadline(app(received))
    assert (d.due, d.estimated) == (D(due), estimated)
    assert any("估算" in n for n in d.notes) == estimated
