from datetime import date

import pytest
from register_support import PgRegister, needs_pg
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from xxgk.register import DuplicateCase, Register, RegisterError, UnknownCase
from xxgk.register.models import APPEND_ONLY_MESSAGE

D = date.fromisoformat


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_pg)])
def reg(request, tmp_path):
    if request.param == "sqlite":
        r = Register.open(f"sqlite:///{tmp_path / 'reg.sqlite'}", user="张三")
        yield r
        r.close()
    else:
        with PgRegister(user="张三") as r:
            yield r


def test_add_record_and_read_back(reg):
    reg.add_application("2024-001", received_on="2024年2月1日", channel="网络", applicant="自然人",
                        applicant_name="李四", request="某项目批复")
    reg.record("2024-001", "征求意见", "2024-02-05", party="某公司")
    reg.record("2024-001", "收到意见", "2024-02-07")
    reg.record("2024-001", "答复", "2024-02-29", outcome="（三）4.保护第三方合法权益")
    app = reg.case("2024-001")
    assert (app.channel, app.applicant, app.applicant_name, app.request) == ("online", "natural", "李四", "某项目批复")
    assert (app.replied_on, app.outcome) == (D("2024-02-29"), "denied_third_party")
    assert [(p.start, p.end) for p in app.consults] == [(D("2024-02-05"), D("2024-02-07"))]


def test_every_change_is_kept_with_who_and_when(reg):
    reg.add_application("A", received_on="2024-02-01", channel="当面", applicant="科研机构")
    rec = reg.record("A", "答复", "2024-02-10", outcome="予以公开")
    reg.user = "王五"
    fix = reg.amend(rec.id, on="2024-02-11", outcome="部分公开", note="日期录错")
    assert reg.case("A").outcome == "partial" and reg.case("A").replied_on == D("2024-02-11")
    assert fix.recorded_by == "王五"
    reg.retract(rec.id, reason="答复未送达")
    assert reg.case("A").is_open
    log = reg.log("A")
    assert [e.kind for _, e in log] == ["received", "replied", "amend", "retract"]
    assert [e.recorded_by for _, e in log] == ["张三", "张三", "王五", "王五"]
    assert all(e.recorded_at is not None for _, e in log)
    # the original reply is still there, unchanged
    assert (log[1][1].on, log[1][1].data) == (D("2024-02-10"), {"outcome": "granted"})
    assert log[2][1].data == {"target": rec.id, "fields": {"on": "2024-02-11", "outcome": "partial"}}
    assert log[3][1].note == "答复未送达"


def test_database_refuses_update_and_delete(reg):
    reg.add_application("A", received_on="2024-02-01", channel="当面", applicant="其他")
    reg.set_setting("agency", "甲局")
    for sql in ("UPDATE register_events SET kind = 'x'", "DELETE FROM register_events",
                "UPDATE register_cases SET number = 'B'", "DELETE FROM register_settings"):
        with pytest.raises(DBAPIError, match=APPEND_ONLY_MESSAGE), reg.engine.begin() as conn:
            conn.execute(text(sql))
    assert reg.case("A").number == "A"


def test_invalid_writes_leave_nothing(reg):
    reg.add_application("A", received_on="2024-02-01", channel="传真", applicant="社会公益组织")
    n = len(reg.log())
    with pytest.raises(RegisterError, match="早于收到申请日期"):
        reg.record("A", "答复", "2024-01-01", outcome="予以公开")
    with pytest.raises(RegisterError, match="办理结果“查无此项”"):
        reg.record("A", "答复", "2024-03-01", outcome="查无此项")
    with pytest.raises(RegisterError, match="不是有效日期"):
        reg.record("A", "答复", "2024-13-01", outcome="予以公开")
    with pytest.raises(DuplicateCase, match="已登记"):
        reg.add_application("A", received_on="2024-02-01", channel="传真", applicant="自然人")
    with pytest.raises(UnknownCase, match="没有编号为 Z"):
        reg.record("Z", "答复", "2024-03-01", outcome="予以公开")
    with pytest.raises(RegisterError, match="提交方式“短信”无法识别"):
        reg.add_application("B", received_on="2024-02-01", channel="短信", applicant="自然人")
    assert len(reg.log()) == n


def test_reviews_suits_and_settings(reg):
    reg.add_review("FY-1", filed_on="2024-03-01", subject="A")
    reg.add_suit("SS-1", filed_on="2024-04-01", after_review=True)
    reg.record("FY-1", "审结", "2024-05-01", result="纠正")
    with pytest.raises(RegisterError, match="尚未审结的案件无需记录审结"):
        reg.record("SS-1", "审结", "2024-05-01", result="尚未审结")
    assert [(c.number, c.block, c.result) for c in reg.litigations()] == [
        ("FY-1", "review", "corrected"), ("SS-1", "suit_after_review", None)]
    assert reg.agency is None
    reg.set_setting("agency", "甲局")
    reg.set_setting("agency", "乙局")
    assert reg.agency == "乙局"


def test_void_case_is_left_out(reg):
    reg.add_application("A", received_on="2024-02-01", channel="网络", applicant="自然人")
    first = reg.log("A")[0][1]
    reg.retract(first.id, reason="重复登记")
    assert reg.cases() == []
    with pytest.raises(UnknownCase, match="已撤销"):
        reg.case("A")
    with pytest.raises(RegisterError, match="已撤销"):
        reg.record("A", "答复", "2024-02-03", outcome="予以公开")


def test_open_errors_are_chinese(tmp_path):
    with pytest.raises(RegisterError, match="尚未建立"):
        Register.open(f"sqlite:///{tmp_path / 'none.sqlite'}", create=False)
    with pytest.raises(RegisterError, match="无效"):
        Register.open("nonsense://x")
    with pytest.raises(RegisterError, match="无法打开登记册数据库"):
        Register.open("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_amending_the_receipt_moves_the_case_between_years(reg):
    from xxgk.register import register_report

    reg.add_application("A", received_on="2024-01-02", channel="网络", applicant="自然人")
    first = reg.log("A")[0][1]
    assert register_report(reg, 2024).value("applications.new.total") == 1
    reg.amend(first.id, on="2023-12-29", channel="邮寄", applicant="商业企业")
    app = reg.case("A")
    assert (app.received_on, app.channel, app.applicant) == (D("2023-12-29"), "mail", "business")
    r24, r23 = register_report(reg, 2024), register_report(reg, 2023)
    assert r24.value("applications.new.total") == 0
    assert r24.value("applications.carried_over.business") == 1
    assert r23.value("applications.carried_forward.business") == 1
    with pytest.raises(RegisterError, match="申请人类型“个人”无法识别"):
        reg.amend(first.id, applicant="个人")
