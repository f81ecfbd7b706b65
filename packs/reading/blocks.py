"""A page as the HTML view shows it: runs of text and tables, in reading order.

Built on the parser's own reading of a page (``pdf.page_layout``: its positioned lines),
with the tables ``tables.find_tables`` finds on pages drawn with rules. Text a table
holds is left out of the text around it, and so is the table's caption. A page with no
table has no blocks: its text is shown as extracted, as before.

Blocks are JSON-ready dicts: ``{"kind": "text", "text": "line\\nline"}`` and the
``Table.to_json()`` shape.
"""

from __future__ import annotations

import io
import os

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .layout import Layout, Piece
from .pdf import page_layout
from .tables import Table, find_tables, has_rules


def pdf_blocks(source: str | os.PathLike | bytes) -> list[list[dict] | None]:
    """Each page's blocks, or None for a page with no table."""
    document = pdfium.PdfDocument(source)
    plumber = None
    out: list[list[dict] | None] = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                if not has_rules(_rules(page, height), width):
                    out.append(None)
                    continue
                if plumber is None:
                    plumber = pdfplumber.open(
                        io.BytesIO(source) if isinstance(source, bytes) else source
                    )
                tables = find_tables(plumber.pages[index])
                layout = page_layout(page) if tables else None
                out.append(page_blocks(layout, tables) if layout else None)
            finally:
                page.close()
    finally:
        document.close()
        if plumber is not None:
            plumber.close()
    return out


def _rules(page: pdfium.PdfPage, height: float) -> list[tuple[float, float, float]]:
    """The page's horizontal rules as (x0, x1, y from the top): flat drawn paths."""
    rules = []
    for obj in page.get_objects(max_depth=2):
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        if top - bottom <= 2 and right - left > 0:
            rules.append((left, right, height - top))
    return rules


def page_blocks(layout: Layout, tables: list[Table]) -> list[dict]:
    """The page's text outside its tables, in reading order, with each table where its
    first row sits."""
    blocks: list[dict] = []
    pending = sorted(tables, key=lambda t: t.bbox[1])
    lines: list[str] = []

    def flush() -> None:
        if lines:
            blocks.append({"kind": "text", "text": "\n".join(lines)})
            lines.clear()

    for line in layout.lines:
        while pending and line.top >= pending[0].bbox[1]:
            flush()
            blocks.append(pending.pop(0).to_json())
        kept = [
            cell
            for cell in line.cells
            if not any(_inside(cell, table) or _is_caption(cell, table) for table in tables)
        ]
        if kept:
            lines.append(" ".join(cell.text for cell in kept))
    flush()
    blocks.extend(table.to_json() for table in pending)
    return blocks


def _inside(cell: Piece, table: Table) -> bool:
    x0, top, x1, bottom = table.bbox
    middle_y = (cell.top + cell.bottom) / 2
    return x0 <= (cell.x0 + cell.x1) / 2 <= x1 and top <= middle_y <= bottom


def _is_caption(cell: Piece, table: Table) -> bool:
    return (
        bool(table.caption) and cell.text == table.caption and 0 <= table.bbox[1] - cell.bottom < 20
    )
