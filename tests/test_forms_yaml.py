"""forms.yaml: the YAML fill-in file (labels as comments, null = blank, absent key = missing)."""

from __future__ import annotations

import pytest
import yaml
from synthetic import make_report
from truthfiles import TRUTHS, requires_corpus

from xxgk.errors import FormError
from xxgk.forms.blank import blank_report
from xxgk.forms.yaml import dumps, read_form, write_form
from xxgk.model import Cell
from xxgk.model.statutory import TEMPLATES, cell_paths


def test_blank_form_text(tmp_path):
    text = dumps(blank_report("2021", "某某局", 2025))
    assert "schema: xxgk.form/1" in text
    assert '  agency: "某某局"  # 机关名称' in text
    assert "    issued: null  # 本年制发件数" in text
    assert "  other_unpaid_fee:  # （六）其他处理 2.申请人逾期未按收费通知要求缴纳费用" in text
    r = read_form(write_form(blank_report("2021", "某某局", 2025), tmp_path / "f.yaml"))
    assert {c.status for _, c in r.iter_cells()} == {"blank"}
    assert len(list(r.iter_cells())) == 200


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_synthetic_round_trip(tmp_path, template):
    want = make_report(template, 2)
    want.sections["overview"] = "  第一段，前有空格。\n\n第二段：# 不是注释\n\"引号\" 与 ‘单引号’"
    got = read_form(write_form(want, tmp_path / "f.yaml"))
    for p in cell_paths(TEMPLATES[template]):
        assert got.value(p) == want.value(p), p
    assert got.sections["overview"] == want.sections["overview"].strip()
    assert got.sections["problems"] == want.sections["problems"]
    assert (got.meta.agency, got.meta.year, got.meta.published_on) == (
        want.meta.agency, want.meta.year, want.meta.published_on)
    assert got.source["format"] == "yaml"


@requires_corpus
@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: t.name)
def test_truth_round_trip_keeps_statuses(tmp_path, truth):
    """Unlike the XLSX form, YAML keeps a row the source did not have as missing."""
    want = truth.report()
    got = read_form(write_form(want, tmp_path / "t.yaml"))
    for p in cell_paths(want.template):
        assert (got.cell(p).value, got.cell(p).status) == (want.cell(p).value, want.cell(p).status), p


def test_marks_and_negative(tmp_path):
    r = blank_report("2019", "某某局", 2019)
    r.set_cell("active.fees.change", Cell(value=-3, raw="-3"))
    r.set_cell("active.licensing.prev_items", Cell(value=None, raw="4h", status="unreadable"))
    r.set_cell("applications.new.legal", Cell(value=None, raw="/", status="na"))
    text = dumps(r)
    assert "    change: -3  # 本年增/减" in text and 'prev_items: "4h"' in text
    back = read_form(write_form(r, tmp_path / "f.yaml"))
    assert back.value("active.fees.change") == -3
    assert back.cell("active.licensing.prev_items").status == "unreadable"
    assert back.cell("applications.new.legal").status == "na"


def test_typo_is_an_error_not_a_lost_number(tmp_path):
    data = yaml.safe_load(dumps(blank_report("2021")))
    data["applications"]["new"]["natral"] = 3
    (tmp_path / "f.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FormError, match="无法识别的键：natral"):
        read_form(tmp_path / "f.yaml")


def test_bad_yaml_names_the_line(tmp_path):
    (tmp_path / "f.yaml").write_text("schema: xxgk.form/1\ntemplate: '2021'\nmeta: [\n", encoding="utf-8")
    with pytest.raises(FormError, match="YAML 格式错误第 4 行"):
        read_form(tmp_path / "f.yaml")
    (tmp_path / "g.yaml").write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(FormError, match="不是 xxgk 填报文件"):
        read_form(tmp_path / "g.yaml")
