"""Tables on a page, found from the rules drawn across it and the white columns between
its words, and read as rows of cell text.

A council's finance table is rarely ruled both ways: rows are parted by horizontal rules,
columns only by white space. So the rows come from the rules (a run of three or more of
the same length, one under another), the columns from the gutters no word in the table
crosses, and pdfplumber's table finder is given both as explicit lines. A page drawn with
fewer than three such rules is not looked at twice (``has_rules`` is the cheap test, on
the pdfium page the parser already has open).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Line

# Rules of one table share their ends to within this many points.
SAME_END = 3.0
# A gutter between columns is at least this wide, in points.
GUTTER = 4.0
_NUMBER_RE = re.compile(r"^[(+\-–−]?\s?[£$€]?\s?\d[\d,]*(?:\.\d+)?\s?[%m]?\)?$")


@dataclass
class Table:
    """A table as printed: its box, its rows of cell text, whether its first row heads
    the columns, and the line printed just above it, where there is one."""

    bbox: tuple[float, float, float, float]
    rows: list[list[str]] = field(default_factory=list)
    header: bool = False
    caption: str = ""

    def to_json(self) -> dict:
        return {"kind": "table", "caption": self.caption, "header": self.header, "rows": self.rows}


def is_number(text: str) -> bool:
    """A figure: "24.5", "+4.3", "-£0.8m", "(1,234)", "6.0%"."""
    return bool(_NUMBER_RE.match(text.strip()))


def has_rules(rules: list[tuple[float, float, float]], width: float) -> bool:
    """Whether a page's horizontal rules (x0, x1, y) hold a table's: three or more of
    the same length, each a fifth of the page wide or more."""
    return any(len(group) >= 3 for group in _rule_groups(rules, width))


def _rule_groups(rules, width: float) -> list[list[tuple[float, float, float]]]:
    groups: list[list[tuple[float, float, float]]] = []
    for rule in sorted(r for r in rules if r[1] - r[0] >= width * 0.2):
        for group in groups:
            if abs(group[0][0] - rule[0]) < SAME_END and abs(group[0][1] - rule[1]) < SAME_END:
                if all(abs(other[2] - rule[2]) > 1 for other in group):
                    group.append(rule)
                break
        else:
            groups.append([rule])
    return [sorted(group, key=lambda r: r[2]) for group in groups]


def aligned_tables(lines: list[Line]) -> list[Table]:
    """Tables drawn without rules: runs of three or more lines, one close under another,
    whose cells stand in the same three or more columns."""
    tables: list[Table] = []
    run: list[Line] = []
    for line in [*lines, None]:
        if (
            line is not None
            and len(line.cells) >= 3
            and (not run or line.top - run[-1].bottom <= 3 * line.size)
        ):
            run.append(line)
            continue
        if len(run) >= 3 and (table := _aligned(run)) is not None:
            tables.append(table)
        run = [line] if line is not None and len(line.cells) >= 3 else []
    return tables


def _aligned(run: list[Line]) -> Table | None:
    """The table a run of rows makes, or None when their cells do not share columns."""
    columns: list[list[float]] = []
    for x0, x1 in sorted((cell.x0, cell.x1) for line in run for cell in line.cells):
        if columns and x0 <= columns[-1][1] + 1:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    if len(columns) < 3:
        return None
    rows, crowded = [], 0
    for line in run:
        row = [""] * len(columns)
        for cell in line.cells:
            at = next(i for i, (x0, x1) in enumerate(columns) if x0 <= cell.x0 <= x1)
            crowded += bool(row[at])
            row[at] = f"{row[at]} {cell.text}".strip()
        rows.append(row)
    if crowded > 1:
        return None
    header = not any(is_number(cell) for cell in rows[0]) and any(
        is_number(cell) for row in rows[1:] for cell in row
    )
    bbox = (
        min(line.x0 for line in run),
        min(line.top for line in run) - 1,
        max(line.x1 for line in run),
        max(line.bottom for line in run) + 1,
    )
    return Table(bbox, rows, header)


def find_tables(page) -> list[Table]:
    """The tables of a pdfplumber page, top to bottom."""
    rules = [
        (edge["x0"], edge["x1"], edge["top"]) for edge in page.edges if edge["orientation"] == "h"
    ]
    words = page.extract_words(use_text_flow=False, keep_blank_chars=False)
    tables = []
    for group in _rule_groups(rules, float(page.width)):
        if len(group) < 3:
            continue
        table = _table(page, group, words)
        if table is not None:
            tables.append(table)
    return sorted(tables, key=lambda t: t.bbox[1])


def _table(page, group, words) -> Table | None:
    left, right = group[0][0], group[0][1]
    top, bottom = group[0][2], group[-1][2]
    inside = [w for w in words if left <= _mid_x(w) <= right]
    lines = _lines(inside)
    # A row of several cells just above the first rule heads the table; one line there
    # (centred, on its own) is its caption.
    above = [line for line in lines if line[-1]["bottom"] <= top and top - line[-1]["bottom"] < 14]
    caption = ""
    if above:
        nearest = max(above, key=lambda line: line[0]["top"])
        if _cells(nearest) >= 2:
            top = min(w["top"] for w in nearest) - 1
        else:
            caption = " ".join(w["text"] for w in nearest)
    below = [line for line in lines if line[0]["top"] >= bottom]
    for line in sorted(below, key=lambda line: line[0]["top"]):
        if line[0]["top"] - bottom > 3 * (line[0]["bottom"] - line[0]["top"]):
            break
        bottom = max(w["bottom"] for w in line) + 1
    body = [w for w in inside if top <= _mid_y(w) <= bottom]
    columns = _gutters(body, left, right)
    if len(columns) < 3:
        return None
    horizontals = sorted({top, bottom, *(r[2] for r in group if top < r[2] < bottom)})
    found = page.find_tables(
        {
            "vertical_strategy": "explicit",
            "horizontal_strategy": "explicit",
            "explicit_vertical_lines": columns,
            "explicit_horizontal_lines": horizontals,
        }
    )
    if not found:
        return None
    grid = max(found, key=lambda t: len(t.cells))
    rows = []
    for row in grid.rows:
        cells = [_cell_text(body, cell, columns) for cell in row.cells]
        if any(cells):
            rows.append(cells)
    if len(rows) < 2:
        return None
    header = not any(is_number(cell) for cell in rows[0]) and any(
        is_number(cell) for row in rows[1:] for cell in row
    )
    return Table(tuple(grid.bbox), rows, header, caption)


def _mid_x(word) -> float:
    return (word["x0"] + word["x1"]) / 2


def _mid_y(word) -> float:
    return (word["top"] + word["bottom"]) / 2


def _lines(words) -> list[list[dict]]:
    """Words grouped into printed lines, each left to right."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _cells(line) -> int:
    """How many runs a wide gap parts a line into."""
    return 1 + sum(
        1 for a, b in zip(line, line[1:], strict=False) if b["x0"] - a["x1"] > 2 * GUTTER
    )


def _gutters(words, left: float, right: float) -> list[float]:
    """The x of each column edge: the table's ends and the middle of each white band
    down the table that no word crosses."""
    spans = sorted((w["x0"], w["x1"]) for w in words)
    edges = [left]
    reach = None
    for x0, x1 in spans:
        if reach is not None and x0 - reach >= GUTTER:
            edges.append((reach + x0) / 2)
        reach = x1 if reach is None else max(reach, x1)
    edges.append(right)
    return edges


def _cell_text(words, cell, columns) -> str:
    """The words whose middles lie in ``cell``, line by line, a word the cell's width
    broke in two ("Revenu" over "e") joined again."""
    if cell is None:
        return ""
    x0, top, x1, bottom = cell
    mine = [w for w in words if x0 <= _mid_x(w) < x1 and top <= _mid_y(w) < bottom]
    if not mine:
        return ""
    reach = max(w["x1"] for w in words if x0 <= _mid_x(w) < x1)
    return join_broken([[(w["text"], w["x1"]) for w in line] for line in _lines(mine)], reach)


def join_broken(lines: list[list[tuple[str, float]]], reach: float) -> str:
    """A cell's lines (each a list of (word, right edge)) as one string. A line of one
    word that runs to the column's right edge (``reach``), followed by a line starting
    in lower case, is a word too wide for the cell: the two are joined without a space."""
    out = ""
    carry = False
    for line in lines:
        words = [text for text, _ in line]
        if out:
            out += "" if carry and words[0][:1].islower() else " "
        out += " ".join(words)
        carry = len(line) == 1 and line[0][1] >= reach - 2
    return out
