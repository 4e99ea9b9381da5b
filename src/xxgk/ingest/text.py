"""Plain-text reports → Document.

Three shapes of table occur in real text exports, and all become ``Table(layout="slots")``:

* tab-separated rows: one printed row per line, cells separated by tabs (empty slots kept);
* Word's "one cell per line" export: every cell on its own line starting with a tab, a cell's
  wrapped text continuing on following lines without a tab, rows separated by blank lines;
* no table at all — crawler text where a table is one run of glued labels and digits. Those stay
  paragraphs; :mod:`xxgk.extract.glued` reads them.

Every paragraph and cell keeps its 1-based line number in ``at``.
"""

from __future__ import annotations

import codecs
import re

from ..errors import UnknownEncoding
from .document import Document, GridCell, Paragraph, Table

# Strict decodes first (a GBK file is never silently mangled as UTF-8); a detector only as fallback.
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, name: str = "") -> tuple[str, str]:
    """Decode report bytes, returning (text, encoding)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # pragma: no cover - detector failure is the same as no result
        best = None
    if best is not None and best.encoding:
        return str(best), best.encoding
    raise UnknownEncoding("无法识别文本编码（已尝试 UTF-8、GB18030 及自动检测），请另存为 UTF-8 后重试", name or None)


# Word text exports keep bookmark markers ("[bookmark: _GoBack]") inside cells and paragraphs.
_WORD_FIELDS = re.compile(r"\[bookmark: [^\]]*\]")
_CELL_LINE = re.compile(r"^\t[^\t]*$")  # Word export: one cell per line


def read_text(data: bytes | str, name: str = "") -> Document:
    """Read a text report (bytes in any common Chinese encoding, or str)."""
    if isinstance(data, bytes):
        text, enc = decode(data, name)
    else:
        text, enc = data, "str"
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _WORD_FIELDS.sub("", text)
    lines = text.split("\n")
    doc = Document(source={"file": name, "format": "text", "encoding": enc})
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if _CELL_LINE.match(line):
            table, i = _read_cell_lines(lines, i)
            _append_table(doc, table)
            continue
        if "\t" in line and line.strip():
            table, i = _read_tab_rows(lines, i)
            _append_table(doc, table)
            continue
        if line.strip():
            doc.blocks.append(Paragraph(text=line.strip(), at={"line": i + 1}))
        i += 1
    return doc


def _append_table(doc: Document, table: Table) -> None:
    if table.rows:
        doc.blocks.append(table)


def _read_tab_rows(lines: list[str], i: int) -> tuple[Table, int]:
    """Consecutive lines holding tabs, one printed row each."""
    table = Table(layout="slots", at={"line": i + 1})
    n = len(lines)
    while i < n and "\t" in lines[i] and lines[i].strip() and not _CELL_LINE.match(lines[i]):
        r = len(table.rows)
        slots = lines[i].split("\t")
        table.rows.append(
            [GridCell(text=s.strip(), row=r, col=j, at={"line": i + 1}) for j, s in enumerate(slots)]
        )
        i += 1
    return table, i


def _is_continuation(line: str) -> bool:
    """A wrapped cell text line (no tab) in Word's one-cell-per-line export."""
    s = line.strip()
    return bool(s) and "\t" not in line and len(s) <= 40 and not re.match(r"^[一二三四五六七八九十]+、", s)


def _read_cell_lines(lines: list[str], i: int) -> tuple[Table, int]:
    """Word export: rows are runs of tab-led cell lines, separated by blank lines."""
    table = Table(layout="slots", at={"line": i + 1})
    n = len(lines)
    row: list[GridCell] = []
    blank_run = 0
    while i < n:
        line = lines[i]
        if _CELL_LINE.match(line):
            if blank_run and row:
                table.rows.append(row)
                row = []
            blank_run = 0
            row.append(GridCell(text=line[1:].strip(), row=len(table.rows), col=len(row), at={"line": i + 1}))
        elif not line.strip():
            blank_run += 1
            if blank_run > 3:  # a long gap ends the table
                break
        elif row and blank_run == 0 and _is_continuation(line):
            row[-1].text += line.strip()
        else:
            break
        i += 1
    if row:
        table.rows.append(row)
    for r, cells in enumerate(table.rows):
        for c in cells:
            c.row = r
    return table, i
