from datetime import date

import pytest

from xxgk.register.cases import EventRecord, effective_events, fold
from xxgk.register.errors import RegisterError

D = date.fromisoformat
RECEIVED = {"channel": "online", "applicant": "business"}


def ev(i, kind, on, **data):
    return EventRecord(kind, D(on) if on else None, data, id=i)


def test_fold_application_state():
    app = fold("application", "A1", [
        ev(1, "received", "2024-02-01", **RECEIVED, applicant_name="某公司"),
        ev(2, "consult_started", "2024-02-05", party="第三方"),
        ev(3, "consult_ended", "2024-02-07"),
        ev(4, "extended", "2024-02-20", days=5),
        ev(5, "extended", "2024-02-28", days=15),
        ev(6, "replied", "2024-03-20", outcome="denied_third_party"),
    ])
    assert (app.received_on, app.applicant, app.applicant_name) == (D("2024-02-01"), "business", "某公司")
    assert [(p.start, p.end, p.what) for p in app.consults] == [(D("2024-02-05"), D("2024-02-07"), "第三方")]
    assert app.extension_days == 20
    assert (app.replied_on, app.outcome, app.is_open) == (D("2024-03-20"), "denied_third_party", False)
    assert app.open_at_end_of(D("2024-03-19")) and not app.open_at_end_of(D("2024-03-20"))


@pytest.mark.parametrize(
    "events,message",
    [
        ([ev(2, "replied", "2024-01-31", outcome="granted")], "早于收到申请日期（2024-02-01）"),
        ([ev(2, "correction_received", "2024-02-03")], "没有未结束的“告知补正”"),
        ([ev(2, "consult_ended", "2024-02-03")], "没有未结束的“征求意见”"),
        ([ev(2, "fee_paid", "2024-02-03")], "没有未结束的“发出收费通知”"),
        ([ev(2, "extended", "2024-02-03", days=15), ev(3, "extended", "2024-02-04", days=6)], "累计 21 个工作日"),
        ([ev(2, "extended", "2024-02-03", days=0)], "应为正整数"),
        ([ev(2, "replied", "2024-02-03", outcome="other")], "不是2024年适用格式表三的办理结果"),
        ([ev(2, "replied", "2024-02-03", outcome="granted"), ev(3, "replied", "2024-02-04", outcome="granted")],
         "已于 2024-02-03 答复"),
        ([ev(2, "replied", "2024-02-03", outcome="granted"), ev(3, "extended", "2024-02-04", days=3)],
         "晚于答复日期（2024-02-03）"),
        ([ev(2, "correction_requested", "2024-02-03"), ev(3, "correction_requested", "2024-02-04")],
         "尚未收到补正"),
        ([ev(2, "closed", "2024-02-03", result="upheld")], "不适用于政府信息公开申请"),
    ],
)
def test_fold_rejects_contradictions(events, message):
    with pytest.raises(RegisterError, match=message):
        fold("application", "A1", [ev(1, "received", "2024-02-01", **RECEIVED), *events])


def test_outcome_rows_follow_the_reply_year_template():
    # a 2020 reply uses the 2019 template's single （六）其他处理; 2021 on, the three sub-rows
    a = fold("application", "A", [ev(1, "received", "2020-12-20", **RECEIVED), ev(2, "replied", "2020-12-30", outcome="other")])
    assert a.outcome == "other"
    with pytest.raises(RegisterError, match="2021年"):
        fold("application", "A", [ev(1, "received", "2020-12-20", **RECEIVED), ev(2, "replied", "2021-01-04", outcome="other")])
    with pytest.raises(RegisterError, match="2020年"):
        fold("application", "A", [ev(1, "received", "2020-12-20", **RECEIVED),
                                  ev(2, "replied", "2020-12-30", outcome="other_unpaid_fee")])


def test_amend_and_retract_are_applied_in_order():
    events = [
        ev(1, "received", "2024-02-01", **RECEIVED),
        ev(2, "replied", "2024-02-10", outcome="granted"),
        ev(3, "amend", None, target=2, fields={"on": "2024-02-12", "outcome": "partial"}),
    ]
    app = fold("application", "A1", events)
    assert (app.replied_on, app.outcome) == (D("2024-02-12"), "partial")
    assert len(effective_events(events, "A1")) == 2
    app = fold("application", "A1", [*events, ev(4, "retract", None, target=2)])
    assert app.is_open and app.outcome is None
    # retracting the first event voids the case
    assert fold("application", "A1", [*events, ev(4, "retract", None, target=1)]) is None


def test_amend_errors():
    base = [ev(1, "received", "2024-02-01", **RECEIVED)]
    with pytest.raises(RegisterError, match="#9 不存在"):
        fold("application", "A1", [*base, ev(2, "amend", None, target=9, fields={"on": "2024-02-02"})])
    with pytest.raises(RegisterError, match="没有可更正的字段 days"):
        fold("application", "A1", [*base, ev(2, "amend", None, target=1, fields={"days": 3})])
    with pytest.raises(RegisterError, match="已撤销"):
        fold("application", "A1", [*base, ev(2, "retract", None, target=1), ev(3, "retract", None, target=1)])


def test_fold_litigation():
    suit = fold("suit", "S1", [ev(1, "filed", "2024-03-01", after_review=True, subject="A1"),
                               ev(2, "closed", "2024-06-01", result="corrected")])
    assert (suit.block, suit.result, suit.closed_on, suit.subject) == (
        "suit_after_review", "corrected", D("2024-06-01"), "A1")
    review = fold("review", "R1", [ev(1, "filed", "2024-03-01")])
    assert (review.block, review.is_open) == ("review", True)
    assert fold("suit", "S2", [ev(1, "filed", "2024-03-01")]).block == "suit_direct"
    with pytest.raises(RegisterError, match="早于提起日期"):
        fold("review", "R1", [ev(1, "filed", "2024-03-01"), ev(2, "closed", "2024-02-01", result="upheld")])
    with pytest.raises(RegisterError, match="审结结果应为"):
        fold("review", "R1", [ev(1, "filed", "2024-03-01"), ev(2, "closed", "2024-04-01", result="pending")])
    with pytest.raises(RegisterError, match="不适用于行政复议"):
        fold("review", "R1", [ev(1, "filed", "2024-03-01"), ev(2, "replied", "2024-04-01", outcome="granted")])
