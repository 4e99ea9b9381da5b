"""OCR'd numbers checked against the sums of tables 三 and 四.

The format prints its own checksums: every row and column of 表三 adds up (A3.ROW, A3.RESULTS,
A3.BALANCE, A3.SUBTOTAL) and every block of 表四 (A4.BLOCK). A digit misread by OCR breaks each sum it
takes part in. So, for the cells read by OCR (``cell.at["ocr"]``, confidence < 1):

- while some sum fails with every operand known, the OCR operand that sits in the most failing sums
  (the least confident among those) becomes ``unreadable``: value None, the OCR text kept in ``raw``
  and the reading in ``note``. Its value is never replaced by one computed from the sum;
- a cell all of whose sums hold, and at least one can be evaluated, is confirmed: its confidence is
  raised to 0.99 (never to 1, it was still read by a machine);
- a cell in no evaluable sum (table 二, or next to a blank cell) keeps the engine's confidence.

A sum that fails because the report itself is wrong looks the same as a misread; the cell then
becomes unreadable too (flagged for a person, never silently kept or silently "repaired").
"""

from __future__ import annotations

from ..model.cell import Cell
from ..model.report import Report

__all__ = ["CONFIRMED", "is_ocr", "verify_ocr_cells"]

CONFIRMED = 0.99  # confidence of an OCR'd number every sum it is part of confirms


def is_ocr(cell: Cell) -> bool:
    """A number read by OCR (and so never certain)."""
    return bool(cell.at.get("ocr")) and cell.status == "ok" and cell.value is not None and cell.confidence < 1


def verify_ocr_cells(report: Report) -> None:
    """Confirm or doubt the OCR'd numbers of tables 三/四 by their sums (in place)."""
    from ..checks.arithmetic import identities
    from ..checks.base import equal, total_of

    idents = identities(report)
    if not idents:
        return
    cells = {p: report.cell(p) for ident in idents for p in ident.cells}
    if not any(is_ocr(c) for c in cells.values() if c is not None):
        return

    def state(ident) -> bool | None:
        """True: holds; False: fails; None: an operand is not known."""
        vals = [cells[p] for p in ident.cells]
        if any(c is None or not c.known for c in vals):
            return None
        n = len(ident.left)
        left = total_of([c.value for c in vals[:n]])
        right = total_of([c.value for c in vals[n:]])
        return equal(left, right, ident.kind())

    while True:
        failing = [i for i in idents if state(i) is False]
        count: dict[str, int] = {}
        for ident in failing:
            for p in ident.cells:
                c = cells[p]
                if c is not None and is_ocr(c):
                    count[p] = count.get(p, 0) + 1
        if not count:
            break
        worst = max(count, key=lambda p: (count[p], -cells[p].confidence))
        scopes = [i.scope for i in failing if worst in i.cells]
        _doubt(cells[worst], scopes)

    for p, cell in cells.items():
        if cell is None or not is_ocr(cell):
            continue
        mine = [state(i) for i in idents if p in i.cells]
        if any(s is True for s in mine) and all(s is not False for s in mine):
            held = sum(1 for s in mine if s is True)
            cell.confidence = max(cell.confidence, CONFIRMED)
            cell.note = _add(cell.note, f"OCR 读数经 {held} 个加总关系核对无误")


def _doubt(cell: Cell, scopes: list[str]) -> None:
    read = cell.raw if cell.raw is not None else str(cell.value)
    where = "、".join(dict.fromkeys(scopes))
    cell.note = _add(cell.note, f"OCR 读作“{read.strip()}”（可信度 {cell.confidence:.2f}），但{where}的加总因此不成立，"
                                "且它是其中最可疑的一格；不猜测，标为无法识别，请对照原件")
    cell.value = None
    cell.status = "unreadable"
    cell.confidence = 0.0


def _add(note: str | None, text: str) -> str:
    return f"{note}；{text}" if note else text
