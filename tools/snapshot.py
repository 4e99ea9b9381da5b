"""Record what xxgk makes of a set of files, and later compare: a guard for work that must change
speed and nothing else.

    python tools/snapshot.py build DIR [--synthetic 90]   # write varied inputs into DIR
    python tools/snapshot.py record DIR SNAP.pkl          # every file's Document, Report and findings
    python tools/snapshot.py compare DIR SNAP.pkl         # print each file whose output differs

``build`` writes the corpus sources, the examples, and ``--synthetic`` reports of tests/synthetic.py
(the three templates, half with subtotals), each damaged at random (cells made blank, missing, off by
one, a row dropped) so that findings of many rules are raised, rendered to DOCX, HTML and Markdown.
``record`` keeps, for every file, ``repr`` of the Document (``xxgk.read``), the report dictionary
(``Report.to_dict``, findings included) — or the error it raised. ``compare`` exits 1 on any difference.
"""

from __future__ import annotations

import dataclasses
import pickle
import random
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def build(out: Path, n_synthetic: int) -> None:
    from xxgk.render import render

    sys.path.insert(0, str(ROOT / "tests"))
    import synthetic

    out.mkdir(parents=True, exist_ok=True)
    for src in [*sorted(CORPUS.glob("**/*")), *sorted((ROOT / "examples").glob("*"))]:
        if src.is_file() and not src.name.endswith(".json"):
            shutil.copy(src, out / src.name)
    templates = ("2019", "2021", "2021-hybrid")
    for i in range(n_synthetic):
        tpl = templates[i % 3]
        report = synthetic.make_report(tpl, 500 + i, subtotals=bool(i % 2))
        _damage(report, random.Random(i), synthetic)
        for fmt in ("docx", "html", "md"):
            render(report, fmt, out / f"synthetic-{tpl}-{i}.{fmt}", force=True)


def _damage(report: Any, rng: random.Random, synthetic: Any) -> None:
    paths = [f"{t}.{r}.{c}" for t, rows in report.tables.items() for r, cols in rows.items() for c in cols]
    for _ in range(rng.randrange(0, 5)):
        path = rng.choice(paths)
        kind = rng.choice(("blank", "missing", "plus", "minus", "na"))
        if kind in ("plus", "minus"):
            if report.cell(path).value is not None:
                synthetic.add(report, path, 1 if kind == "plus" else -1)
        else:
            synthetic.set_cell(report, path, status=kind)
    if rng.random() < 0.2:
        table = rng.choice(list(report.tables))
        if report.tables[table]:
            report.tables[table].pop(rng.choice(list(report.tables[table])))


def _outputs(path: Path) -> dict[str, str]:
    import xxgk

    out: dict[str, str] = {}
    try:
        doc = xxgk.read(path)
        out["document"] = repr(dataclasses.asdict(doc))
        out["report"] = repr(xxgk.parse(path).to_dict())
    except Exception as exc:  # noqa: BLE001 — an error is an output like any other
        out["error"] = f"{type(exc).__name__}: {exc}"
    return out


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_file())


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "build":
        n = int(argv[argv.index("--synthetic") + 1]) if "--synthetic" in argv else 90
        build(Path(argv[1]), n)
        return 0
    if len(argv) == 3 and argv[0] in ("record", "compare"):
        root, snap = Path(argv[1]), Path(argv[2])
        now = {p.name: _outputs(p) for p in _files(root)}
        if argv[0] == "record":
            snap.write_bytes(pickle.dumps(now))
            print(f"{len(now)} files recorded")
            return 0
        before = pickle.loads(snap.read_bytes())
        bad = 0
        for name in sorted(set(before) | set(now)):
            a, b = before.get(name), now.get(name)
            if a != b:
                bad += 1
                keys = sorted(k for k in set(a or {}) | set(b or {}) if (a or {}).get(k) != (b or {}).get(k))
                print(f"DIFF {name}: {', '.join(keys)}")
        print(f"{len(now)} files, {bad} differ")
        return 1 if bad else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
