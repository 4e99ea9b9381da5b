"""OCR'd numbers checked against the sums of tables 三 and 四.

The format prints its own checksums: every row and column of 表三 adds up (A3.ROW, A3.RESULTS,
A3.BALANCE, A3.SUBTOTAL) and every block of 表四 (A4.BLOCK). A digit misread by OCR breaks each sum it
takes part in. So, for the cells read by OCR (``cell.at["ocr"]``, confidence < 1):

- while some sum fails with every operand known, the OCR operand that sits in the most failing sums
  (the least confident among those) is doubted. It becomes ``unreadable`` — value None, the OCR text
  kept in ``raw``, its reading in ``candidates`` and ``note``; never a value computed from the sum —
  when the sums single it out (it breaks two or more of them) or the engine was not sure of it either
  (confidence < ``ENGINE_SURE``). A lone failing sum whose OCR operands the engine read surely is most
  likely an error printed in the report: those cells keep their values with confidence capped at
  ``DISPUTED`` and a note, and the check (A3.*/A4.BLOCK) reports the sum;
- a cell all of whose sums hold, and at least one can be evaluated, is confirmed: its confidence is
  raised to ``CONFIRMED`` (never to 1, it was still read by a machine);
- a cell in no evaluable sum (table 二, or next to a blank cell) keeps the engine's confidence.
"""

from __future__ import annotations

from ..model.cell import Cell
from ..model.report import Report

__all__ = ["CONFIRMED", "DISPUTED", "ENGINE_SURE", "is_ocr", "verify_ocr_cells"]

CONFIRMED = 0.99  # confidence of an OCR'd number every sum it is part of confirms
ENGINE_SURE = 0.99  # below this the engine does not vouch for a reading a failing sum disputes
DISPUTED = 0.9  # confidence of surely read operands of a lone failing sum (kept as printed)


def is_ocr(cell: Cell) -> bool:
    """A number read by OCR (and so never certain)."""
    return bool(cell.at.get("ocr")) and cell.status == "ok" and cell.value is not None and cell.confidence < 1


def verify_ocr_cells(report: Report) -> None:
    """Confirm or doubt the OCR'd numbers of tables 三/四 by their sums (in place)."""
    from ..checks.arithmetic import identities
    from ..checks.base import equal, total_of

    if not _any_ocr(report):
        return  # nothing was read by OCR
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

    settled: set[int] = set()  # failing sums left to the checks (operands read surely)
    while True:
        failing = [i for i in idents if id(i) not in settled and state(i) is False]
        count: dict[str, int] = {}
        for ident in failing:
            for p in ident.cells:
                c = cells[p]
                if c is not None and is_ocr(c):
                    count[p] = count.get(p, 0) + 1
        if not count:
            break
        worst = max(count, key=lambda p: (count[p], -cells[p].confidence))
        mine = [i for i in failing if worst in i.cells]
        if count[worst] >= 2 or cells[worst].confidence < ENGINE_SURE:
            _doubt(cells[worst], [i.scope for i in mine])
            continue
        for ident in mine:  # a lone failing sum, every OCR operand read surely: leave it to the checks
            settled.add(id(ident))
            for p in ident.cells:
                c = cells[p]
                if c is not None and is_ocr(c):
                    c.confidence = min(c.confidence, DISPUTED)
                    c.note = _add(c.note, f"{ident.scope}的加总不成立，但各格 OCR 读数可信度均高，按印刷值保留，请对照原件")

    for p, cell in cells.items():
        if cell is None or not is_ocr(cell):
            continue
        mine = [state(i) for i in idents if p in i.cells]
        if any(s is True for s in mine) and all(s is not False for s in mine):
            held = sum(1 for s in mine if s is True)
            cell.confidence = max(cell.confidence, CONFIRMED)
            cell.note = _add(cell.note, f"OCR 读数经 {held} 个加总关系核对无误")


def _any_ocr(report: Report) -> bool:
    """Whether any cell of the report is an OCR'd number (a plain loop: most reports have none, and
    every cell is looked at)."""
    for rows in report.tables.values():
        for cols in rows.values():
            for cell in cols.values():
                if cell.at.get("ocr") and is_ocr(cell):
                    return True
    return False


def _doubt(cell: Cell, scopes: list[str]) -> None:
    read = cell.raw if cell.raw is not None else str(cell.value)
    where = "、".join(dict.fromkeys(scopes))
    cell.note = _add(cell.note, f"OCR 读作“{read.strip()}”（可信度 {cell.confidence:.2f}），但{where}的加总因此不成立，"
                                "且它是其中最可疑的一格；不猜测，标为无法识别，请对照原件")
    cell.candidates = [cell.value]
    cell.value = None
    cell.status = "unreadable"
    cell.confidence = 0.0


def _add(note: str | None, text: str) -> str:
    return f"{note}；{text}" if note else text
