"""render.pdf: DOCX → PDF through LibreOffice; a PNG of the pages for the eye (test-artifacts/render)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from synthetic import make_report

from xxgk.errors import MissingTool
from xxgk.render.md import render_md
from xxgk.render.pdf import convert_many, render_pdf

ARTIFACTS = Path(__file__).parents[1] / "test-artifacts" / "render"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")


def test_missing_libreoffice_names_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingTool, match="libreoffice-writer-nogui"):
        render_pdf(make_report("2021", 1), tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def _png(pdf: Path, name: str, first: int = 1, last: int = 3) -> list[Path]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(first), "-l", str(last), str(pdf),
                    str(ARTIFACTS / name)], check=True)
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


@needs_soffice
@needs_poppler
@pytest.mark.parametrize("template", ["2021", "2019"])
def test_pdf_pages_and_pngs(tmp_path, template):
    r = make_report(template, 6)
    r.sections["overview"] = "总体说明。\n（一）强化组织领导。本机关成立领导小组。"
    pdf = render_pdf(r, tmp_path / f"report-{template}.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    flat = text.replace(" ", "").replace("\n", "")
    assert f"{r.meta.agency}{r.meta.year}年政府信息公开工作年度报告" in flat
    assert "—1—" in flat and "—2—" in flat  # page numbers in the GB/T 9704 form
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True).stdout.decode()
    assert "CJK" in fonts  # the official font names were mapped to an installed CJK font
    pngs = _png(pdf, f"pdf-{template}")
    assert len(pngs) >= 2


@needs_soffice
@needs_poppler
def test_docx_and_markdown_pictured(tmp_path):
    """The DOCX (as LibreOffice lays it out) and the Markdown preview, as PNG, converted in one run."""
    from xxgk.render.docx import render_docx

    r = make_report("2021-hybrid", 8)
    docx = render_docx(r, tmp_path / "docx-hybrid.docx")
    md = render_md(r, tmp_path / "markdown.md")
    pdfs = convert_many([docx, md], "pdf", tmp_path)
    assert [p.name for p in pdfs] == ["docx-hybrid.pdf", "markdown.pdf"]
    assert _png(pdfs[0], "docx-hybrid", 2, 2)
    assert _png(pdfs[1], "markdown", 1, 1)
