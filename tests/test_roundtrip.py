"""Round trip (issues 3, 4): form → render (DOCX, PDF, HTML, DOC) → xxgk.parse gives back the same report.

For every truth report of the shared corpus and for synthetic reports of each template: the report
is written as an XLSX form (synthetic ones also as YAML), read back, rendered, and parsed again; the
cells must come back value for value, the meta (agency, year, template, date) and the section texts
unchanged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from synthetic import make_report
from truthfiles import TRUTHS

import xxgk
from xxgk.extract import extract
from xxgk.forms.xlsx import read_form as read_xlsx
from xxgk.forms.xlsx import write_form as write_xlsx
from xxgk.forms.yaml import read_form as read_yaml
from xxgk.forms.yaml import write_form as write_yaml
from xxgk.ingest.docx import read_docx
from xxgk.ingest.office import convert_many as office_convert_many
from xxgk.model import Report
from xxgk.model.statutory import cell_paths
from xxgk.render.docx import render_docx
from xxgk.render.html import render_html

HAS_SOFFICE = shutil.which("soffice") is not None
TEXT = {
    "overview": "本年度，本机关深入贯彻《中华人民共和国政府信息公开条例》，不断提升政务公开质量。\n"
                "（一）强化组织领导。调整政务公开工作领导小组，明确专人负责。",
    "active": "全年通过政府网站主动公开政府信息1234条。",
    "applications": "本机关严格按照法定时限答复政府信息公开申请。",
    "reviews": "",
    "problems": "一是公开内容的全面性有待提高。\n二是政策解读形式较为单一。",
    "other": "本年度未收取信息处理费。",
}


def _cases() -> list[tuple[str, Report]]:
    out = []
    for t in TRUTHS:
        r = t.report()
        r.sections = dict(TEXT)
        out.append((t.name, r))
    for template in ("2019", "2021", "2021-hybrid"):
        out.append((f"synthetic-{template}", make_report(template, 31)))
    return out


CASES = _cases()
IDS = [name for name, _ in CASES]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, dict[str, object]]:
    """Every case through its form, then rendered; PDFs converted in one LibreOffice run."""
    tmp = tmp_path_factory.mktemp("roundtrip")
    out: dict[str, dict[str, object]] = {}
    docxs = []
    for name, report in CASES:
        form = read_xlsx(write_xlsx(report, tmp / f"{name}.xlsx"))
        paths = {"docx": render_docx(form, tmp / f"{name}.docx"), "html": render_html(form, tmp / f"{name}.html")}
        if name.startswith("synthetic"):
            via_yaml = read_yaml(write_yaml(report, tmp / f"{name}.yaml"))
            paths["yaml-docx"] = render_docx(via_yaml, tmp / f"{name}-yaml.docx")
        docxs.append(paths["docx"])
        out[name] = {"report": report, "form": form, **paths}
    if HAS_SOFFICE:
        from xxgk.render.pdf import convert_many

        pdf_dir = tmp / "pdf"
        pdf_dir.mkdir()
        for (name, _), pdf in zip(CASES, convert_many(docxs, "pdf", pdf_dir), strict=True):
            out[name]["pdf"] = pdf
        # .doc (Word 97) written by LibreOffice, read back the way xxgk reads any .doc: converted to
        # DOCX by LibreOffice (here the whole batch in one run, as ingest.office.convert_many does)
        doc_dir = tmp / "doc"
        docs = convert_many(docxs, "doc", doc_dir)
        back = office_convert_many(docs, tmp / "doc-docx")
        for (name, _), doc in zip(CASES, docs, strict=True):
            d = read_docx(back[doc])
            d.source.update({"file": str(doc), "format": "doc"})
            out[name]["doc"] = doc
            out[name]["parsed-doc"] = extract(d)
    return out


def _parsed(rendered, name: str, fmt: str) -> Report:
    if fmt not in rendered[name]:
        pytest.skip("LibreOffice (soffice) not installed: no PDF")
    key = f"parsed-{fmt}"
    if key not in rendered[name]:
        rendered[name][key] = xxgk.parse(rendered[name][fmt], checks=False)
    return rendered[name][key]


FORMATS = ["docx", "html", "pdf", "doc"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", IDS)
def test_cells_come_back(rendered, name, fmt):
    report: Report = rendered[name]["report"]
    got = _parsed(rendered, name, fmt)
    diffs = [(p, report.value(p), got.cell(p).value if got.cell(p) else "absent")
             for p in cell_paths(report.template)
             if (report.cell(p).value if report.cell(p) else None) != (got.cell(p).value if got.cell(p) else None)]
    assert diffs == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", IDS)
def test_meta_comes_back(rendered, name, fmt):
    m = rendered[name]["report"].meta
    got = _parsed(rendered, name, fmt).meta
    assert (got.agency, got.year, got.template, got.published_on) == (m.agency, m.year, m.template, m.published_on)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", IDS)
def test_section_text_comes_back(rendered, name, fmt):
    report: Report = rendered[name]["report"]
    got = _parsed(rendered, name, fmt)
    diffs = {k: (report.sections.get(k) or None, got.sections.get(k) or None) for k in report.sections
             if (report.sections.get(k) or None) != (got.sections.get(k) or None)}
    assert diffs == {}, diffs


@pytest.mark.parametrize("name", [n for n in IDS if n.startswith("synthetic")])
def test_yaml_form_round_trip(rendered, name):
    report: Report = rendered[name]["report"]
    got = xxgk.parse(Path(rendered[name]["yaml-docx"]), checks=False)
    assert [p for p in cell_paths(report.template) if report.value(p) != got.value(p)] == []
