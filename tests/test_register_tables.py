from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk.model.report import Report
from xxgk.model.rules import ARITHMETIC_RULES
from xxgk.model.statutory import RESULT_GROUPS, TEMPLATES, template_for_year
from xxgk.register import Register, RegisterError, build_report, register_report
from xxgk.register.cases import EventRecord
from xxgk.register.store import NewCase
from xxgk.register.vocab import APPLICANTS, CHANNELS, CLOSED_RESULTS, outcomes_for_year

D = date.fromisoformat
COLS = [c.key for c in APPLICANTS]
try:
    from xxgk import check as xxgk_check
    from xxgk.checks import run_checks  # noqa: F401

    HAVE_CHECKS = True
except ImportError:  # the checks package is written by another engineer
    HAVE_CHECKS = False


def v(report: Report, path: str) -> int:
    c = report.cell(path)
    assert c is not None and c.status == "ok" and isinstance(c.value, int), path
    return c.value


def assert_table_rules(report: Report) -> None:
    """A3.BALANCE, A3.RESULTS, A3.ROW and A4.BLOCK written out, on the produced numbers."""
    tpl = TEMPLATES[report.meta.template]
    rows = [r.key for r in tpl.applications.rows if not r.subtotal]
    assert set(report.tables["applications"]) == set(rows)
    other = ["other"] if "other" in rows else list(RESULT_GROUPS["other"])
    for col in [*COLS, "total"]:
        a = lambda row, col=col: v(report, f"applications.{row}.{col}")  # noqa: E731
        assert a("new") + a("carried_over") == a("total") + a("carried_forward"), ("A3.BALANCE", col)
        results = (a("granted") + a("partial") + sum(a(k) for k in RESULT_GROUPS["denied"])
                   + sum(a(k) for k in RESULT_GROUPS["unable"]) + sum(a(k) for k in RESULT_GROUPS["rejected"])
                   + sum(a(k) for k in other))
        assert a("total") == results, ("A3.RESULTS", col)
    for row in rows:
        assert v(report, f"applications.{row}.total") == sum(v(report, f"applications.{row}.{c}") for c in COLS), row
    for block in ("review", "suit_direct", "suit_after_review"):
        b = lambda col, block=block: v(report, f"reviews.{block}.{col}")  # noqa: E731
        assert b("total") == b("upheld") + b("corrected") + b("other") + b("pending"), ("A4.BLOCK", block)


# --- random registers -------------------------------------------------------------------------

FIRST, LAST = D("2019-01-01"), D("2025-12-31")
days = st.integers(0, (LAST - FIRST).days)


@st.composite
def application(draw, i):
    received = FIRST + timedelta(days=draw(days))
    events = [EventRecord("received", received, {"channel": draw(st.sampled_from(CHANNELS)).key,
                                                 "applicant": draw(st.sampled_from(COLS))})]
    if draw(st.booleans()):
        replied = received + timedelta(days=draw(st.integers(0, 500)))
        events.append(EventRecord("replied", replied, {"outcome": draw(st.sampled_from(outcomes_for_year(replied.year)))}))
    return NewCase("application", f"A{i:04d}", events)


@st.composite
def litigation(draw, i):
    kind = draw(st.sampled_from(["review", "suit"]))
    filed = FIRST + timedelta(days=draw(days))
    data = {"after_review": draw(st.booleans())} if kind == "suit" else {}
    events = [EventRecord("filed", filed, data)]
    if draw(st.booleans()):
        closed = filed + timedelta(days=draw(st.integers(0, 700)))
        events.append(EventRecord("closed", closed, {"result": draw(st.sampled_from(CLOSED_RESULTS)).key}))
    return NewCase(kind, f"L{i:04d}", events)


@st.composite
def registers(draw):
    n, m = draw(st.integers(0, 40)), draw(st.integers(0, 12))
    return [draw(application(i)) for i in range(n)] + [draw(litigation(i)) for i in range(m)]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers(), st.sampled_from(["active", "filed"]))
def test_tables_satisfy_the_rules_by_construction(cases, scope):
    reg = Register.open("sqlite://", user="hypothesis")
    reg.add_many(cases)
    stored = reg.cases()
    prev = None
    for year in range(2019, 2027):
        if year == 2024:
            report = register_report(reg, year, reviews_scope=scope)
        else:
            report = build_report(stored, year, reviews_scope=scope)
        assert report.meta.template == template_for_year(year).key
        assert_table_rules(report)
        # independent counts
        apps = [c for c in cases if c.kind == "application"]
        assert v(report, "applications.new.total") == sum(c.events[0].on.year == year for c in apps)
        assert v(report, "applications.total.total") == sum(
            len(c.events) > 1 and c.events[1].on.year == year for c in apps)
        if prev is not None:  # X.CARRY: this year's 上年结转 is last year's 结转下年度, per column
            for col in [*COLS, "total"]:
                assert v(report, f"applications.carried_over.{col}") == v(prev, f"applications.carried_forward.{col}")
        if HAVE_CHECKS:
            bad = [f for f in xxgk_check(report, prev=prev)
                   if f.rule in (*ARITHMETIC_RULES, "X.CARRY", "S.ROWS", "N.BLANK", "N.NOT_NUMBER")]
            assert bad == [], [f.to_dict() for f in bad]
        # the JSON data file round-trips
        again = Report.from_dict(report.to_dict())
        assert again.values() == report.values()
        prev = report
    assert len(stored) == len(cases)
    reg.close()


# --- worked example ---------------------------------------------------------------------------


def example_register() -> Register:
    reg = Register.open("sqlite://", user="t")
    add = reg.add_application
    add("2023-07", received_on="2023-12-20", channel="邮寄", applicant="商业企业")  # carried into 2024
    add("2023-08", received_on="2023-12-28", channel="网络", applicant="自然人")  # replied in 2023
    reg.record("2023-08", "答复", "2023-12-29", outcome="予以公开")
    add("2024-01", received_on="2024-01-05", channel="网络", applicant="自然人")
    add("2024-02", received_on="2024-03-01", channel="当面", applicant="法律服务机构")
    add("2024-03", received_on="2024-12-30", channel="网络", applicant="自然人")  # carried into 2025
    reg.record("2023-07", "答复", "2024-01-10", outcome="本机关不掌握相关政府信息")
    reg.record("2024-01", "答复", "2024-01-20", outcome="申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    reg.record("2024-02", "答复", "2024-03-20", outcome="（二）部分公开")
    reg.add_review("FY-1", filed_on="2023-11-01")  # pending at the start of 2024, closed in 2024
    reg.record("FY-1", "审结", "2024-02-01", result="维持")
    reg.add_review("FY-2", filed_on="2024-05-01")  # still pending at the end of 2024
    reg.add_suit("SS-1", filed_on="2024-06-01", after_review=True)
    reg.record("SS-1", "审结", "2024-09-01", result="纠正")
    reg.add_suit("SS-0", filed_on="2022-06-01")
    reg.record("SS-0", "审结", "2023-01-01", result="维持")  # finished before 2024: not counted
    return reg


def test_worked_example_2024():
    reg = example_register()
    reg.set_setting("agency", "某某市某某局")
    r = register_report(reg, 2024)
    t = r.values()["applications"]
    assert (r.meta.agency, r.meta.year, r.meta.template, r.source["format"]) == ("某某市某某局", 2024, "2021", "register")
    assert t["new"] == {"natural": 2, "business": 0, "research": 0, "nonprofit": 0, "legal": 1, "other_org": 0, "total": 3}
    assert t["carried_over"]["business"] == 1 and t["carried_over"]["total"] == 1
    assert (t["unable_not_held"]["business"], t["other_unpaid_fee"]["natural"], t["partial"]["legal"]) == (1, 1, 1)
    assert t["total"]["total"] == 3 and t["carried_forward"] == {**dict.fromkeys(COLS, 0), "natural": 1, "total": 1}
    assert r.cell("applications.new.natural").at["cases"] == ["2024-01", "2024-03"]
    rv = r.values()["reviews"]
    assert rv["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert rv["suit_after_review"] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1}
    assert rv["suit_direct"]["total"] == 0
    # scope "filed": only cases filed in 2024
    rf = register_report(reg, 2024, reviews_scope="filed").values()["reviews"]
    assert rf["review"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    # the year before: FY-1 pending at the end of 2023
    r23 = register_report(reg, 2023)
    assert r23.values()["reviews"]["review"]["pending"] == 1
    assert r23.values()["applications"]["carried_forward"]["total"] == 1
    assert_table_rules(r)


def test_templates_2019_and_hybrid_fold_the_other_rows():
    reg = example_register()
    for key in ("2019", "2021-hybrid"):
        r = register_report(reg, 2024, template=key)
        assert r.meta.template == key
        t = r.values()["applications"]
        assert "other_unpaid_fee" not in t and t["other"]["natural"] == 1
        assert_table_rules(r)


def test_2019_other_cannot_be_split_into_2021_rows():
    reg = Register.open("sqlite://", user="t")
    reg.add_application("A", received_on="2020-12-01", channel="网络", applicant="自然人")
    reg.record("A", "答复", "2020-12-10", outcome="其他处理")
    assert register_report(reg, 2020).values()["applications"]["other"]["total"] == 1
    with pytest.raises(RegisterError, match="无法填入"):
        register_report(reg, 2020, template="2021")
    with pytest.raises(RegisterError, match="格式“2018”无效"):
        build_report([], 2020, template="2018")
    with pytest.raises(RegisterError, match="口径"):
        build_report([], 2020, reviews_scope="all")
