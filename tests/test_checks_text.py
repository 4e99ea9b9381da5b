"""T.TEXT_TABLE and T.REVIEW_TEXT: on the corpus texts (tables from the truth files) and on small texts."""

from __future__ import annotations

import pytest
from synthetic import add, make_report, set_cell, zero_report
from truthfiles import TRUTHS, requires_corpus

import xxgk
from xxgk.checks import run_checks
from xxgk.checks.text import Text

T = ("T.TEXT_TABLE", "T.REVIEW_TEXT")


def text_findings(report, *, evaluable=True, rules=T):
    return [f for f in run_checks(report, rules=rules) if f.evaluable is evaluable]


def with_text(report, text):
    report.text = text
    report.sections = dict.fromkeys(report.sections)
    return report


# --- the corpus: truth values + the report's own text -----------------------------------------

_TEXTS: dict[str, str] = {}


def corpus_report(truth):
    """The truth's values with the text as the project reads it (paragraphs, like extract())."""
    if truth.name not in _TEXTS:
        doc = xxgk.read(truth.source)
        _TEXTS[truth.name] = "\n".join(p.text for p in doc.paragraphs)
    return with_text(truth.report(), _TEXTS[truth.name])


@requires_corpus
@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: t.name)
def test_corpus_text_rules_match_the_truth(truth):
    found = {f.rule for f in text_findings(corpus_report(truth))}
    assert found == truth.expected & set(T)


def by_name(name):
    return next(t for t in TRUTHS if t.name == name)


@requires_corpus
def test_narrower_scope_is_reported_as_such():
    # 002_huaian_hongze_qu_2024: "区政府办代表区政府受理政府信息公开申请 17 件" vs 新收 总计 95
    (f,) = text_findings(corpus_report(by_name("002_huaian_hongze_qu_2024")))
    assert f.message == ("正文与表格不一致：正文称“受理政府信息公开申请17件”（正文所指为“区政府办代表区政府”，口径可能窄于表格），"
                         "而表三“一、本年新收政府信息公开申请数量”行“总计”列为95")
    assert f.cells == ["applications.new.total"]
    assert f.at["text"].startswith("2024年，区政府办代表区政府受理政府信息公开申请17件")
    assert _TEXTS["002_huaian_hongze_qu_2024"][f.at["offset"]:].startswith("2024")


@requires_corpus
def test_received_includes_carried_over_is_a_contradiction():
    # 006_pingtan_shiyanqu_2022: "全区收到政府信息公开申请75件，涉及自然人72件" vs 新收 74 / 71
    (f,) = text_findings(corpus_report(by_name("006_pingtan_shiyanqu_2022")))
    assert "正文称“收到政府信息公开申请75件”，而表三“一、本年新收政府信息公开申请数量”行“总计”列为74" in f.message
    assert "正文称“自然人72件”，而表三“一、本年新收政府信息公开申请数量”行“自然人”列为71" in f.message
    assert f.cells == ["applications.new.total", "applications.new.natural"]


@requires_corpus
@pytest.mark.parametrize(("path", "stated"), [
    ("applications.new.total", "受理政府信息公开申请3119件"),
    ("applications.total.total", "答复3050件"),
    ("applications.carried_over.total", "上年度结转申请34件"),
    ("applications.carried_forward.total", "103件顺延到下年"),
    ("reviews.review.total", "行政复议351件"),
    ("reviews.review.other", "其他结果178件"),
    ("reviews.suit_direct.total", "行政诉讼46件"),
    ("active.rules.issued", "新增公开市政府规章1件"),
])
def test_every_statement_of_huaian_shi_2024_is_compared(path, stated):
    """003_huaian_shi_2024 agrees with its tables; change one cell and the sentence stating it disagrees."""
    report = corpus_report(by_name("003_huaian_shi_2024"))
    add(report, path, 1)
    found = [f for f in text_findings(report, rules=["T.TEXT_TABLE"]) if f"正文称“{stated}”" in f.message]
    assert len(found) == 1
    assert path in found[0].cells


# --- phrasings --------------------------------------------------------------------------------


def apps_report(new_total=21, template="2021"):
    r = zero_report(template, 2023)
    for row in ("new", "granted", "total"):
        set_cell(r, f"applications.{row}.natural", new_total)
        set_cell(r, f"applications.{row}.total", new_total)
    return r


@pytest.mark.parametrize("sentence", [
    "2023年全区受理政府信息公开申请 21 件，均已按时答复。",
    "本年度共收到政府信息公开申请21件。",
    "全年新收政府信息公开申请21件。",
    "2023年，全年办理政府信息公开申请21件。",
    "本机关收到政府信息公开申请共计21件，\n涉及自然人21件。",
])
def test_agreeing_sentences_raise_nothing(sentence):
    r = with_text(apps_report(21), sentence)
    assert text_findings(r) == []
    with_text(apps_report(22), sentence)
    assert [f.rule for f in text_findings(with_text(apps_report(22), sentence))] == ["T.TEXT_TABLE"]


@pytest.mark.parametrize("sentence", [
    "全年主动公开政府信息5500余条，接待群众咨询120人次。",
    "共收取信息处理费300元。",
    "政府信息公开申请按时办结率100%。",
    "发布政策解读21个，召开新闻发布会12场。",
    "2023年是贯彻落实条例的关键一年。",
    "收到咨询申请15件。",  # not a 政府信息公开申请
])
def test_other_numbers_are_not_application_counts(sentence):
    assert text_findings(with_text(apps_report(21), sentence)) == []


def test_review_applications_are_not_disclosure_applications():
    r = with_text(apps_report(21), "收到政府信息公开行政复议申请2件。")
    (f,) = text_findings(r)
    assert f.cells == ["reviews.review.total"]


def test_stated_zero_applications():
    r = with_text(apps_report(3), "2019年度,我区未收到依申请公开政府信息的受理件。")
    (f,) = text_findings(r)
    assert f.message.startswith("正文与表格不一致：正文称“未收到依申请公开政府信息的受理件”")
    assert text_findings(with_text(apps_report(0), "2019年未收到政府信息公开申请。")) == []


def test_position_of_the_sentence():
    r = with_text(apps_report(5), "一、总体情况\n本年度受理政府信息公开申\n请 7 件。")
    (f,) = text_findings(r)
    assert f.at["line"] == 2
    assert f.at["offset"] == r.text.index("本年度")


def test_unknown_table_cell_is_not_evaluable():
    r = with_text(apps_report(5), "本年度受理政府信息公开申请5件。")
    set_cell(r, "applications.new.total", status="blank")
    (f,) = text_findings(r, evaluable=False)
    assert f.message == "无法核对：正文称“受理政府信息公开申请5件”，但表三“一、本年新收政府信息公开申请数量”行“总计”列为空"


def test_review_and_suit_counts():
    r = zero_report("2021", 2022)
    set_cell(r, "reviews.review.upheld", 2)
    set_cell(r, "reviews.review.total", 2)
    set_cell(r, "reviews.suit_after_review.pending", 1)
    set_cell(r, "reviews.suit_after_review.total", 1)
    with_text(r, "2022年，全区政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件，均已结案。")
    assert text_findings(r) == []
    with_text(r, "行政复议案件3件，其中结果维持2件。")
    (f,) = text_findings(r)
    assert f.message == "正文与表格不一致：正文称“行政复议案件3件”，而表四“行政复议”栏“总计”列为2"


def test_normative_documents_2021():
    r = make_report("2021", 3)
    issued = r.value("active.normative.issued")
    with_text(r, f"本年度制发行政规范性文件{issued + 1}件。")
    (f,) = text_findings(r)
    assert f.cells == ["active.normative.issued"]
    assert f.message.endswith(f"表二“行政规范性文件”行“本年制发件数”列为{issued}")


def test_synthetic_texts_agree_with_their_tables():
    for template in ("2019", "2021", "2021-hybrid"):
        for seed in range(10):
            assert text_findings(make_report(template, seed)) == []


def test_no_text_is_not_evaluable():
    r = with_text(make_report("2021", 0), "")
    assert sorted(f.rule for f in run_checks(r, rules=T)) == ["T.REVIEW_TEXT", "T.TEXT_TABLE"]
    assert all(not f.evaluable for f in run_checks(r, rules=T))


def test_sections_are_used_when_the_whole_text_is_not_kept():
    r = apps_report(4)
    r.text = ""
    r.sections["overview"] = "本年度受理政府信息公开申请5件。"
    assert [f.rule for f in text_findings(r)] == ["T.TEXT_TABLE"]


# --- T.REVIEW_TEXT ----------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "kinds"), [
    ("2019 年,我区没有因信息公开而被提起行政复议或行政诉讼。", {"行政复议", "行政诉讼"}),
    ("2019年企服中心无信息公开类行政复议和行政诉讼。", {"行政复议", "行政诉讼"}),
    ("发生针对本单位有关政府信息公开事务的行政复议案和行政诉讼案均为0件。", {"行政复议", "行政诉讼"}),
    ("本年度未发生政府信息公开行政复议案件，行政诉讼案件1件。", {"行政复议"}),
    ("本年度未发生因政府信息公开引起的行政诉讼。", {"行政诉讼"}),
])
def test_text_says_no_reviews(sentence, kinds):
    r = zero_report("2019", 2019)
    with_text(r, sentence)
    set_cell(r, "reviews.suit_direct.upheld", 1)
    set_cell(r, "reviews.suit_direct.total", 1)
    quiet = [f for f in text_findings(r, rules=["T.REVIEW_TEXT"])]
    assert {"行政诉讼"} & kinds == {k for k in ("行政诉讼",) if any(k in f.message for f in quiet)}
    set_cell(r, "reviews.review.corrected", 2)
    set_cell(r, "reviews.review.total", 2)
    found = text_findings(r, rules=["T.REVIEW_TEXT"])
    assert {k for k in ("行政复议", "行政诉讼") if any(f"但表四{k}总计为" in f.message for f in found)} == kinds
    assert all(f.severity == "warning" for f in found)


def test_review_text_message():
    r = zero_report("2019", 2019)
    set_cell(r, "reviews.review.corrected", 2)
    set_cell(r, "reviews.review.total", 2)
    with_text(r, "四、政府信息公开行政复议、行政诉讼情况\n2019年企服中心无信息公开类行政复议和行政诉讼。")
    (f,) = text_findings(r)
    assert f.message == "正文称“2019年企服中心无信息公开类行政复议和行政诉讼。”，但表四行政复议总计为2"
    assert f.cells == ["reviews.review.total"]
    assert f.at["line"] == 2


def test_all_upheld():
    r = zero_report("2021", 2022)
    set_cell(r, "reviews.review.upheld", 1)
    set_cell(r, "reviews.review.corrected", 1)
    set_cell(r, "reviews.review.total", 2)
    with_text(r, "本年度发生政府信息公开行政复议2件，均予以维持。")
    (f,) = text_findings(r, rules=["T.REVIEW_TEXT"])
    assert f.message == "正文称“行政复议2件，均予以维持”，但表四行政复议“结果纠正”1"
    set_cell(r, "reviews.review.corrected", 0)
    set_cell(r, "reviews.review.upheld", 2)
    assert text_findings(r) == []


def test_no_false_alarm_on_ordinary_review_sentences():
    r = zero_report("2021", 2022)
    set_cell(r, "reviews.review.upheld", 2)
    set_cell(r, "reviews.review.total", 2)
    for s in ("行政诉讼案件0件、行政复议案件2件，均已结案。", "行政复议2件，无一被纠正。", "无法预见的行政复议风险需加以防范。"):
        assert text_findings(with_text(r, s), rules=["T.REVIEW_TEXT"]) == [], s


def test_text_normalisation_keeps_offsets():
    t = Text("第一行\n受理 ２１ 件")
    assert t.norm == "第一行受理21件"
    assert t.at(3, 8) == {"line": 2, "offset": 4, "text": "受理21件"}
