from datetime import date, datetime

import pytest

from xxgk.model.statutory import APPLICATIONS_2019, APPLICATIONS_2021, TEMPLATES
from xxgk.register.errors import RegisterError
from xxgk.register.vocab import (
    describe,
    outcome_keys,
    outcome_label,
    outcome_target,
    parse_date,
    resolve_applicant,
    resolve_channel,
    resolve_event_kind,
    resolve_outcome,
    resolve_result,
)


def test_outcome_rows_come_from_the_templates():
    k21 = outcome_keys(TEMPLATES["2021"])
    k19 = outcome_keys(TEMPLATES["2019"])
    assert len(k21) == 21 and len(k19) == 19
    assert k21[-3:] == ("other_no_correction", "other_unpaid_fee", "other_misc") and k19[-1] == "other"
    assert set(k21) < set(APPLICATIONS_2021.row_keys) and set(k19) < set(APPLICATIONS_2019.row_keys)
    assert not {"new", "carried_over", "total", "carried_forward", "denied", "unable", "rejected"} & set(k21)


@pytest.mark.parametrize("text,year,key", [
    ("予以公开", 2024, "granted"),
    ("（二）部分公开", 2024, "partial"),
    ("三（三）6.属于四类过程性信息", 2024, "denied_process"),
    ("（三）不予公开1.属于国家秘密", 2024, "denied_secret"),
    ("危及三安全一稳定", 2024, "denied_safety"),
    ("（五） 2.重复申请", 2024, "rejected_duplicate"),
    ("逾期不补正", 2022, "other_no_correction"),
    ("其他", 2022, "other_misc"),
    ("其他处理", 2020, "other"),
    ("（六）其他处理", 2019, "other"),
    ("rejected_confirm", 2024, "rejected_confirm"),
])
def test_resolve_outcome(text, year, key):
    assert resolve_outcome(text, year) == key


def test_resolve_outcome_rejects_rows_of_the_other_template():
    with pytest.raises(RegisterError, match="不是2021年适用格式"):
        resolve_outcome("其他处理", 2021)
    with pytest.raises(RegisterError, match="不是2020年适用格式"):
        resolve_outcome("逾期不补正", 2020)


def test_outcome_target_folds_2021_rows_into_2019():
    assert outcome_target("other_unpaid_fee", TEMPLATES["2019"]) == "other"
    assert outcome_target("other_unpaid_fee", TEMPLATES["2021-hybrid"]) == "other"
    assert outcome_target("other", TEMPLATES["2021"]) is None
    assert outcome_target("granted", TEMPLATES["2019"]) == "granted"
    assert outcome_label("denied_secret") == "（三）1.属于国家秘密"
    assert outcome_label("partial", short=True) == "（二）部分公开"


def test_channels_applicants_results_events():
    assert [resolve_channel(x) for x in ("当面", "邮寄", "网络", "传真", "互联网")] == [
        "in_person", "mail", "online", "fax", "online"]
    assert [resolve_applicant(x) for x in ("自然人", "法律服务机构", "其他", "other_org")] == [
        "natural", "legal", "other_org", "other_org"]
    assert [resolve_result(x) for x in ("维持", "结果纠正", "其他", "尚未审结")] == [
        "upheld", "corrected", "other", "pending"]
    assert [resolve_event_kind(x) for x in ("补正", "收到补正", "延期", "缴费", "答复", "审结")] == [
        "correction_requested", "correction_received", "extended", "fee_paid", "replied", "closed"]
    with pytest.raises(RegisterError, match="申请人类型“个人”无法识别，可填：自然人、商业企业"):
        resolve_applicant("个人")
    assert describe({"channel": "mail", "applicant": "legal", "after_review": True}) == (
        "提交方式=邮寄，申请人类型=法律服务机构，复议后起诉=是")


@pytest.mark.parametrize("value,expected", [
    ("2024-02-01", date(2024, 2, 1)),
    ("2024/2/1", date(2024, 2, 1)),
    ("2024.02.01", date(2024, 2, 1)),
    ("2024年2月1日", date(2024, 2, 1)),
    ("20240201", date(2024, 2, 1)),
    ("2024-02-01 00:00:00", date(2024, 2, 1)),
    (datetime(2024, 2, 1, 0, 0), date(2024, 2, 1)),
    (date(2024, 2, 1), date(2024, 2, 1)),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "明天", "24-2-1"])
def test_parse_date_rejects(value):
    with pytest.raises(RegisterError, match=f"收到日期“{value}”不是有效日期"):
        parse_date(value, "收到日期")
    for empty in ("", None, "  "):
        with pytest.raises(RegisterError, match="收到日期为空"):
            parse_date(empty, "收到日期")
