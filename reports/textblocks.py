"""A paper's pages as the HTML view shows them, from the blocks stored with each page
(``packs.reading.blocks``): figures in tables marked for right alignment, and headings
at levels that never skip one across the paper."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from packs.reading.blocks import text_blocks
from packs.reading.tables import is_number


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False


def shown_pages(pages: Iterable) -> list[dict]:
    """``{"page": page, "blocks": [...]}`` for each page, read in order: a heading is at
    most one level below the deepest heading before it; a page's tables are numbered
    when it has several, so that each one's name is its own."""
    entries = []
    deepest = 0
    for page in pages:
        blocks = []
        for block in text_blocks(page.text) if page.blocks is None else page.blocks:
            if block["kind"] == "text":  # stored by the table reading before structure
                blocks.extend(text_blocks(block["text"]))
            elif block["kind"] == "table":
                rows = [[Cell(text, is_number(text)) for text in row] for row in block["rows"]]
                head = rows.pop(0) if block["header"] and rows else []
                caption = block["caption"]
                blocks.append({"kind": "table", "text": caption, "head": head, "rows": rows})
            else:
                blocks.append(block)
        tables = [block for block in blocks if block["kind"] == "table"]
        for number, table in enumerate(tables, 1):
            table["number"] = number if len(tables) > 1 else None
        for block in blocks:
            if block["kind"] == "heading":
                level = min(block["level"], deepest + 1)
                block["level"], deepest = level, max(deepest, level)
        entries.append({"page": page, "blocks": blocks})
    return entries
