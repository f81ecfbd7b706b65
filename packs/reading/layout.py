"""A page as positioned lines: where each line sits, how large and heavy it is, and the
cells a wide gap splits it into.

Wording differs from council to council; layout much less. A letterhead is the largest
line at the top of the first page, a title block is a run of centred lines, a header table
is a row of cells, a running banner is the same line at the same place on page after
page. This module turns the runs of text the PDF layer measures (``Piece``) into lines in
reading order (``Line``), a bilingual page's columns read one after the other. Pure Python:
the PDF layer (``pdf.py``) does the measuring, ``pages.py`` finds running headers and footers
by repetition across pages.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace

# Gap between two runs of one line, in font sizes, beyond which they are separate cells.
CELL_GAP = 0.8
# Runs closer than this (in font sizes) are one word: a raised "th", a split ligature.
TOUCHING = 0.12


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text on one baseline with no wide gap in it, measured in points from the
    page's top left corner. ``size`` is the font's height as drawn (ascent to descent)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line in reading order, and its cells (the pieces a wide gap parts)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    cells: tuple[Piece, ...] = ()
    aside: bool = False  # a translation printed beside the text (Welsh beside English)

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


class Text(str):
    """A line's text that remembers where it was printed: its ``line`` (None when the
    page was read as text alone), the ``page`` number, and the page's ``width``. The
    parsers read it as the string it is; the ones that weigh layout ask for the rest."""

    line: Line | None = None
    page: int = 0
    width: float = 0.0


def placed(text: str, line: Line | None, page: int, width: float) -> Text:
    out = Text(text)
    out.line, out.page, out.width = line, page, width
    return out


_LABEL_CELL_RE = re.compile(r"^[A-Z][\w ’'/&()-]{0,40}:")
# The fields of a header table that may follow another on its row.
_FIELD_LABEL_RE = re.compile(
    r"(?<=\S)(?<!\bof)\s+(?=(?:Date|Time|Venue|Place|Location|Meeting|Committee|Title|"
    r"Subject)(?: of meeting)?\s*:)",
    re.IGNORECASE,
)


def field_lines(lines: list[str]) -> list[str]:
    """Lines with a row of labelled fields read across ("Meeting: | Cabinet | Date: | 12
    March 2025", or the same with no gap to part the cells) split into one line per
    field, so that no value runs on into the next label ("Cabinet Date")."""
    out: list[str] = []
    for line in lines:
        geometry = line.line if isinstance(line, Text) else None
        if geometry is None or not _LABEL_CELL_RE.match(geometry.cells[0].text):
            out.append(line)
            continue
        parts = _FIELD_LABEL_RE.split(" ".join(cell.text for cell in geometry.cells))
        if len(parts) == 1:
            out.append(line)
            continue
        out.extend(placed(part, geometry, line.page, line.width) for part in parts)
    return out


@dataclass
class Layout:
    """A page's lines in reading order, with the page's size."""

    width: float
    height: float
    lines: list[Line] = field(default_factory=list)


def body_size(lines: list[Line]) -> float:
    """The size most characters are set in (the body text), rounded to half a point."""
    counts: Counter[float] = Counter()
    for line in lines:
        counts[round(line.size * 2) / 2] += len(line.text)
    return counts.most_common(1)[0][0] if counts else 0.0


def is_centred(line: Line, width: float, tolerance: float = 0.06) -> bool:
    """A line whose middle is the page's middle and that does not fill the measure."""
    if not width or line.x1 - line.x0 > width * 0.8:
        return False
    return abs(line.middle - width / 2) <= width * tolerance


def build_layout(pieces: list[Piece], width: float, height: float) -> Layout:
    """Lines in reading order from a page's pieces, given in the order the PDF draws
    them: shadows dropped, a page set in two columns read a column at a time, and each
    run the PDF draws down the page kept together (a table cell's lines, a letter's
    address block), placed where it sits among the others."""
    pieces = _without_shadows([p for p in pieces if p.text.strip()])
    lines: list[Line] = []
    for flow, aside in _flows(pieces, width):
        placed = _placed(_blocks(_stream_lines(flow)))
        lines.extend([replace(line, aside=True) for line in placed] if aside else placed)
    return Layout(width, height, lines)


def _without_shadows(pieces: list[Piece]) -> list[Piece]:
    """A letterhead drawn twice, a shadow a point or two off the text: keep the first."""
    out: list[Piece] = []
    seen: dict[str, list[Piece]] = {}
    for piece in pieces:
        same = seen.setdefault("".join(piece.text.split()).casefold(), [])
        if any(
            abs(other.top - piece.top) < piece.size * 0.5
            and abs(other.x0 - piece.x0) < piece.size * 0.5
            for other in same
        ):
            continue
        same.append(piece)
        out.append(piece)
    return out


def _flows(pieces: list[Piece], width: float) -> list[tuple[list[Piece], bool]]:
    """Split a page into the runs it is read in. A page set in two columns in two
    languages (Welsh beside English) is read a column at a time between the lines that
    span both, the English column first, the other marked as a translation printed beside
    it; two columns in one language are a table (a list of members, an agenda set out in
    cells) and are read across, row by row."""
    gutter = _gutter(pieces, width)
    if gutter is None:
        return [(pieces, False)]
    left = _english(p for p in pieces if p.x1 <= gutter)
    right = _english(p for p in pieces if p.x0 >= gutter)
    if not min(left, right) < 0 < max(left, right):
        return [(pieces, False)]
    spanning = _spanning(pieces, gutter)
    flows: list[tuple[list[Piece], bool]] = []
    above = float("-inf")
    for limit in [*(p.top for p in spanning), float("inf")]:
        band = [p for p in pieces if above <= p.top < limit and p not in spanning]
        columns = [[p for p in band if p.x1 <= gutter], [p for p in band if p.x0 >= gutter]]
        scores = [_english(column) for column in columns]
        if min(scores) < 0 < max(scores):
            first, second = columns if left >= right else columns[::-1]
            flows += [(first, False), (second, True)]
        else:
            flows.append((band, False))  # a table's row or a heading's cells, read across
        flows.append(([p for p in spanning if p.top == limit], False))
        above = limit
    return [(flow, aside) for flow, aside in flows if flow]


def _spanning(pieces: list[Piece], gutter: float) -> list[Piece]:
    """The lines that run across the gutter, with the short last line of a paragraph
    that does (set under it, at its indent)."""
    spanning = sorted((p for p in pieces if p.x0 < gutter < p.x1), key=lambda p: p.top)
    rights = [p for p in pieces if p.x0 >= gutter]
    tails = [
        p
        for p in pieces
        if p.x1 <= gutter
        and any(0 <= p.top - s.bottom < s.size * 0.8 and abs(p.x0 - s.x0) < 3 for s in spanning)
        and not any(_same_row(p, other) for other in rights)
    ]
    return sorted(spanning + tails, key=lambda p: p.top)


_ENGLISH = frozenset(
    ["the", "and", "of", "to", "was", "were", "be", "for", "in", "that", "by", "with", "is"]
)
_WELSH = frozenset(
    ["y", "yr", "a", "ac", "i", "o", "yn", "ar", "gan", "am", "bod", "wedi", "ei", "eu", "gyda"]
)


def _english(pieces) -> int:
    """How English a column reads, by its commonest small words: a bilingual paper's
    English column is read first, the Welsh one after it."""
    score = 0
    for piece in pieces:
        for word in piece.text.lower().split():
            score += (word in _ENGLISH) - (word in _WELSH)
    return score


def _gutter(pieces: list[Piece], width: float) -> float | None:
    """The x of a white band that runs down most of the page between two columns of
    text, or None: the middle of the run of places that the fewest lines cross, where
    each side holds enough lines and most of them have a partner across on their row (a
    page's columns hold most of its text, side by side)."""
    if not width or len(pieces) < 4:
        return None
    starts = sorted(p.x0 for p in pieces)
    ends = sorted(p.x1 for p in pieces)
    crossing: dict[int, int] = {}
    for slot in range(18, 43):
        x = slot * width / 60
        left = bisect.bisect_right(ends, x)
        right = len(pieces) - bisect.bisect_left(starts, x)
        across = len(pieces) - left - right
        if across <= len(pieces) * 0.35 and min(left, right) >= 2:
            crossing[slot] = across
    if not crossing:
        return None
    fewest = min(crossing.values())
    slots = [slot for slot, count in crossing.items() if count == fewest]
    run = [slot for slot in slots if slot - slots[0] == slots.index(slot)]
    x = run[len(run) // 2] * width / 60
    sides = min(bisect.bisect_right(ends, x), len(pieces) - bisect.bisect_left(starts, x))
    return x if _rows_on_both_sides(pieces, x) >= sides * 0.6 else None


def _rows_on_both_sides(pieces: list[Piece], x: float) -> int:
    """How many pieces left of ``x`` have a piece right of it on the same baseline."""
    rights: dict[int, list[Piece]] = {}
    for piece in pieces:
        if piece.x0 >= x:
            rights.setdefault(int(piece.top // 4), []).append(piece)
    count = 0
    for piece in pieces:
        if piece.x1 > x:
            continue
        near = (rights.get(int(piece.top // 4) + k, ()) for k in (-1, 0, 1))
        if any(_same_row(piece, other) for group in near for other in group):
            count += 1
    return count


def _same_row(a: Piece, b: Piece) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap > 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def _stream_lines(pieces: list[Piece]) -> list[Line]:
    """Join each piece to the ones drawn before it when it sits on their baseline, beside
    them: the cells of a table row (drawn in either order), a raised "th" after its "8"."""
    rows: list[list[Piece]] = []
    for piece in pieces:
        row = rows[-1] if rows else None
        if row and _same_row(piece, row[-1]) and not any(_overlap_x(piece, p) for p in row):
            row.append(piece)
        else:
            rows.append([piece])
    return [_line(sorted(row, key=lambda p: p.x0)) for row in rows]


def _overlap_x(a: Piece, b: Piece) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 * min(a.size, b.size)


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of lines the PDF draws going down the page; a jump back up, or a leap down
    past several lines' worth of white space (to a footer), starts a new one."""
    blocks: list[list[Line]] = []
    for line in lines:
        last = blocks[-1][-1] if blocks else None
        if (
            last is not None
            and line.top >= last.top - 0.5 * line.size
            and line.top - last.bottom < 4 * max(line.size, last.size)
        ):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _placed(blocks: list[list[Line]]) -> list[Line]:
    """Put each run where it sits: into the white space between the lines placed so far
    when it fits there (a table drawn after the text around it); onto the rows of a table
    when it carries them on (a table's right-hand columns drawn after its left-hand
    ones); else after them, as drawn (the other half of side-by-side blocks, a front
    sheet's contact details beside its venue, a column of page references)."""
    placed: list[Line] = []
    for block in blocks:
        top = min(line.top for line in block)
        bottom = max(line.bottom for line in block)
        beside = [i for i, line in enumerate(placed) if line.top < bottom and top < line.bottom]
        if not beside:
            at = next((i for i, line in enumerate(placed) if line.top > top), len(placed))
            placed[at:at] = block
            continue
        rows = [_row_carried_on(placed, beside, line) for line in block]
        if len(block) > 1 and all(row is not None for row in rows):
            for line, row in zip(block, rows, strict=True):
                placed[row] = _line([*placed[row].cells, *line.cells])
            continue
        placed.extend(block)
    return placed


def _row_carried_on(placed: list[Line], beside: list[int], line: Line) -> int | None:
    """The index, among those ``beside`` it, of the table row (a line of several cells)
    that ``line`` carries on to the right, on its baseline."""
    for index in beside:
        other = placed[index]
        if (
            len(other.cells) > 1
            and other.x1 <= line.x0
            and _same_row(other.cells[0], line.cells[0])
        ):
            return index
    return None


def _line(pieces: list[Piece]) -> Line:
    """Join a row's pieces: touching ones without a space, the rest with one; a wide gap
    starts a new cell."""
    if len(pieces) == 1:
        p = pieces[0]
        return Line(p.text, p.x0, p.x1, p.top, p.bottom, p.size, p.bold, (p,))
    cells: list[Piece] = []
    for piece in pieces:
        text = " ".join(piece.text.split())
        if cells:
            last = cells[-1]
            gap = piece.x0 - last.x1
            size = max(last.size, piece.size) or 1.0
            if gap < CELL_GAP * size:
                joiner = "" if gap < TOUCHING * size else " "
                cells[-1] = Piece(
                    last.text + joiner + text,
                    last.x0,
                    max(last.x1, piece.x1),
                    min(last.top, piece.top),
                    max(last.bottom, piece.bottom),
                    max(last.size, piece.size),
                    last.bold,
                )
                continue
        cells.append(
            Piece(text, piece.x0, piece.x1, piece.top, piece.bottom, piece.size, piece.bold)
        )
    main = max(cells, key=lambda c: len(c.text))
    return Line(
        text=" ".join(cell.text for cell in cells),
        x0=cells[0].x0,
        x1=max(cell.x1 for cell in cells),
        top=min(cell.top for cell in cells),
        bottom=max(cell.bottom for cell in cells),
        size=main.size,
        bold=cells[0].bold,
        cells=tuple(cells),
    )
