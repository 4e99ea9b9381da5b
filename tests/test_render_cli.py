"""render.cli: ``xxgk new`` and ``xxgk render`` through the main command group."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner
from synthetic import add, make_report
from truthfiles import TRUTHS, requires_corpus

from xxgk.cli import cli
from xxgk.forms.xlsx import read_form, write_form
from xxgk.forms.yaml import read_form as read_yaml
from xxgk.render.cli import new, render


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("command", [new, render])
def test_help_has_an_example(command):
    assert "例：" in command.help and "xxgk" in command.help


def test_new_xlsx_and_yaml(tmp_path):
    res = _run("new", "--template", "2021", "--agency", "某某局", "--year", 2025, "-o", tmp_path / "2025.xlsx")
    assert res.exit_code == 0, res.output
    assert "已生成填报表" in res.output
    r = read_form(tmp_path / "2025.xlsx")
    assert (r.meta.agency, r.meta.year, r.meta.template) == ("某某局", 2025, "2021")
    res = _run("new", "--year", 2020, "-o", tmp_path / "2020.yaml")
    assert res.exit_code == 0 and read_yaml(tmp_path / "2020.yaml").meta.template == "2019"


def test_new_needs_a_year_and_a_form_suffix(tmp_path):
    res = _run("new", "-o", tmp_path / "x.xlsx")
    assert res.exit_code != 0 and "--year" in res.output
    res = _run("new", "--year", 2025, "-o", tmp_path / "x.docx")
    assert res.exit_code != 0 and "填报表只能是 .xlsx 或 .yaml" in res.output


@requires_corpus
def test_new_from_last_years_pdf(tmp_path):
    """Issue 4: `xxgk new --from` on a 2023 report gives a 2024 form whose 上年结转 = 2023's 结转下年度."""
    truth = next(t for t in TRUTHS if t.name == "001_huaian_hongze_qu_2023")
    res = _run("new", "--from", truth.source, "-o", tmp_path / "2024.xlsx")
    assert res.exit_code == 0, res.output
    form = read_form(tmp_path / "2024.xlsx")
    last = truth.report()
    assert (form.meta.year, form.meta.agency, form.meta.template) == (2024, last.meta.agency, "2021")
    for col in ("natural", "business", "research", "nonprofit", "legal", "other_org", "total"):
        assert form.value(f"applications.carried_over.{col}") == last.value(f"applications.carried_forward.{col}")
    for row in ("rules", "normative"):
        assert form.value(f"active.{row}.in_force") == last.value(f"active.{row}.in_force")
    assert form.cell("applications.new.natural").status == "blank"
    ws = openpyxl.load_workbook(tmp_path / "2024.xlsx")["表三"]
    assert ws["D7"].comment is not None and "结转下年度" in ws["D7"].comment.text


def test_render_form_to_each_format(tmp_path):
    write_form(make_report("2021", 12), tmp_path / "r.xlsx")
    for fmt in ("html", "md", "docx"):
        res = _run("render", tmp_path / "r.xlsx", "--to", fmt)
        assert res.exit_code == 0, res.output
        assert (tmp_path / f"r.{fmt}").exists()


def test_render_refuses_errors_then_force(tmp_path):
    write_form(add(make_report("2021", 12), "reviews.suit_direct.total", 2), tmp_path / "bad.xlsx")
    res = _run("render", tmp_path / "bad.xlsx", "--to", "html")
    assert res.exit_code == 1
    assert "[A4.BLOCK]" in res.output and "未生成HTML" in res.output
    assert not (tmp_path / "bad.html").exists()
    res = _run("render", tmp_path / "bad.xlsx", "--to", "html", "--force", "-o", tmp_path / "forced.html")
    assert res.exit_code == 0 and "已按 --force 生成" in res.output and (tmp_path / "forced.html").exists()


def test_render_bad_form_is_a_chinese_error(tmp_path):
    openpyxl.Workbook().save(tmp_path / "x.xlsx")
    res = _run("render", tmp_path / "x.xlsx")
    assert res.exit_code == 1 and "不是 xxgk 填报表" in res.output and "Traceback" not in res.output
