"""A drawing surface for papers laid out by hand: text placed where a clerk's word
processor would put it (centred, ranged right, letter-spaced, shadowed, a raised "th"),
rules and table cells, text set in two columns, and what each page carries at its top
and foot. The fuzzer (``fuzz.py``) lays its papers out with it.

Each page's text is drawn in the order it was laid out, except blocks marked ``late``,
which are drawn after the rest of their page, as some writers draw a table or a text box.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .glyphs import clean

PAGE_W, PAGE_H = A4
MARGIN = 62.0
TOP = PAGE_H - 70.0
BOTTOM = 72.0

Draw = Callable[[Canvas], None]


@dataclass
class SheetPage:
    """One page: what is drawn in order, what is drawn after it, and its furniture."""

    ops: list[Draw] = field(default_factory=list)
    late: list[Draw] = field(default_factory=list)
    number: int = 1


@dataclass
class Sheet:
    """Pages filled from the top; ``y`` is the next baseline on the current page."""

    font: str = "Helvetica"
    bold: str = "Helvetica-Bold"
    size: float = 11.0
    header: Callable[[int], str] | None = None  # running header for page N, top right
    footer: Callable[[int], str] | None = None  # running footer for page N, centred
    pages: list[SheetPage] = field(default_factory=list)
    y: float = TOP
    late: bool = False  # while set, text is drawn after the rest of its page

    def __post_init__(self) -> None:
        self.new_page()

    @property
    def leading(self) -> float:
        return self.size * 1.3

    def new_page(self) -> None:
        self.pages.append(SheetPage(number=len(self.pages) + 1))
        self.y = TOP

    def need(self, height: float) -> None:
        """Start a new page unless ``height`` points still fit on this one."""
        if self.y - height < BOTTOM:
            self.new_page()

    def gap(self, points: float) -> None:
        self.y -= points

    def _add(self, op: Draw) -> None:
        page = self.pages[-1]
        (page.late if self.late else page.ops).append(op)

    def text(
        self,
        x: float,
        text: str,
        *,
        bold: bool = False,
        size: float | None = None,
        spacing: float = 0.0,
        gray: float = 0.0,
        y: float | None = None,
    ) -> None:
        """One run of text at ``x`` on the current baseline (or at ``y``)."""
        font, size = (self.bold if bold else self.font), size or self.size
        at_y = self.y if y is None else y
        text = clean(text)

        def draw(canvas: Canvas) -> None:
            run = canvas.beginText(x, at_y)
            run.setFont(font, size)
            run.setCharSpace(spacing)
            run.setFillGray(gray)
            run.textOut(text)
            canvas.drawText(run)

        self._add(draw)

    def width(self, text: str, *, bold: bool = False, size: float | None = None) -> float:
        return stringWidth(clean(text), self.bold if bold else self.font, size or self.size)

    def line(
        self,
        text: str,
        *,
        x: float = MARGIN,
        align: str = "left",
        bold: bool = False,
        size: float | None = None,
        spacing: float = 0.0,
        shadow: bool = False,
    ) -> None:
        """A line of text, ranged left at ``x``, centred, or ranged right; letter-spaced
        by ``spacing`` points, or with a grey shadow a point and a half behind it."""
        size = size or self.size
        self.need(size * 1.3)
        width = self.width(text, bold=bold, size=size) + spacing * max(0, len(text) - 1)
        if align == "centre":
            x = (PAGE_W - width) / 2
        elif align == "right":
            x = PAGE_W - MARGIN - width
        if shadow:
            self.text(
                x + 1.5, text, bold=bold, size=size, spacing=spacing, gray=0.6, y=self.y - 1.5
            )
        self.text(x, text, bold=bold, size=size, spacing=spacing)
        self.y -= size * 1.3

    def raised(self, parts: list[tuple[str, bool]], *, bold: bool = False, align: str = "centre"):
        """A line whose parts marked True are set small and raised: "8" "th" " MAY 2019"."""
        size = self.size + 2
        small = size * 0.6
        widths = [self.width(p, bold=bold, size=small if up else size) for p, up in parts]
        x = (PAGE_W - sum(widths)) / 2 if align == "centre" else MARGIN
        self.need(size * 1.3)
        for (part, up), width in zip(parts, widths, strict=True):
            self.text(
                x,
                part,
                bold=bold,
                size=small if up else size,
                y=self.y + (size * 0.35 if up else 0),
            )
            x += width
        self.y -= size * 1.3

    def paragraph(
        self, text: str, *, x: float = MARGIN, width: float | None = None, bold: bool = False
    ) -> None:
        """Wrapped text, ranged left at ``x``."""
        width = width or (PAGE_W - MARGIN - x)
        for row in self.wrap(text, width, bold=bold):
            self.need(self.leading)
            self.text(x, row, bold=bold)
            self.y -= self.leading
        self.y -= self.size * 0.4

    def wrap(self, text: str, width: float, *, bold: bool = False) -> list[str]:
        rows: list[str] = []
        row = ""
        for word in text.split():
            trial = f"{row} {word}".strip()
            if row and self.width(trial, bold=bold) > width:
                rows.append(row)
                row = word
            else:
                row = trial
        return [*rows, row] if row else rows

    def row(self, cells: list[tuple[float, str]], *, bold: bool = False, ruled: bool = False):
        """One table row: each cell's text at its x, with rules around it if ``ruled``."""
        self.need(self.leading * 1.2)
        for x, text in cells:
            if text:
                self.text(x, text, bold=bold)
        if ruled:
            top, bottom = self.y + self.size, self.y - self.size * 0.45
            xs = [x - 4 for x, _ in cells] + [PAGE_W - MARGIN]

            def rules(canvas: Canvas, xs=xs, top=top, bottom=bottom) -> None:
                canvas.setLineWidth(0.5)
                canvas.line(xs[0], top, xs[-1], top)
                canvas.line(xs[0], bottom, xs[-1], bottom)
                for x in xs:
                    canvas.line(x, top, x, bottom)

            self._add(rules)
        self.y -= self.leading * 1.2

    def columns(self, left: list[str], right: list[str], *, split: float = 0.5) -> None:
        """Two texts side by side (English beside Welsh), paragraph by paragraph, each
        pair starting level."""
        gutter = 14.0
        middle = MARGIN + (PAGE_W - 2 * MARGIN) * split
        for one, other in zip(left, right, strict=True):
            rows_one = self.wrap(one, middle - MARGIN - gutter / 2)
            rows_other = self.wrap(other, PAGE_W - MARGIN - middle - gutter / 2)
            for k in range(max(len(rows_one), len(rows_other))):
                self.need(self.leading)
                if k < len(rows_one):
                    self.text(MARGIN, rows_one[k])
                if k < len(rows_other):
                    self.text(middle + gutter / 2, rows_other[k])
                self.y -= self.leading
            self.y -= self.size * 0.5

    def render(self, title: str = "") -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=A4, invariant=1, pageCompression=1)
        canvas.setTitle(title)
        for page in self.pages:
            for op in page.ops + page.late:
                op(canvas)
            self._furniture(canvas, page.number)
            canvas.showPage()
        canvas.save()
        return out.getvalue()

    def _furniture(self, canvas: Canvas, number: int) -> None:
        canvas.setFillGray(0)
        if self.header:
            text = clean(self.header(number))
            canvas.setFont(self.bold, 10)
            canvas.drawRightString(PAGE_W - MARGIN, PAGE_H - 36, text)
        if self.footer:
            text = clean(self.footer(number))
            canvas.setFont(self.font, 9)
            canvas.drawCentredString(PAGE_W / 2, 34, text)
