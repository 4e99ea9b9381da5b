"""Per-format throughput and peak memory of ``xxgk.parse``; prints a Markdown table.

    .venv/bin/python bench/run.py [--reps 5] [--synthetic 12] [--rendered-pdfs 3] [--ocr-pages 2]
                                  [--no-ocr] [--no-pdfplumber] [--no-checks] [--keep DIR] [--json FILE]

Inputs, written to a temporary directory (``--keep DIR`` keeps them):

- text: the corpus reports published as text (``/work/shared/corpus/**/*.txt``), as they are;
- docx, html: every corpus report with an answer file, parsed from its source, and ``--synthetic``
  reports of tests/synthetic.py (the three templates in turn), rendered by ``xxgk.render``;
- pdf (born-digital): the corpus's real PDFs (WPS exports) and ``--rendered-pdfs`` of the reports
  above rendered to PDF by LibreOffice (left out when ``soffice`` is missing);
- pdf-pdfplumber: the same PDFs read with pdfplumber alone (the fast path off; ``--no-pdfplumber``);
- ocr: the first ``--ocr-pages`` pages of the first real PDF rasterised at 200 dpi into a PDF with no
  text layer (left out when ``xxgk.ingest.ocr`` or rapidocr cannot be imported, or with ``--no-ocr``).

Each format is measured in its own worker process, one after the other (never in parallel: the
machine is shared): one warm-up pass over its files, then ``--reps`` timed passes of ``xxgk.parse``
(checks included unless ``--no-checks``); the median pass counts. Reports/s per core is from CPU time
(``time.process_time``), so a busy machine slows it less than wall time (also printed); "read" is the
ingest step alone (``xxgk.read``: file → Document), "parse" adds extraction (and checks). DOCX keeps
the parts a template repeats (styles, theme, fonts, settings) from one report to the next, as a batch
of one agency's reports shares them: "nothing shared" parses every file as the first of its template
(``xxgk.ingest.docx.clear_caches()`` before each). Peak memory:
the worker's maximum resident set size (interpreter and libraries included) and tracemalloc's peak of
Python allocations while parsing one file (largest file of the format), from one extra untimed pass.
Nothing heavy is imported before a worker's first parse, so max RSS is what reading that format takes.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path("/work/shared/corpus")
if not CORPUS.exists():
    CORPUS = ROOT.parent / "shared" / "corpus"

FORMATS = ("text", "docx", "html", "pdf", "pdf-pdfplumber", "ocr")
# (what is measured, bound): reports/s per core at least, or ms per page at most
TARGETS: dict[str, tuple[str, float]] = {"docx": ("reports/s", 100.0), "html": ("reports/s", 100.0),
                                         "pdf": ("ms/page", 50.0)}


# ---------------------------------------------------------------------------------------------------
# Inputs


def _corpus_sources() -> list[Path]:
    out = []
    for truth in sorted(CORPUS.glob("**/*.truth.json")):
        name = json.loads(truth.read_text(encoding="utf-8")).get("file")
        if name and (truth.parent / name).exists():
            out.append(truth.parent / name)
    return out


def _reports(n_synthetic: int, log: list[str]) -> dict[str, Any]:
    import xxgk

    sys.path.insert(0, str(ROOT / "tests"))
    import synthetic

    reports: dict[str, Any] = {}
    for src in _corpus_sources():
        try:
            reports[f"corpus-{src.stem}"] = xxgk.parse(src, checks=False)
        except Exception as exc:  # a source the reader refuses is reported, not fatal
            log.append(f"{src.name}: 未能解析（{exc}），不参与 DOCX/HTML")
    templates = ("2019", "2021", "2021-hybrid")
    for i in range(n_synthetic):
        tpl = templates[i % len(templates)]
        reports[f"synthetic-{tpl}-{i}"] = synthetic.make_report(tpl, i, subtotals=bool(i % 2))
    return reports


def build_inputs(out: Path, args: argparse.Namespace, log: list[str]) -> dict[str, list[Path]]:
    from xxgk.render import render

    files: dict[str, list[Path]] = {f: [] for f in FORMATS}
    (out / "text").mkdir(parents=True)
    for src in sorted(CORPUS.glob("**/*.txt")):
        files["text"].append(Path(shutil.copy(src, out / "text" / src.name)))
    reports = _reports(args.synthetic, log)
    for fmt in ("docx", "html"):
        (out / fmt).mkdir()
        for name, report in reports.items():
            try:
                files[fmt].append(render(report, fmt, out / fmt / f"{name}.{fmt}", force=True)[0])
            except Exception as exc:
                log.append(f"{name}: 未能生成 {fmt}（{exc}）")
    (out / "pdf").mkdir()
    real = sorted(CORPUS.glob("**/*.pdf"))
    files["pdf"] += [Path(shutil.copy(p, out / "pdf" / p.name)) for p in real]
    if args.rendered_pdfs:
        files["pdf"] += _rendered_pdfs(list(reports.items())[: args.rendered_pdfs], out / "pdf", log)
    if args.pdfplumber:
        files["pdf-pdfplumber"] = files["pdf"]
    if not args.no_ocr and real:
        files["ocr"] = _scanned(real[0], args.ocr_pages, out / "ocr", log)
    return files


def _rendered_pdfs(reports: list[tuple[str, Any]], outdir: Path, log: list[str]) -> list[Path]:
    from xxgk.render.docx import render_docx
    from xxgk.render.pdf import convert_many

    with tempfile.TemporaryDirectory(prefix="xxgk-bench-") as tmp:
        docx = [render_docx(r, Path(tmp) / f"rendered-{name}.docx") for name, r in reports]
        try:
            return convert_many(docx, "pdf", outdir, timeout=60 + 30 * len(docx))
        except Exception as exc:  # no LibreOffice: the real PDFs still count
            log.append(f"LibreOffice 不可用，未生成 PDF（{exc}）")
            return []


def _scanned(pdf: Path, n_pages: int, outdir: Path, log: list[str]) -> list[Path]:
    try:
        import rapidocr_onnxruntime  # noqa: F401

        import xxgk.ingest.ocr  # noqa: F401
    except ImportError as exc:
        log.append(f"OCR 不可用（{exc}），跳过 OCR")
        return []
    import pypdfium2

    outdir.mkdir()
    doc = pypdfium2.PdfDocument(pdf)
    try:
        images = [doc[i].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
                  for i in range(min(n_pages, len(doc)))]
    finally:
        doc.close()
    path = outdir / f"{pdf.stem}.scan.pdf"
    images[0].save(path, "PDF", resolution=200.0, save_all=True, append_images=images[1:])
    return [path]


# ---------------------------------------------------------------------------------------------------
# Measurement (in a worker process per format)


def _pages(path: Path) -> int:
    if path.suffix.lower() != ".pdf":
        return 1
    import pypdfium2

    doc = pypdfium2.PdfDocument(path)
    try:
        return len(doc)
    finally:
        doc.close()


def _peak_rss_kb() -> int:
    """This process's peak resident set size in kB (Linux: VmHWM, which unlike ru_maxrss does not
    carry the parent's peak over fork and exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def worker(fmt: str, listing: Path, reps: int, checks: bool) -> dict[str, Any]:
    import xxgk

    if fmt == "pdf-pdfplumber":  # the same PDFs with PDFium's fast path turned off: the gain
        import xxgk.ingest.pdf

        xxgk.ingest.pdf._open_pdfium = lambda p, n: None

    files = [Path(p) for p in json.loads(listing.read_text())]
    errors: list[str] = []
    good = []
    for f in files:  # warm-up: imports, caches, models
        try:
            xxgk.parse(f, checks=checks)
            good.append(f)
        except Exception as exc:
            errors.append(f"{f.name}: {type(exc).__name__}: {exc}")
    cpu, wall, read = [], [], []
    for _ in range(reps):
        c0, w0 = time.process_time(), time.perf_counter()
        for f in good:
            xxgk.parse(f, checks=checks)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
        c0 = time.process_time()
        for f in good:
            xxgk.read(f)  # the ingest step alone: source file → Document
        read.append(time.process_time() - c0)
    cold: list[float] = []  # DOCX: every file as the first of its template (no part shared with another)
    if fmt == "docx":
        from xxgk.ingest.docx import clear_caches

        for _ in range(reps):
            t = 0.0
            for f in good:
                clear_caches()
                c0 = time.process_time()
                xxgk.parse(f, checks=checks)
                t += time.process_time() - c0
            cold.append(t)
    peak = 0
    tracemalloc.start()
    for f in good:
        tracemalloc.reset_peak()
        xxgk.parse(f, checks=checks)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    rss_kb = _peak_rss_kb()
    return {
        "format": fmt,
        "files": len(good),
        "pages": sum(_pages(f) for f in good),
        "cpu_s": statistics.median(cpu) if cpu else None,
        "wall_s": statistics.median(wall) if wall else None,
        "read_cpu_s": statistics.median(read) if read else None,
        "cold_cpu_s": statistics.median(cold) if cold else None,
        "peak_traced_mb": peak / 2**20,
        "max_rss_mb": rss_kb / 1024,
        "errors": errors,
    }


def measure(files: dict[str, list[Path]], args: argparse.Namespace, tmp: Path) -> list[dict[str, Any]]:
    results = []
    for fmt in FORMATS:
        if not files.get(fmt):
            continue
        listing = tmp / f"{fmt}.json"
        listing.write_text(json.dumps([str(p) for p in files[fmt]]))
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", fmt, str(listing),
               "--reps", str(1 if fmt == "ocr" else args.reps)]
        if args.no_checks:
            cmd.append("--no-checks")
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            results.append({"format": fmt, "files": 0, "errors": [proc.stderr.strip().splitlines()[-1:]]})
            continue
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return results


# ---------------------------------------------------------------------------------------------------
# Report


def _row(r: dict[str, Any]) -> list[str]:
    n, cpu = r.get("files", 0), r.get("cpu_s")
    if not n or not cpu:
        return [r["format"], str(n), "", "", "", "", "", "", "", "", "", "", "未测（出错）"]
    per_s = n / cpu
    paged = r["format"] in ("pdf", "pdf-pdfplumber", "ocr")
    ms_page = 1000 * cpu / r["pages"] if paged else None
    read = r.get("read_cpu_s") or 0.0
    target = TARGETS.get(r["format"])
    if target is None:
        goal, ok = "—", ""
    elif target[0] == "reports/s":
        goal, ok = f"≥ {target[1]:g} 份/s", "✓" if per_s >= target[1] else "✗"
    else:
        goal, ok = f"≤ {target[1]:g} ms/页", "✓" if ms_page is not None and ms_page <= target[1] else "✗"
    return [
        r["format"],
        str(n),
        str(r["pages"]) if paged else "",
        f"{per_s:.1f}",
        f"{1000 * cpu / n:.1f}",
        f"{ms_page:.1f}" if ms_page is not None else "",
        f"{1000 * read / n:.1f}",
        f"{1000 * read / r['pages']:.1f}" if paged else "",
        f"{1000 * r['cold_cpu_s'] / n:.1f}" if r.get("cold_cpu_s") else "",
        f"{n / r['wall_s']:.1f}",
        f"{r['peak_traced_mb']:.1f}",
        f"{r['max_rss_mb']:.0f}",
        f"{goal} {ok}".strip(),
    ]


def table(results: list[dict[str, Any]]) -> str:
    head = ["format", "files", "pages", "parse: reports/s per core", "parse: ms/report", "parse: ms/page",
            "read: ms/report", "read: ms/page", "parse: ms/report, nothing shared", "parse: reports/s wall", "peak traced MB", "max RSS MB", "target"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_row(r)) + " |" for r in results]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="timed passes per format (median counts)")
    ap.add_argument("--synthetic", type=int, default=12, help="synthetic reports rendered to DOCX/HTML")
    ap.add_argument("--rendered-pdfs", type=int, default=3, help="reports rendered to PDF by LibreOffice")
    ap.add_argument("--ocr-pages", type=int, default=2, help="scanned pages for the OCR row")
    ap.add_argument("--no-ocr", action="store_true")
    ap.add_argument("--pdfplumber", action=argparse.BooleanOptionalAction, default=True,
                    help="also time the PDFs with pdfplumber alone (PDFium's fast path off)")
    ap.add_argument("--no-checks", action="store_true", help="time xxgk.parse(..., checks=False)")
    ap.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    ap.add_argument("--worker", nargs=2, metavar=("FORMAT", "LISTING"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker[0], Path(args.worker[1]), args.reps, not args.no_checks)))
        return 0
    log: list[str] = []
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-") as tmpdir:
        tmp = Path(tmpdir)
        out = args.keep or tmp / "inputs"
        if out.exists() and any(out.iterdir()):
            ap.error(f"{out} 不是空目录")
        t0 = time.perf_counter()
        files = build_inputs(out, args, log)
        print(f"inputs: {', '.join(f'{k} {len(v)}' for k, v in files.items() if v)} "
              f"({time.perf_counter() - t0:.0f} s to build)", file=sys.stderr)
        results = measure(files, args, tmp)
    print(table(results))
    for r in results:
        log += [f"{r['format']}: {e}" for e in r.get("errors", [])]
    if log:
        print("\n" + "\n".join(f"- {m}" for m in log))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
