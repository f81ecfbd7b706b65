"""A small page-layout engine: flow lines of Helvetica onto A4 pages, then draw them.

Layout and drawing are separate so a generator can learn where every document falls
(physical and printed page numbers) before it writes the front sheet that cites them.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from .glyphs import BOLD, REGULAR, clean, encode, register_fonts, string_width

PAGE_W, PAGE_H = A4
LEFT = 64.0
RIGHT = PAGE_W - 64.0
BODY_W = RIGHT - LEFT
TOP = PAGE_H - 78.0  # first baseline, below the "Agenda Item N" banner
BOTTOM = 74.0  # lowest baseline, above the "Page N" footer
SIZE = 11.0
LEADING = 14.0
BLANK_TEXT = "This page is intentionally left blank"


@dataclass
class Line:
    """One printed line: its baseline origin, text and font."""

    x: float
    y: float
    text: str
    font: str
    size: float


@dataclass
class Page:
    """A laid-out page: body lines plus the pack furniture drawn around them."""

    lines: list[Line] = field(default_factory=list)
    banner: str | None = None  # "Agenda Item 6", top right
    stamp: str | None = None  # "Public Document Pack", top left
    number: int | None = None  # printed "Page N" footer
    blank: bool = False


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of `text` to `width` points; newlines force a break, no hyphens."""
    out: list[str] = []
    space = string_width(" ", font, size)
    for part in clean(text).split("\n"):
        words = part.split()
        line: list[str] = []
        used = 0.0
        for word in words:
            w = string_width(word, font, size)
            while w > width and not line:  # a word wider than the column: cut it
                cut = _fit(word, font, size, width)
                out.append(word[:cut])
                word = word[cut:]
                w = string_width(word, font, size)
            if line and used + space + w > width:
                out.append(" ".join(line))
                line, used = [], 0.0
            used = used + space + w if line else w
            line.append(word)
        if line:
            out.append(" ".join(line))
    return out


def _fit(word: str, font: str, size: float, width: float) -> int:
    n = len(word)
    while n > 1 and string_width(word[:n], font, size) > width:
        n -= 1
    return n


class Flow:
    """Pours text onto pages top to bottom, starting a new page when one is full."""

    def __init__(self) -> None:
        register_fonts()
        self.pages: list[Page] = []
        self.y = TOP
        self._closed = False
        self.new_page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    @property
    def fresh(self) -> bool:
        """True while the current page has nothing on it yet."""
        return not self.page.lines and not self._closed

    def new_page(self) -> Page:
        self.pages.append(Page())
        self.y = TOP
        self._closed = False
        return self.page

    def break_page(self) -> Page:
        """Move to a new page unless the current one is still empty."""
        return self.page if self.fresh else self.new_page()

    def space(self, points: float) -> None:
        if not self.fresh:
            self.y -= points

    def keep(self, height: float) -> None:
        """Start a new page unless `height` points still fit on this one."""
        if not self.fresh and self.y - height < BOTTOM:
            self.new_page()

    def line(
        self,
        text: str,
        *,
        font: str = REGULAR,
        size: float = SIZE,
        x: float = LEFT,
        leading: float = LEADING,
    ) -> None:
        if self._closed or self.y < BOTTOM:
            self.new_page()
        if text:
            self.page.lines.append(Line(x, self.y, clean(text), font, size))
        self.y -= leading

    def paragraph(
        self,
        text: str,
        *,
        font: str = REGULAR,
        size: float = SIZE,
        indent: float = 0.0,
        prefix: str = "",
        hang: float = 0.0,
        leading: float = LEADING,
        after: float = 6.0,
    ) -> None:
        """A wrapped paragraph; `prefix` (a number or bullet) hangs `hang` points left."""
        x = LEFT + indent
        lines = wrap(text, font, size, BODY_W - indent - hang) or [""]
        if prefix and not hang:
            lines = wrap(f"{prefix} {text}", font, size, BODY_W - indent)
            prefix = ""
        for i, text_line in enumerate(lines):
            if self._closed or self.y < BOTTOM:
                self.new_page()
            if i == 0 and prefix:
                self.page.lines.append(Line(x, self.y, clean(prefix), font, size))
            self.line(text_line, font=font, size=size, x=x + hang, leading=leading)
        self.space(after)

    def heading(self, text: str, *, size: float = SIZE + 1, after: float = 4.0) -> None:
        """A bold heading kept with at least three lines of what follows."""
        self.keep(LEADING * 4)
        self.space(4)
        self.paragraph(text, font=BOLD, size=size, leading=size + 4, after=after)

    def row(
        self,
        cells: list[str],
        widths: list[float],
        *,
        font: str = REGULAR,
        size: float = SIZE,
        fonts: list[str] | None = None,
        indent: float = 0.0,
        gap: float = 10.0,
        leading: float = LEADING,
        after: float = 2.0,
    ) -> None:
        """One table row: each cell wrapped in its column, printed line by line."""
        fonts = fonts or [font] * len(cells)
        wrapped = [wrap(c, f, size, w - gap) for c, f, w in zip(cells, fonts, widths, strict=True)]
        xs = [LEFT + indent + sum(widths[:i]) for i in range(len(widths))]
        for k in range(max(len(w) for w in wrapped) if wrapped else 0):
            if self._closed or self.y < BOTTOM:
                self.new_page()
            for x, f, cell in zip(xs, fonts, wrapped, strict=True):
                if k < len(cell) and cell[k]:
                    self.page.lines.append(Line(x, self.y, cell[k], f, size))
            self.y -= leading
        self.space(after)

    def centred(
        self, text: str, *, font: str = REGULAR, size: float = SIZE, leading: float = LEADING
    ) -> None:
        for text_line in wrap(text, font, size, BODY_W):
            x = (PAGE_W - string_width(text_line, font, size)) / 2
            self.line(text_line, font=font, size=size, x=x, leading=leading)

    def blank_page(self) -> Page:
        """A page holding only "This page is intentionally left blank"; the next text
        starts a new page."""
        page = self.break_page()
        page.blank = True
        self.y = PAGE_H / 2
        self.centred(BLANK_TEXT)
        self._closed = True
        return page

    def close_page(self) -> None:
        """Make the next line start on a new page (the current page is finished)."""
        self._closed = True


def render(pages: list[Page], *, title: str = "", author: str = "") -> bytes:
    """Draw laid-out pages into a PDF; byte-identical for identical input."""
    register_fonts()
    out = io.BytesIO()
    with _binary_streams():
        canvas = Canvas(out, pagesize=A4, invariant=1, pageCompression=1)
        canvas.setTitle(title)
        canvas.setAuthor(author)
        canvas.setCreator("packs.writing")
        canvas.setSubject(title)
        for page in pages:
            _draw_page(canvas, page)
            canvas.showPage()
        canvas.save()
    return out.getvalue()


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Flate-only page streams: reportlab's ASCII85 step is slow pure Python and adds 25%."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def _draw_page(canvas: Canvas, page: Page) -> None:
    """Write the page's text as one BT ... ET block, in reading order.

    reportlab's textOut re-encodes and re-measures every string in pure Python (its C
    accelerator is optional), which made 1,000-page packs slow; the operators written here
    are the same ones it would write.
    """
    furniture = []
    if page.stamp:
        furniture.append(Line(LEFT - 24, PAGE_H - 40, page.stamp, BOLD, 10))
    if page.banner:
        x = RIGHT + 24 - string_width(page.banner, BOLD, 12)
        furniture.append(Line(x, PAGE_H - 40, page.banner, BOLD, 12))
    footer = []
    if page.number is not None:
        label = f"Page {page.number}"
        footer.append(Line((PAGE_W - string_width(label, REGULAR, 10)) / 2, 36, label, REGULAR, 10))
    ops = ["BT"]
    current = None
    for line in furniture + page.lines + footer:
        if current != (line.font, line.size):
            current = (line.font, line.size)
            canvas.setFont(line.font, line.size)  # registers the font with the document
            ops.append(f"{_font_ref(canvas, line.font)} {line.size:g} Tf")
        ops.append(f"1 0 0 1 {line.x:.2f} {line.y:.2f} Tm ({encode(line.text)}) Tj")
    ops.append("ET")
    canvas.addLiteral("\n".join(ops))


def _font_ref(canvas: Canvas, font: str) -> str:
    return canvas._doc.getInternalFontName(font)
