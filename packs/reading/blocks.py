"""A page as the HTML view shows it: headings, paragraphs, lists, labelled fields and
tables, in reading order.

Made from the parser's own reading of a page (``pdf.page_layout``: positioned lines with
their size, weight and cells) and its running headers and footers (``pages``, found by
repetition across the document), so the import and the view read a page one way. Tables
come from the rules drawn on a page (``tables.find_tables``) or from lines whose cells
line up in three or more columns (``tables.aligned_tables``). Blocks are JSON-ready
dicts, stored with the page:

- ``{"kind": "heading", "level": 1 or 2, "text": ...}``
- ``{"kind": "paragraph", "text": ...}``
- ``{"kind": "list", "items": [{"label": "1.1", "text": ..., "items": [...]}]}`` (a
  bullet's label is empty; an item's text may hold paragraphs, parted by a blank line)
- ``{"kind": "fields", "items": [{"label": "Decision Maker", "text": ...}]}``
- ``{"kind": "table", "caption": ..., "header": bool, "rows": [[cell, ...], ...]}``

``text_blocks`` reads a page known only as text (one turned on its side) into the same
shapes, from its lines alone.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, replace

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .layout import Layout, Line, Piece, body_size
from .model import Page
from .pages import describe_page, is_furniture, mark_running_lines
from .pdf import page_layout
from .tables import Table, aligned_tables, find_tables, has_rules
from .text import lines_of

# A white gap between two lines, in font sizes, beyond which a new paragraph starts.
PARAGRAPH_GAP = 0.5
# How much larger than the body text a heading's type is, in points.
LARGER = 1.0

_CLAUSE_RE = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3}\.?)\s+(?P<text>\S.*)$")
# "3. Text", and "23.The" with no space, as some councils print their paragraph numbers.
_NUMBERED_RE = re.compile(r"^(?P<label>\d{1,2}[.)])(?:\s+(?P<text>\S.*)|(?P<tight>[A-Z].*))$")
_LETTERED_RE = re.compile(
    r"^(?P<label>\((?:[a-z]{1,2}|[ivx]{1,5})\)|(?:[a-zA-Z]|[ivx]{1,5})[.)])\s+(?P<text>\S.*)$"
)
# Bullets, a symbol font's among them (drawn from the private use area), and an "o".
_BULLET_RE = re.compile(
    r"^(?P<label>[•●▪◦■□➢►‣⁃·*\-–\uf000-\uf0ff]|o(?=\s+[A-Z]))\s+(?P<text>\S.*)$"
)
_LOWER_ASCII_RE = re.compile("[a-z]")
_FIELD_CELL_RE = re.compile(r"^[A-Z][^:?]{0,48}[:?]$")
_FIELD_LINE_RE = re.compile(r"^(?P<label>[A-Z][\w ’'/&(),-]{0,40}[:?])\s+(?P<value>\S.*)$")
_LEADER_RE = re.compile(r"\.{4,}|…{2,}")
_NUMBERED_HEADING_RE = re.compile(r"^\d{1,2}\.?\s+[A-Z][^.]{1,80}$")


@dataclass(frozen=True)
class Styles:
    """A document's type: the body size, and whether it sets headings larger than it (then
    bold headings at body size are the second level)."""

    body: float
    has_large: bool
    bold_body: bool = False  # the body is set bold: weight says nothing

    def level(self, line: Line) -> int | None:
        """A heading's level by its size and weight, or None for body type."""
        if self.is_large(line):
            return 1
        if (line.bold and not self.bold_body) or _capitals(line.text):
            return 2 if self.has_large else 1
        return None

    def is_large(self, line: Line) -> bool:
        return line.size >= self.body + max(LARGER, self.body * 0.12)


def pdf_blocks(
    source: str | os.PathLike | bytes, furniture: list[list[str]] | None = None
) -> list[list[dict] | None]:
    """Each page's blocks, or None for a page with no layout to read (no text, or turned
    on its side): the view shows such a page from its text. ``furniture``, if given, gets
    each page's lines left out as running headers, footers, banners and page numbers."""
    document = pdfium.PdfDocument(source)
    plumber = None
    pages: list[Page] = []
    ruled: dict[int, list[Table]] = {}
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                layout = page_layout(page)
                pages.append(describe_page(index + 1, "", layout is not None, layout))
                width, height = page.get_size()
                if layout is None or not has_rules(_rules(page, height), width):
                    continue
                if plumber is None:
                    plumber = pdfplumber.open(
                        io.BytesIO(source) if isinstance(source, bytes) else source
                    )
                ruled[index] = find_tables(plumber.pages[index])
                plumber.pages[index].close()
            finally:
                page.close()
    finally:
        document.close()
        if plumber is not None:
            plumber.close()
    mark_running_lines(pages)
    styles = document_styles([page.layout for page in pages if page.layout])
    if furniture is not None:
        furniture.extend(
            [line.text for line in page.layout.lines if is_furniture(line.text, page)]
            if page.layout
            else []
            for page in pages
        )
    return [
        page_blocks(page, ruled.get(index, []), styles) if page.layout else None
        for index, page in enumerate(pages)
    ]


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


def document_styles(layouts: list[Layout]) -> Styles:
    lines = [line for layout in layouts for line in layout.lines]
    body = body_size(lines)
    styles = Styles(body, False)
    large = any(styles.is_large(line) and _heading_like(line.text) for line in lines)
    bold = sum(len(line.text) for line in lines if line.bold)
    return Styles(body, large, bold * 2 > sum(len(line.text) for line in lines))


def page_blocks(page: Page, ruled: list[Table], styles: Styles) -> list[dict]:
    """The blocks of one laid-out page: its running lines, banners and page numbers left
    out, each table where its first row sits, and no text of a table repeated around it."""
    lines, furniture = [], []
    for line in page.layout.lines:
        (furniture if is_furniture(line.text, page) else lines).append(line)
    ruled = [_without(table, [line.text for line in furniture]) for table in ruled]
    outside = [line for line in lines if not any(_line_inside(line, t) for t in ruled)]
    tables = sorted([*ruled, *aligned_tables(outside)], key=lambda t: t.bbox[1])
    kept: list[Line] = []
    for line in lines:
        cells = [
            cell
            for cell in line.cells
            if not any(_inside(cell, table) or _is_caption(cell, table) for table in tables)
        ]
        if len(cells) == len(line.cells):
            kept.append(line)
        elif cells:
            kept.append(_with_cells(line, cells))
    return _structure(kept, tables, styles, page.layout.width)


def _without(table: Table, furniture: list[str]) -> Table:
    """A ruled table without the running footer its last cell took in below its rules."""
    rows = []
    for row in table.rows:
        cells = []
        for cell in row:
            for text in furniture:
                if cell == text or cell.endswith(" " + text):
                    cell = cell[: -len(text)].rstrip()
            cells.append(cell)
        rows.append(cells)
    return replace(table, rows=rows)


def _with_cells(line: Line, cells: list[Piece]) -> Line:
    return replace(
        line,
        text=" ".join(cell.text for cell in cells),
        x0=cells[0].x0,
        x1=max(cell.x1 for cell in cells),
        cells=tuple(cells),
    )


def _inside(cell: Piece, table: Table) -> bool:
    x0, top, x1, bottom = table.bbox
    middle_y = (cell.top + cell.bottom) / 2
    return x0 <= (cell.x0 + cell.x1) / 2 <= x1 and top <= middle_y <= bottom


def _line_inside(line: Line, table: Table) -> bool:
    return all(_inside(cell, table) for cell in line.cells)


def _is_caption(cell: Piece, table: Table) -> bool:
    return (
        bool(table.caption) and cell.text == table.caption and 0 <= table.bbox[1] - cell.bottom < 20
    )


def _structure(lines: list[Line], tables: list[Table], styles: Styles, width: float) -> list[dict]:
    """Lines (and tables) into blocks, top to bottom."""
    builder = _Builder(styles, _measure(lines, width))
    pending = list(tables)
    for index, line in enumerate(lines):
        while pending and line.top >= pending[0].bbox[1]:
            builder.table(pending.pop(0))
        builder.line(line, lines[index + 1 :])
    for table in pending:
        builder.table(table)
    return builder.blocks


def _measure(lines: list[Line], width: float) -> tuple[float, float]:
    """The left and right edges of the page's text: where most lines of several words
    begin, and the x most of them reach."""
    full = [line for line in lines if len(line.text) > 30]
    if not full:
        return 0.0, width
    starts = sorted(line.x0 for line in full)
    ends = sorted(line.x1 for line in full)
    return starts[len(starts) // 10], ends[int(len(ends) * 0.9)]


class _Builder:
    """Blocks built a line at a time: the open paragraph, list or fields take a line that
    carries them on; any other line starts a block of its own."""

    def __init__(self, styles: Styles, measure: tuple[float, float]):
        self.styles = styles
        self.left, self.measure = measure
        self.blocks: list[dict] = []
        self.last: Line | None = None
        self.open: str | None = None  # "paragraph", "heading", "list", "fields"
        self.stack: list[tuple[float, list[dict]]] = []  # (marker x, items) of open lists
        self.field_x: float | None = None

    def table(self, table: Table) -> None:
        self.blocks.append(table.to_json())
        self.open, self.last = None, None

    def line(self, line: Line, after: list[Line]) -> None:
        """Take the next line; ``after`` are the page's lines below it."""
        following = after[0] if after else None
        gap = self._gap(line)
        close = gap is None or gap > PARAGRAPH_GAP * line.size
        item = list_item(line.text)
        if item and item[2] == "bullet" and not self._bullet_starts(line, close):
            item = None
        field = field_line(line)
        if (
            field
            and not self._lead_in(line, following)
            and (self.open == "fields" or _pairs(field, after))
        ):
            self._field(*field)
        elif self.open == "fields" and self._carries_field(line, gap):
            entry = self.blocks[-1]["items"][-1]
            entry["text"] = _joined(entry["text"], line.text, newline=True)
        elif item and not self._is_heading(line, following, item):
            self._item(line, *item)
        elif self.open == "list" and self._carries_item(line, close):
            entry = self.stack[-1][1][-1]
            entry["text"] = _joined(entry["text"], line.text, paragraph=close)
        elif self._is_heading(line, following, item):
            level = self.styles.level(line) or 1
            heading = self.blocks[-1] if self.open == "heading" and not close else None
            if heading and heading["level"] == level and self.last.size == line.size:
                heading["text"] = _joined(heading["text"], line.text)
            else:
                self.blocks.append({"kind": "heading", "level": level, "text": line.text})
            self.open = "heading"
        elif self.open == "paragraph" and not close and not self._ends_paragraph(line):
            self.blocks[-1]["text"] = _joined(self.blocks[-1]["text"], line.text)
        else:
            self.blocks.append({"kind": "paragraph", "text": line.text})
            self.open = "paragraph"
        self.last = line

    def _gap(self, line: Line) -> float | None:
        if self.last is None or line.top < self.last.top:
            return None
        return line.top - self.last.bottom

    def _ends_paragraph(self, line: Line) -> bool:
        """Whether the line before ended its paragraph though no white space follows it: a
        short last line of a sentence, a row of cells, a contents line."""
        last = self.last
        if _in_columns(last) or _in_columns(line) or _LEADER_RE.search(last.text):
            return True
        short = self.measure - last.x1
        if short > 0.3 * (self.measure - self.left):
            return True
        return last.text.rstrip().endswith((".", ":", "?", "!")) and short > 4 * last.size

    def _is_heading(self, line: Line, following: Line | None, item) -> bool:
        """A line set large, or bold or in capitals on its own: short, not run on into
        the line below as a paragraph."""
        text = line.text
        if not _heading_like(text) or self.styles.level(line) is None:
            return False
        if item and not self.styles.is_large(line) and not line.bold:
            return False
        if self.styles.is_large(line):
            return len(text) <= 160 and not (item and _BULLET_RE.match(text))
        if len(text) > 100 or len(line.cells) > 2:
            return False
        if following is None or following.top < line.top:
            return True
        runs_on = (
            following.top - line.bottom <= PARAGRAPH_GAP * line.size
            and not following.bold
            and abs(following.x0 - line.x0) < line.size
            and line.x1 >= self.measure - 4 * line.size
        )
        return not runs_on

    def _item(self, line: Line, label: str, text: str, kind: str) -> None:
        marker = line.x0
        if self.open != "list" or not self.stack:
            if kind == "lettered" and not _starts_sequence(label):
                self._paragraph_or_join(line)
                return
            self.blocks.append({"kind": "list", "items": []})
            self.stack = [(marker, self.blocks[-1]["items"])]
        elif marker > self.stack[-1][0] + 4 and self.stack[-1][1]:
            nested: list[dict] = []
            self.stack[-1][1][-1]["items"] = nested
            self.stack.append((marker, nested))
        else:
            while len(self.stack) > 1 and marker < self.stack[-1][0] - 4:
                self.stack.pop()
        self.stack[-1][1].append(
            {"label": "" if kind == "bullet" else label, "text": text, "items": []}
        )
        self.open = "list"

    def _paragraph_or_join(self, line: Line) -> None:
        if self.open == "paragraph" and not self._ends_paragraph(line):
            self.blocks[-1]["text"] = _joined(self.blocks[-1]["text"], line.text)
        else:
            self.blocks.append({"kind": "paragraph", "text": line.text})
            self.open = "paragraph"

    def _carries_item(self, line: Line, close: bool) -> bool:
        """A line that goes on with the open list's last item: indented past its marker,
        or close under it."""
        marker = self.stack[-1][0]
        if line.x0 > marker + 3:
            return True
        return not close and not self._ends_paragraph(line)

    def _field(self, label: str, text: str, value_x: float | None) -> None:
        if self.open != "fields":
            self.blocks.append({"kind": "fields", "items": []})
        self.blocks[-1]["items"].append({"label": label, "text": text})
        self.open, self.field_x = "fields", value_x

    def _carries_field(self, line: Line, gap: float | None) -> bool:
        """A line under the last field's value, in its column."""
        return (
            self.field_x is not None
            and gap is not None
            and gap <= 2.5 * line.size
            and line.x0 >= self.field_x - 3
        )

    def _bullet_starts(self, line: Line, close: bool) -> bool:
        """Whether a bullet begins an item: a dash at a line's start may be a range
        wrapped ("aged 16" "– 25"), unless the marker stands apart or the line before
        ended."""
        if line.text[0] not in "-–*" or len(line.cells) > 1 or close or self.last is None:
            return True
        return self.last.text.rstrip().endswith((".", ":", ";", "?", "!"))

    def _lead_in(self, line: Line, following: Line | None) -> bool:
        """A bold label that begins a paragraph running on below it, under the label."""
        return (
            following is not None
            and field_line(following) is None
            and following.top - line.bottom <= PARAGRAPH_GAP * line.size
            and following.x0 <= line.x0 + 3
            and len(line.cells) == 1
        )


def _pairs(field: tuple[str, str, float | None], after: list[Line]) -> bool:
    """Whether a field line is one of a run of them (a lone "Note: ..." is a sentence):
    another follows it, past the lines that carry its value on in the value's column."""
    value_x = field[2]
    for line in after:
        if field_line(line) is not None:
            return True
        if value_x is None or line.x0 < value_x - 3:
            return False
    return False


def list_item(text: str) -> tuple[str, str, str] | None:
    """(label, text, kind) of a line that starts a numbered clause, a lettered
    sub-clause or a bullet point."""
    for kind, pattern in (
        ("clause", _CLAUSE_RE),
        ("numbered", _NUMBERED_RE),
        ("lettered", _LETTERED_RE),
        ("bullet", _BULLET_RE),
    ):
        match = pattern.match(text)
        if match:
            return match["label"], match["text"] or match["tight"], kind
    return None


def field_line(line: Line) -> tuple[str, str, float | None] | None:
    """(label, value, x of the value's column) of a labelled field: "Decision Maker: |
    Cabinet" as two cells, or a bold "Date: 12 March" on one."""
    cells = line.cells
    if len(cells) >= 2 and _FIELD_CELL_RE.match(cells[0].text):
        value = " ".join(cell.text for cell in cells[1:])
        return _label(cells[0].text), value, cells[1].x0
    match = _FIELD_LINE_RE.match(line.text)
    if match and line.bold and len(cells) == 1:
        return _label(match["label"]), match["value"], None
    return None


def _label(text: str) -> str:
    """A field's label without its colon ("Date:"); a question keeps its mark."""
    return text[:-1].strip() if text.endswith(":") else text


def _in_columns(line: Line) -> bool:
    """A line of cells set apart by more than a justified line's spacing."""
    return any(
        b.x0 - a.x1 > 2 * line.size for a, b in zip(line.cells, line.cells[1:], strict=False)
    )


def _starts_sequence(label: str) -> bool:
    letter = label.strip("().").lower()
    return letter in ("a", "i")


def _heading_like(text: str) -> bool:
    return bool(text) and not text.rstrip().endswith((",", ";")) and not _LEADER_RE.search(text)


def _capitals(text: str) -> bool:
    """A short line of four letters or more, every one a capital ("APOLOGIES FOR ABSENCE").
    A lower-case ASCII letter ends the look at once: most lines have one."""
    if len(text) > 80 or _LOWER_ASCII_RE.search(text):
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _joined(text: str, more: str, *, paragraph: bool = False, newline: bool = False) -> str:
    """A block's text with the next line added: a new paragraph, a new line, a word the
    line end hyphenated ("well-" "known") kept whole, or a space."""
    if paragraph:
        return f"{text}\n\n{more}"
    if newline:
        return f"{text}\n{more}"
    if text.endswith("-") and more[:1].islower() and not text.endswith(" -"):
        return text + more
    return f"{text} {more}"


def text_blocks(text: str) -> list[dict]:
    """The blocks of a page known only as text: its lines, without running furniture,
    read as paragraphs, lists and headings by what they say."""
    page = describe_page(0, text)
    blocks: list[dict] = []
    for line in lines_of(text):
        if is_furniture(line, page):
            if blocks:
                blocks.append({"kind": "break"})
            continue
        item = list_item(line)
        last = blocks[-1] if blocks else None
        if _capitals(line) or _NUMBERED_HEADING_RE.match(line):
            blocks.append({"kind": "heading", "level": 1, "text": line})
        elif item:
            entry = {"label": "" if item[2] == "bullet" else item[0], "text": item[1], "items": []}
            if last and last["kind"] == "list":
                last["items"].append(entry)
            else:
                blocks.append({"kind": "list", "items": [entry]})
        elif last and last["kind"] == "paragraph" and not _sentence_end(last["text"]):
            last["text"] = _joined(last["text"], line)
        elif last and last["kind"] == "list" and not _sentence_end(last["items"][-1]["text"]):
            last["items"][-1]["text"] = _joined(last["items"][-1]["text"], line)
        else:
            blocks.append({"kind": "paragraph", "text": line})
    return [block for block in blocks if block["kind"] != "break"]


def _sentence_end(text: str) -> bool:
    return text.endswith((".", "!", "?", ":")) and len(text) >= 3


def shown_text(blocks: list[dict]) -> str:
    """All the words a page's blocks show, in order: headings, paragraphs, list items
    and their sub-items, fields, captions and table cells."""
    parts: list[str] = []

    def items(entries: list[dict]) -> None:
        for entry in entries:
            parts.extend([entry["label"], entry["text"]])
            items(entry.get("items", []))

    for block in blocks:
        if block["kind"] == "table":
            parts.append(block["caption"])
            parts.extend(cell for row in block["rows"] for cell in row)
        elif block["kind"] in ("list", "fields"):
            items(block["items"])
        else:
            parts.append(block["text"])
    return " ".join(part for part in parts if part)
