"""forms.xlsx: the XLSX fill-in form (official layout, formulas, live 勾稽 colouring, read-back)."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from synthetic import make_report
from truthfiles import TRUTHS, requires_corpus

import xxgk
from xxgk.errors import FormError, ReportHasErrors
from xxgk.forms.blank import blank_report
from xxgk.forms.xlsx import HIDDEN, read_form, write_form
from xxgk.model.statutory import BALANCE_NOTE, TEMPLATES, cell_paths
from xxgk.render import render


def _map(path):
    wb = openpyxl.load_workbook(path)
    rows = wb[HIDDEN].iter_rows(min_row=4, values_only=True)
    return wb, {r[0]: r for r in rows if r[0]}


def _fill(path, report, out):
    """Fill a blank form the way a program would: values into the input cells, formulas left alone."""
    wb, entries = _map(path)
    for p in cell_paths(report.template):
        _path, sheet, ref, _kind, formula, _ops = entries[p]
        if not formula:
            wb[sheet][ref] = report.value(p)
    wb["基本信息"]["B3"] = report.meta.agency
    wb.save(out)
    return entries


def test_layout_is_the_official_one(tmp_path):
    f = write_form(blank_report("2021", "某某局", 2025), tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(f)
    assert wb.sheetnames == ["基本信息", "正文", "表二", "表三", "表四", HIDDEN]
    assert wb[HIDDEN].sheet_state == "hidden"
    t3 = wb["表三"]
    merged = {str(m) for m in t3.merged_cells.ranges}
    assert t3["A3"].value == BALANCE_NOTE and "A3:C5" in merged  # the note spans 3 rows × 3 columns
    assert t3["D3"].value == "申请人情况" and "D3:J3" in merged
    assert t3["E4"].value == "法人或其他组织" and "E4:I4" in merged
    assert t3["D4"].value == "自然人" and "D4:D5" in merged
    assert t3["B10"].value == "（三）不予公开" and "B10:B17" in merged
    assert t3["A8"].value == "三、本年度办理结果"
    t4 = wb["表四"]
    assert [t4.cell(5, c).value for c in range(6, 11)] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    t2 = wb["表二"]
    assert t2["A3"].value == "第二十条第（一）项" and "A3:D3" in {str(m) for m in t2.merged_cells.ranges}
    assert t2["B8"].value == "本年处理决定数量" and "B8:D8" in {str(m) for m in t2.merged_cells.ranges}


def test_totals_are_formulas_and_rules_colour_cells(tmp_path):
    f = write_form(blank_report("2021"), tmp_path / "f.xlsx")
    wb, entries = _map(f)
    t3 = wb["表三"]
    ref = entries["applications.new.total"][2]
    assert t3[ref].value == '=IF(COUNT(D6:I6)=0,"",SUM(D6:I6))'
    assert entries["applications.total.natural"][4].startswith("=IF(COUNT(D8:D")
    assert wb["表四"][entries["reviews.review.total"][2]].value.startswith("=IF(COUNT(A6:D6)")
    formulas = [r.formula[0] for cf in t3.conditional_formatting for r in cf.rules]
    # A3.BALANCE (per column: 一 + 二 vs 三（七） + 四) is among the live rules
    assert any("$D$6+$D$7<>" in x for x in formulas)
    assert any("SUM($D$6:$I$6)" in x for x in formulas)  # A3.ROW
    kinds = {dv.type for dv in wb["表二"].data_validations.dataValidation}
    assert kinds == {"whole", "decimal"}  # counts (and 2021 has no 增/减), 收费金额 in 万元


def test_blank_form_reads_back_blank(tmp_path):
    f = write_form(blank_report("2019", "某某局", 2020), tmp_path / "f.xlsx")
    r = read_form(f)
    assert r.meta.template == "2019" and r.meta.year == 2020 and r.meta.agency == "某某局"
    assert {c.status for _, c in r.iter_cells()} == {"blank"}
    assert r.source["format"] == "xlsx"
    assert r.cell("applications.new.natural").at == {"sheet": "表三", "cell": "D6"}


@pytest.mark.parametrize("template", ["2019", "2021", "2021-hybrid"])
def test_program_filled_form_computes_totals(tmp_path, template):
    want = make_report(template, 11)
    blank = write_form(blank_report(template, "某某局", want.meta.year), tmp_path / "blank.xlsx")
    _fill(blank, want, tmp_path / "filled.xlsx")
    got = read_form(tmp_path / "filled.xlsx")
    for p in cell_paths(TEMPLATES[template]):
        assert got.value(p) == want.value(p), p
    assert got.cell("applications.total.total").note == "公式计算"
    assert got.cell("applications.new.natural").note is None


def test_one_broken_balance_blocks_render_then_fixed_renders(tmp_path):
    """Issue 4: a program-filled form with one broken 勾稽 renders nothing and reports exactly that rule."""
    want = make_report("2021", 4)
    blank = write_form(blank_report("2021", want.meta.agency, want.meta.year), tmp_path / "blank.xlsx")
    entries = _fill(blank, want, tmp_path / "ok.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "ok.xlsx")
    _p, sheet, ref, *_ = entries["applications.carried_forward.natural"]
    wb[sheet][ref] = want.value("applications.carried_forward.natural") + 1
    wb.save(tmp_path / "broken.xlsx")
    out = tmp_path / "broken.docx"
    with pytest.raises(ReportHasErrors) as e:
        render(read_form(tmp_path / "broken.xlsx"), "docx", out)
    assert {f.rule for f in e.value.findings} == {"A3.BALANCE"}
    assert "A3.BALANCE" in str(e.value) and "结转下年度" in str(e.value)
    assert not out.exists()
    wb[sheet][ref] = want.value("applications.carried_forward.natural")
    wb.save(tmp_path / "fixed.xlsx")
    path, findings = render(read_form(tmp_path / "fixed.xlsx"), "docx", tmp_path / "fixed.docx")
    assert path.exists() and not [f for f in findings if f.severity == "error"]


def test_overwritten_total_is_read_as_typed(tmp_path):
    want = make_report("2021", 9)
    blank = write_form(blank_report("2021"), tmp_path / "blank.xlsx")
    entries = _fill(blank, want, tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "f.xlsx")
    _p, sheet, ref, *_ = entries["reviews.review.total"]
    wb[sheet][ref] = 999
    wb.save(tmp_path / "g.xlsx")
    r = read_form(tmp_path / "g.xlsx")
    assert r.value("reviews.review.total") == 999
    assert "A4.BLOCK" in {f.rule for f in xxgk.check(r)}


@requires_corpus
@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: t.name)
def test_truth_report_through_form(tmp_path, truth):
    """A report written as a form reads back cell for cell (missing cells come back blank)."""
    report = truth.report()
    report.sections["overview"] = "第一段。\n第二段"
    r = read_form(write_form(report, tmp_path / "t.xlsx"))
    for p in cell_paths(report.template):
        a, b = report.cell(p), r.cell(p)
        assert b.value == a.value, p
        assert b.status == ("blank" if a.status == "missing" else a.status), p
    assert r.sections["overview"] == "第一段。\n第二段"
    assert (r.meta.agency, r.meta.year, r.meta.template) == (
        report.meta.agency, report.meta.year, report.meta.template)


def test_unreadable_and_na_cells_survive(tmp_path):
    r = blank_report("2019", "某某局", 2019)
    r.set_cell("active.licensing.prev_items", xxgk.Cell(value=None, raw="4h", status="unreadable"))
    r.set_cell("active.fees.change", xxgk.Cell(value=-3, raw="-3"))
    r.set_cell("active.procurement.amount", xxgk.Cell(value=156.04, raw="156.04"))
    r.set_cell("applications.new.legal", xxgk.Cell(value=None, raw="/", status="na"))
    back = read_form(write_form(r, tmp_path / "f.xlsx"))
    assert back.cell("active.licensing.prev_items").status == "unreadable"
    assert back.cell("active.licensing.prev_items").raw == "4h"
    assert back.value("active.fees.change") == -3
    assert back.value("active.procurement.amount") == 156.04
    assert back.cell("applications.new.legal").status == "na"


def test_not_a_form(tmp_path):
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(FormError, match="不是 xxgk 填报表"):
        read_form(tmp_path / "other.xlsx")
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    with pytest.raises(FormError, match="无法作为 XLSX"):
        read_form(tmp_path / "bad.xlsx")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_recalculates_the_same_totals(tmp_path):
    """The formulas are real spreadsheet formulas: LibreOffice computes the totals xxgk computes."""
    from xxgk.render.pdf import convert

    want = make_report("2021", 21)
    blank = write_form(blank_report("2021"), tmp_path / "blank.xlsx")
    entries = _fill(blank, want, tmp_path / "filled.xlsx")
    try:
        out = convert(tmp_path / "filled.xlsx", "xlsx", tmp_path / "lo")
    except xxgk.XxgkError:
        pytest.skip("LibreOffice Calc is not installed (only Writer)")
    cached = openpyxl.load_workbook(out, data_only=True)
    for p in ("applications.new.total", "applications.total.natural", "applications.total.total",
              "reviews.review.total"):
        _p, sheet, ref, *_ = entries[p]
        assert cached[sheet][ref].value == want.value(p), p
