"""Scan benchmark: reports → 200 dpi page images (clean and damaged) → xxgk.parse → cell by cell.

Reports: synthetic ones (tests/synthetic.py, every template), the corpus truth reports rendered in the
official layout (xxgk.render → LibreOffice PDF), and the real born-digital PDFs of the corpus with
answer files (their own layout). Each is rasterised at 200 dpi; the "damaged" variant adds rotation
(~1°), blur, noise and JPEG 55 (tools/make_scans.py). The page images go into a PDF without a text
layer, so the run goes through ``xxgk.parse`` → ``ingest.pdf`` → the OCR hook, like a user's scan.

    .venv/bin/python bench/ocr_scans.py [--synthetic 8] [--no-truth] [--no-real] [--out DIR] [--json FILE]

Counted over every cell of tables 二/三/四 that the source prints (status ok / blank / na):

- exact: same status, same value;
- wrong: read as a number (status ok) that differs, or read blank/na where a number is printed;
- unflagged wrong: wrong and neither ``unreadable`` nor confidence < 1 (must be 0);
- confident wrong: wrong with status ok and confidence ≥ 0.95 (a stricter bar than the contract's);
- flagged: not exact, but unreadable or confidence < 1 (a person is pointed at it).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))

from make_scans import damage, images_to_pdf, rasterize, render_reports, scan_reports  # noqa: E402

from xxgk.model.report import TABLE_KEYS, Report  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass
class Score:
    cells: int = 0
    exact: int = 0
    wrong: int = 0
    unflagged: int = 0
    confident: int = 0
    flagged: int = 0
    pages: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    errors: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def add(self, o: Score) -> None:
        for k in ("cells", "exact", "wrong", "unflagged", "confident", "flagged", "pages", "seconds", "cpu"):
            setattr(self, k, getattr(self, k) + getattr(o, k))
        self.errors += o.errors
        self.misses += o.misses

    def line(self, name: str) -> str:
        pct = 100 * self.exact / self.cells if self.cells else 0.0
        spp = self.seconds / self.pages if self.pages else 0.0
        cpp = self.cpu / self.pages if self.pages else 0.0
        return (f"{name:44s} cells {self.cells:5d}  exact {pct:6.2f}%  wrong {self.wrong:3d}  unflagged {self.unflagged}  "
                f"conf-wrong {self.confident}  flagged {self.flagged:3d}  pages {self.pages:3d}  "
                f"{spp:5.2f} s/page (cpu {cpp:5.2f})")


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) < 1e-6


def compare(expected: Report, got: Report, name: str) -> Score:
    sc = Score()
    for table in TABLE_KEYS:
        for row, cols in expected.tables.get(table, {}).items():
            for col, exp in cols.items():
                if exp.status not in ("ok", "blank", "na"):
                    continue
                sc.cells += 1
                g = got.tables.get(table, {}).get(row, {}).get(col)
                path = f"{table}.{row}.{col}"
                if g is None:
                    sc.misses.append(f"{name} {path}: expected {exp.value} — cell absent")
                    continue
                exact = (exp.status == g.status == "ok" and _same(exp.value, g.value)) or (
                    exp.status != "ok" and g.status in ("blank", "na"))
                if exact:
                    sc.exact += 1
                    continue
                flagged = g.status == "unreadable" or g.status == "missing" or g.confidence < 1
                wrong = (g.status == "ok" and (exp.status != "ok" or not _same(exp.value, g.value))) or (
                    exp.status == "ok" and g.status in ("blank", "na"))
                if wrong:
                    sc.wrong += 1
                    if not flagged:
                        sc.unflagged += 1
                    if g.status == "ok" and g.confidence >= 0.95:
                        sc.confident += 1
                if flagged:
                    sc.flagged += 1
                sc.misses.append(f"{name} {path}: expected {exp.value!r} ({exp.status}), got {g.value!r} "
                                 f"({g.status}, raw {g.raw!r}, conf {g.confidence:.3f}{', ' + g.note if g.note else ''})")
    return sc


def sources(args) -> dict[str, tuple[Path, Report]]:
    """name → (born-digital PDF, expected report)."""
    out: dict[str, tuple[Path, Report]] = {}
    pdf_dir = args.out / "pdf"
    pdf_dir.mkdir(parents=True, exist_ok=True)
    reports: dict[str, Report] = scan_reports(args.synthetic, args.truth)  # type: ignore[assignment]
    for name, r in reports.items():
        if name.startswith("truth-"):
            r.meta.agency = r.meta.agency or "某某市人民政府办公室"
    todo = {k: v for k, v in reports.items() if not (pdf_dir / f"{k}.pdf").exists()}
    if todo:
        from xxgk.render.docx import render_docx  # noqa: F401  (fails early if render is absent)

        print(f"rendering {len(todo)} reports with LibreOffice …", flush=True)
        render_reports(todo, pdf_dir)
    for k, r in reports.items():
        out[k] = (pdf_dir / f"{k}.pdf", _printed(r))
    if args.real:
        from truthfiles import report_from_truth

        for truth in sorted((CORPUS / "real").glob("*.truth.json")):
            data = json.loads(truth.read_text(encoding="utf-8"))
            pdf = truth.with_name(data.get("file") or truth.name.removesuffix(".truth.json"))
            if pdf.suffix.lower() == ".pdf" and pdf.exists():
                out[f"real-{pdf.stem}"] = (pdf, report_from_truth(data))
    return out


def _printed(report: Report) -> Report:
    """The report as the renderer prints it: without the optional subtotal rows (render.layout.form_rows)."""
    from xxgk.model.statutory import TEMPLATES

    tpl = TEMPLATES.get(report.meta.template)
    if tpl is not None:
        for key in TABLE_KEYS:
            spec = tpl.table(key)
            subtotals = {r.key for r in spec.rows if r.subtotal}
            report.tables[key] = {k: v for k, v in report.tables.get(key, {}).items() if k not in subtotals}
    return report


def run_one(name: str, pdf: Path, expected: Report, variant: str, k: int, args) -> Score:
    import xxgk

    scan = args.out / "scans" / f"{name}.{variant}.pdf"
    scan.parent.mkdir(parents=True, exist_ok=True)
    pages = rasterize(pdf, 200)
    if not scan.exists():
        imgs = pages if variant == "clean" else [damage(p, 1000 * k + i) for i, p in enumerate(pages)]
        images_to_pdf(imgs, scan, 200)
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        got = xxgk.parse(scan)
    except xxgk.XxgkError as e:
        sc = Score(pages=len(pages))
        sc.errors.append(f"{name}/{variant}: {e}")
        return sc
    sc = compare(expected, got, f"{name}/{variant}")
    sc.pages = len(pages)
    sc.seconds = time.perf_counter() - t0
    sc.cpu = time.process_time() - c0
    return sc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--synthetic", type=int, default=8, help="synthetic reports per template (3 templates)")
    ap.add_argument("--no-truth", dest="truth", action="store_false")
    ap.add_argument("--no-real", dest="real", action="store_false")
    ap.add_argument("--variants", default="clean,damaged")
    ap.add_argument("--only", default="", help="substring of report names to run")
    ap.add_argument("--out", type=Path, default=Path("/tmp/xxgk-ocr-bench"))
    ap.add_argument("--json", type=Path, default=None, help="write the scores here")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every cell that is not exact")
    args = ap.parse_args(argv)
    from xxgk.ingest.ocr import _Engine

    _Engine.get()  # load the model once, outside the timings
    srcs = {k: v for k, v in sources(args).items() if args.only in k}
    total = Score()
    per_variant: dict[str, Score] = {}
    results = []
    for k, (name, (pdf, expected)) in enumerate(srcs.items()):
        for variant in args.variants.split(","):
            sc = run_one(name, pdf, expected, variant, k, args)
            print(sc.line(f"{name}/{variant}"), flush=True)
            for e in sc.errors:
                print("   ERROR", e)
            if args.verbose:
                for m in sc.misses:
                    print("   ", m)
            total.add(sc)
            per_variant.setdefault(variant, Score()).add(sc)
            results.append({"report": name, "variant": variant, **{f: getattr(sc, f) for f in (
                "cells", "exact", "wrong", "unflagged", "confident", "flagged", "pages", "seconds", "cpu")},
                "misses": sc.misses, "errors": sc.errors})
    print("-" * 100)
    for v, sc in per_variant.items():
        print(sc.line(f"ALL {v}"))
    print(total.line(f"ALL ({len(srcs)} reports)"))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if total.unflagged == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
