"""The common intermediate document every source format is read into.

A Document is a sequence of blocks — paragraphs and table grids — in reading order. Every paragraph
and every grid cell carries ``at`` (where it was: page, line, bbox) so that any number in a report can be
traced back to the place it was printed (cf. pdfplumber's ``page_number`` on every object).
Extraction (xxgk.extract) is written once against this model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Paragraph:
    text: str
    at: dict[str, Any] = field(default_factory=dict)  # {"page": 2, "line": 40, "bbox": [x0, top, x1, bottom]}
    style: str | None = None  # heading level / style name when the source tells it

    kind = "paragraph"


@dataclass(slots=True)
class GridCell:
    text: str
    row: int  # top-left position in the grid
    col: int
    rowspan: int = 1
    colspan: int = 1
    at: dict[str, Any] = field(default_factory=dict)
    confidence: float = 1.0  # OCR confidence, 1.0 for text sources


@dataclass
class Table:
    """A table grid. ``rows`` is a list of rows, each the list of cells that start in it, left to right.

    Merged cells appear once, at their top-left position, with rowspan/colspan set. Sources that do not
    know spans (plain text) give one cell per printed slot, empty slots as cells with empty text.
    """

    rows: list[list[GridCell]] = field(default_factory=list)
    at: dict[str, Any] = field(default_factory=dict)
    # "grid" (spans known: DOCX, HTML, PDF ruling lines) or "slots" (text export: spans unknown)
    layout: str = "grid"

    kind = "table"

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for r in self.rows for c in r), default=0)

    def dense(self) -> list[list[GridCell | None]]:
        """Row-major matrix with every merged cell repeated over the positions it covers."""
        n_rows = n_cols = 0  # the extent: max(row + rowspan), max(col + colspan) (0 for no cells)
        for r in self.rows:
            for c in r:
                if c.row + c.rowspan > n_rows:
                    n_rows = c.row + c.rowspan
                if c.col + c.colspan > n_cols:
                    n_cols = c.col + c.colspan
        m: list[list[GridCell | None]] = [[None] * n_cols for _ in range(n_rows)]
        for r in self.rows:
            for c in r:
                if c.rowspan == 1 and c.colspan == 1:
                    m[c.row][c.col] = c  # the common case, without the two range loops
                    continue
                for i in range(c.row, c.row + c.rowspan):
                    for j in range(c.col, c.col + c.colspan):
                        m[i][j] = c
        return m

    def texts(self) -> list[list[str]]:
        return [[c.text for c in r] for r in self.rows]


Block = Paragraph | Table


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    source: dict[str, Any] = field(default_factory=dict)  # file, sha256, format
    # document metadata the container gives (PDF CreationDate, DOCX core properties, page <meta>)
    properties: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def text(self) -> str:
        """All text in reading order, tables as tab-separated rows."""
        out = []
        for b in self.blocks:
            if isinstance(b, Paragraph):
                out.append(b.text)
            else:
                out.extend("\t".join(c.text for c in r) for r in b.rows)
        return "\n".join(out)
