"""Compare parsed reports with the corpus truth files; print every difference."""
import json
import sys
from pathlib import Path

import xxgk

ROOT = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main(paths):
    truths = sorted(ROOT.glob("**/*.truth.json")) if not paths else [Path(p) for p in paths]
    tot = bad = 0
    for tp in truths:
        t = json.loads(tp.read_text())
        src = tp.with_name(t["file"])
        try:
            r = xxgk.parse(src, checks=False)
        except Exception as e:  # noqa: BLE001
            print(f"== {tp.name}: ERROR {type(e).__name__}: {e}")
            continue
        unc = set(t.get("uncertain", []))
        diffs = []
        for key in ("agency", "year", "template"):
            if getattr(r.meta, key) != t["meta"][key]:
                diffs.append(f"meta.{key}: got {getattr(r.meta, key)!r} want {t['meta'][key]!r}")
        if r.meta.published_on != t["meta"].get("published_on"):
            diffs.append(f"meta.published_on: got {r.meta.published_on!r} want {t['meta'].get('published_on')!r}")
        for table in ("active", "applications", "reviews"):
            for row, cols in t.get(table, {}).items():
                for col, want in cols.items():
                    path = f"{table}.{row}.{col}"
                    tot += 1
                    c = r.cell(path)
                    got = c.value if c else "<absent>"
                    if path in unc:
                        if got is not None and want is not None and got != want:
                            diffs.append(f"{path}: uncertain got {got!r} want {want!r}")
                        continue
                    if got != want or (c is not None and want is not None and c.status != "ok"):
                        diffs.append(f"{path}: got {got!r} ({c.status if c else '-'} raw={c.raw if c else None!r}) want {want!r}")
        bad += len(diffs)
        print(f"== {tp.name}: {len(diffs)} diffs (template {r.meta.template})")
        for d in diffs[:40]:
            print("   ", d)
    print(f"cells {tot}, diffs {bad}")


if __name__ == "__main__":
    main(sys.argv[1:])
