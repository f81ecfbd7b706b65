"""Turn a PDF page's text into blocks of HTML-ready structure: headings, lists, paragraphs.

Pure functions, no Django. A page of extracted text has one printed line per line; a
paragraph wraps over several. Headings (numbered "2. Report purpose", or short lines in
capitals) and list items ("- ", "•", "1.1.", "(a)") start blocks of their own; other
lines join the paragraph they continue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from packs.reading.tables import is_number

_BULLET = re.compile(r"^(?:[-•▪●◦*–]|\(?[a-z]\)|\(?[ivx]{1,4}\))\s+(?P<text>\S.*)$")
_NUMBERED_ITEM = re.compile(r"^(?P<number>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?\s+(?P<text>\S.*)$")
_NUMBERED_HEADING = re.compile(r"^(?P<number>\d{1,2})\.?\s+(?P<text>[A-Z][^.]{1,80})$")
_FOOTER = re.compile(r"^\s*Page\s+\d{1,4}\s*$", re.IGNORECASE)
_BANNER = re.compile(r"^\s*Agenda Item\s+\S+\s*$", re.IGNORECASE)


@dataclass
class Block:
    """A heading, a paragraph or a list, as it should be marked up."""

    kind: str  # "heading", "paragraph", "list", "table" (``text`` is its caption)
    text: str = ""
    items: list[str] = field(default_factory=list)
    head: list[Cell] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False


def stored_blocks(stored: list[dict]) -> list[Block]:
    """The blocks of a page stored as text and tables (``packs.reading.blocks``)."""
    blocks: list[Block] = []
    for block in stored:
        if block["kind"] == "table":
            rows = [[Cell(text, is_number(text)) for text in row] for row in block["rows"]]
            head = rows.pop(0) if block["header"] and rows else []
            blocks.append(Block("table", block["caption"], head=head, rows=rows))
        else:
            blocks.extend(page_blocks(block["text"]))
    return blocks


def page_blocks(text: str) -> list[Block]:
    """The blocks of one page, with its "Page N" footer and "Agenda Item" banner left out."""
    blocks: list[Block] = []
    for raw in text.replace("\r", "").split("\n"):
        line = " ".join(raw.split())
        if not line or _FOOTER.match(line) or _BANNER.match(line):
            if blocks and blocks[-1].kind == "paragraph":
                blocks.append(Block("break"))
            continue
        item = _BULLET.match(line) or _NUMBERED_ITEM.match(line)
        if item:
            label = item.groupdict().get("number")
            entry = f"{label} {item['text']}" if label else item["text"]
            if blocks and blocks[-1].kind == "list":
                blocks[-1].items.append(entry)
            else:
                blocks.append(Block("list", items=[entry]))
        elif _is_heading(line):
            blocks.append(Block("heading", line))
        elif blocks and blocks[-1].kind == "paragraph" and _continues(blocks[-1].text):
            blocks[-1].text += " " + line
        elif blocks and blocks[-1].kind == "list" and _continues(blocks[-1].items[-1]):
            blocks[-1].items[-1] += " " + line
        else:
            blocks.append(Block("paragraph", line))
    return [block for block in blocks if block.kind != "break"]


def _is_heading(line: str) -> bool:
    if len(line) > 90 or line.endswith((".", ",", ";", ":")):
        return bool(_NUMBERED_HEADING.match(line)) and not line.endswith((",", ";"))
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.85:
        return True
    return bool(_NUMBERED_HEADING.match(line))


def _continues(text: str) -> bool:
    """A paragraph runs on unless its last line ended a sentence."""
    return not text.endswith((".", "!", "?", ":")) or len(text) < 3
