"""Build scanned-report fixtures: a report → PDF (xxgk.render) → 200 dpi page images → scan damage.

Damage imitates a cheap office scan: a small rotation (about 1°), Gaussian blur, sensor noise and JPEG
compression at quality 55. Everything is seeded, so a fixture can be rebuilt bit for bit.

    python tools/make_scans.py OUT_DIR [--synthetic 6] [--truth] [--dpi 200]
    python tools/make_scans.py tests/fixtures/scans --fixtures     # the committed test fixtures

writes, per report, ``NAME.pdf`` (the born-digital rendering), ``NAME.clean.pdf`` / ``NAME.damaged.pdf``
(PDFs of page images, no text layer), ``NAME.damaged-p1.jpg`` … and ``NAME.truth.json`` (the report's
data, ``xxgk.report/1``).

Library use (the benchmark and the tests)::

    from make_scans import rasterize, damage, images_to_pdf
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Damage:
    angle: float = 1.0  # degrees, sign and ±30% jitter from the seed
    blur: float = 0.8  # Gaussian sigma, px
    noise: float = 8.0  # Gaussian noise sigma, grey levels
    jpeg: int = 55  # JPEG quality


DAMAGE = Damage()


def rasterize(pdf: str | Path, dpi: int = 200) -> list[np.ndarray]:
    """The pages of a PDF as grey uint8 arrays at ``dpi`` (pypdfium2)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            img = page.render(scale=dpi / 72, grayscale=True).to_pil()
            out.append(np.asarray(img.convert("L")))
            page.close()
        return out
    finally:
        doc.close()


def damage(img: np.ndarray, seed: int, d: Damage = DAMAGE) -> np.ndarray:
    """Rotate (about ``d.angle``°), blur, add noise, JPEG round-trip; grey uint8 in, grey uint8 out."""
    import cv2

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    angle = d.angle * rng.choice((-1, 1)) * rng.uniform(0.7, 1.3)
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    if d.blur > 0:
        out = cv2.GaussianBlur(out, (0, 0), d.blur)
    if d.noise > 0:
        out = np.clip(out.astype(np.float32) + nrng.normal(0, d.noise, out.shape), 0, 255).astype(np.uint8)
    if d.jpeg:
        ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, d.jpeg])
        out = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
    return out


def images_to_pdf(pages: list[np.ndarray], path: str | Path, dpi: int = 200, quality: int = 90) -> Path:
    """A PDF of page images (no text layer), each page sized for ``dpi``."""
    from PIL import Image

    ims = [Image.fromarray(p).convert("L") for p in pages]
    buf = io.BytesIO()
    ims[0].save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=ims[1:], quality=quality)
    Path(path).write_bytes(buf.getvalue())
    return Path(path)


def write_image(img: np.ndarray, path: str | Path, quality: int = 55) -> Path:
    import cv2

    p = Path(path)
    params = [cv2.IMWRITE_JPEG_QUALITY, quality] if p.suffix.lower() in (".jpg", ".jpeg") else []
    cv2.imwrite(str(p), img, params)
    return p


def scan_reports(synthetic: int, truth: bool) -> dict[str, object]:
    """The reports to scan: ``synthetic`` seeds of each template, and the corpus truth reports."""
    sys.path.insert(0, str(ROOT / "tests"))
    from synthetic import make_report

    reports: dict[str, object] = {}
    for tpl in ("2019", "2021", "2021-hybrid"):
        for seed in range(synthetic):
            reports[f"syn-{tpl}-{seed}"] = make_report(tpl, seed, subtotals=seed % 3 == 2)
    if truth:
        from truthfiles import TRUTHS

        for t in TRUTHS:
            reports[f"truth-{t.name}"] = t.report()
    return reports


def render_reports(reports: dict[str, object], outdir: Path) -> dict[str, Path]:
    """Render reports (name → Report) to PDFs in one LibreOffice run; returns name → PDF path."""
    from xxgk.render.docx import render_docx
    from xxgk.render.pdf import convert_many

    outdir.mkdir(parents=True, exist_ok=True)
    docx = [render_docx(r, outdir / f"{name}.docx") for name, r in reports.items()]
    pdfs = convert_many(docx, "pdf", outdir, timeout=60 + 20 * len(docx))
    for p in docx:
        p.unlink()
    return dict(zip(reports, pdfs, strict=True))


def scan_set(pdf: Path, outdir: Path, seed: int, dpi: int = 200) -> dict[str, Path]:
    """From a born-digital PDF: clean and damaged PDFs of page images, and damaged JPEG pages."""
    pages = rasterize(pdf, dpi)
    hurt = [damage(p, seed * 100 + i) for i, p in enumerate(pages)]
    stem = pdf.stem
    out = {"clean": images_to_pdf(pages, outdir / f"{stem}.clean.pdf", dpi),
           "damaged": images_to_pdf(hurt, outdir / f"{stem}.damaged.pdf", dpi)}
    for i, p in enumerate(hurt, 1):
        out[f"damaged-p{i}"] = write_image(p, outdir / f"{stem}.damaged-p{i}.jpg")
    return out


def fixtures(outdir: Path) -> list[Path]:
    """The committed test fixtures (tests/fixtures/scans): a 2019 report (negative changes) as a damaged
    scan PDF, and a 2021 report's last page as a clean PNG."""
    sys.path.insert(0, str(ROOT / "tests"))
    from synthetic import make_report

    outdir.mkdir(parents=True, exist_ok=True)
    reports = {"scan2019": make_report("2019", 0, subtotals=False), "scan2021": make_report("2021", 1)}
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = render_reports(reports, Path(tmp))
        out = []
        for name, r in reports.items():
            (outdir / f"{name}.truth.json").write_text(
                json.dumps(r.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            out.append(outdir / f"{name}.truth.json")
        pages = rasterize(pdfs["scan2019"])
        # pages 1-2 hold tables 二, 三 and 四; page 3 (sections 五, 六) is left out to keep the file small
        out.append(images_to_pdf([damage(p, 7 + i) for i, p in enumerate(pages[:2])],
                                 outdir / "scan2019.damaged.pdf", quality=55))
        last = rasterize(pdfs["scan2021"])[-1]
        out.append(write_image(last, outdir / "scan2021.p3.png"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--fixtures", action="store_true", help="write the committed test fixtures to OUTDIR")
    ap.add_argument("--synthetic", type=int, default=6, help="synthetic reports per template")
    ap.add_argument("--truth", action="store_true", help="also the corpus truth reports")
    ap.add_argument("--dpi", type=int, default=200)
    args = ap.parse_args(argv)
    if args.fixtures:
        for p in fixtures(args.outdir):
            print(p, p.stat().st_size)
        return 0
    reports = scan_reports(args.synthetic, args.truth)
    pdfs = render_reports(reports, args.outdir)
    for k, (name, pdf) in enumerate(pdfs.items()):
        (args.outdir / f"{name}.truth.json").write_text(
            json.dumps(reports[name].to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        scan_set(pdf, args.outdir, seed=k, dpi=args.dpi)
        print(name, pdf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
