"""The thin PDF layer: check the file, extract each page's text with pdfium, page by page."""

from __future__ import annotations

import bisect
import ctypes
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .errors import (
    CorruptPdfError,
    EmptyPdfError,
    EncryptedPdfError,
    NoTextError,
    NotPdfError,
    TooLargeError,
)
from .layout import CELL_GAP, Layout, Piece, build_layout
from .model import Page, ParsedPack
from .pack import parse_pages
from .pages import Attention, describe_page, head_of

_CHUNK = 1 << 20


def parse_pdf(
    source: str | os.PathLike | bytes,
    *,
    filename: str | None = None,
    committee: str | None = None,
    council: str | None = None,
    known: tuple[str, ...] = (),
    max_bytes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedPack:
    """Parse a council pack PDF given as a path or as bytes.

    ``council`` is the authority the portal serves, for papers that name it only as "the
    above Council" with no letterhead; ``known`` the names (and aliases) of the committees
    it knows, each a body the parser may take as printed. ``progress(done, total)`` is
    called as pages are read, for a progress bar.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = filename or "upload.pdf"
        size = len(data)
    else:
        path = Path(source)
        name = filename or path.name
        size = path.stat().st_size
        data = None
    if max_bytes is not None and size > max_bytes:
        raise TooLargeError(
            f"{name} is {size / 1e6:.1f} MB, more than the {max_bytes / 1e6:.1f} MB allowed."
        )
    head, tail, sha256 = _sniff(data if data is not None else path)
    if not head.lstrip(b"\x00\t\r\n \xef\xbb\xbf")[:1024].count(b"%PDF-"):
        raise NotPdfError(f"{name} is not a PDF file.")
    if b"%%EOF" not in tail:
        raise CorruptPdfError(f"{name} is truncated: the PDF ends before its last section.")

    document = _open(data if data is not None else str(path), name, head + tail)
    try:
        count = len(document)
        if count == 0:
            raise EmptyPdfError(f"{name} has no pages.")
        described = []
        without_text = []
        attention = Attention()
        for index in range(count):
            page = _read_page(document, index, name, attention)
            if not page.has_text:
                without_text.append(index + 1)
            described.append(page)
            if progress:
                progress(index + 1, count)
    finally:
        document.close()
    if without_text and not any(page.text.strip() for page in described):
        raise NoTextError(without_text)
    pack = parse_pages(
        [p.text for p in described],
        filename=name,
        sha256=sha256,
        committee=committee,
        council=council,
        described=described,
        known=known,
    )
    for page in pack.pages:
        page.layout = page.content = None
    return pack


def _sniff(source: bytes | Path) -> tuple[bytes, bytes, str]:
    """First and last bytes of the file, and its SHA-256, reading it once in chunks."""
    digest = hashlib.sha256()
    if isinstance(source, bytes):
        digest.update(source)
        return source[:8192], source[-8192:], digest.hexdigest()
    head = tail = b""
    with open(source, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            if not head:
                head = chunk[:8192]
            digest.update(chunk)
            tail = (tail + chunk)[-8192:]
    return head, tail, digest.hexdigest()


def _open(source: bytes | str, name: str, ends: bytes) -> pdfium.PdfDocument:
    """Open with pdfium; on failure tell encrypted, empty and damaged files apart by their
    trailer, since pdfium's last-error code can be stale."""
    try:
        return pdfium.PdfDocument(source)
    except pdfium.PdfiumError as exc:
        if b"/Encrypt" in ends:
            raise EncryptedPdfError(
                f"{name} is password-protected; upload an unlocked copy."
            ) from exc
        if re.search(rb"/Count\s*0\b", ends) and b"/Type/Page\n" not in ends:
            raise EmptyPdfError(f"{name} has no pages.") from exc
        raise CorruptPdfError(f"{name} is damaged and cannot be read as a PDF.") from exc


def _read_page(document: pdfium.PdfDocument, index: int, name: str, attention: Attention) -> Page:
    """A page described from its text (whether it has any: a page that shows only an
    image has none), and measured as positioned lines where ``attention`` wants them."""
    try:
        page = document[index]
    except pdfium.PdfiumError as exc:
        raise CorruptPdfError(f"{name}: page {index + 1} is damaged ({exc}).") from exc
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            if not text.strip():
                return describe_page(index + 1, text, not _has_image(page))
            described = describe_page(index + 1, text)
            if attention.wants(described) or head_of([_top_line(textpage, text)]):
                layout = _layout(page, textpage, text)
                if layout is not None:
                    described = describe_page(index + 1, text, True, layout)
            return described
        finally:
            textpage.close()
    finally:
        page.close()


def _top_line(textpage: pdfium.PdfTextPage, text: str) -> str:
    """The page's topmost line when its text does not begin there, else "". Most pages'
    text begins at the top; one that does not draws its text out of reading order (a
    heading drawn after the table under it), and the heading may say what it is."""
    raw = textpage.raw
    top, best = float("-inf"), None
    left, upper, right, lower = (ctypes.c_double() for _ in range(4))
    for k in range(pdfium_c.FPDFText_CountRects(raw, 0, -1)):
        pdfium_c.FPDFText_GetRect(raw, k, left, upper, right, lower)
        if upper.value > top + 1 and right.value - left.value > 2:
            top, best = upper.value, (left.value, upper.value, right.value, lower.value)
    if best is None:
        return ""
    index = pdfium_c.FPDFText_GetCharIndexAtPos(
        raw, (best[0] + best[2]) / 2, (best[1] + best[3]) / 2, (best[2] - best[0]) / 2, 2.0
    )
    head = text.lstrip()
    first_lines = len(text) - len(head) + sum(len(x) + 2 for x in head.split("\r\n")[:3])
    if index < first_lines:
        return ""
    start = text.rfind("\r\n", 0, index) + 2
    end = text.find("\r\n", index)
    return text[start : end if end >= 0 else len(text)].strip()


def _has_image(page: pdfium.PdfPage) -> bool:
    objects = page.get_objects(max_depth=2)
    return any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in objects)


def _layout(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, text: str) -> Layout | None:
    """The page's positioned lines, or None for a page turned on its side (its text is
    read as extracted)."""
    if page.get_rotation() % 180:
        return None
    raw = textpage.raw
    if pdfium_c.FPDFText_CountChars(raw) != len(text):
        return None  # characters beyond the BMP: text and character indexes disagree
    width, height = page.get_size()
    measure = _Measure(raw, height)
    pieces: list[Piece] = []
    position = 0
    for line in text.split("\r\n"):
        start, position = position, position + len(line) + 2
        if line.strip():
            pieces.extend(measure.pieces(line, start))
    if not pieces:
        return None
    upright = sum(1 for p in pieces if p.x1 - p.x0 >= p.bottom - p.top or len(p.text) < 3)
    if upright < len(pieces) * 0.7:
        return None
    return build_layout(pieces, width, height)


class _Measure:
    """Boxes, sizes and weights of a text page's characters, a line at a time: a few
    calls into pdfium per line, not one per character."""

    def __init__(self, raw, height: float):
        self.raw = raw
        self.height = height
        self.left, self.top, self.right, self.bottom = (ctypes.c_double() for _ in range(4))
        self.box = pdfium_c.FS_RECTF()
        self.name = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()
        self._loose = (0.0, 0.0)
        self._bold = False

    def pieces(self, line: str, start: int) -> list[Piece]:
        """The runs of one extracted line, split where a wide gap parts its cells: between
        two of the PDF's text objects, or across a run of spaces or a tab. A run cut at a
        gap between text objects spans their rectangles; one cut inside a text object is
        measured by its first and last characters."""
        rects = sorted(self._rects(start, len(line)))
        if not rects:
            return []
        size = self._font(start + len(line) - len(line.lstrip()))[0] or 10.0
        lead = len(line) - len(line.lstrip())
        font = (size, self._bold)
        extents: dict[int, tuple[float, float]] = {0: (rects[0][0], rects[0][2])}
        last = 0
        spaces: list[int] | None = None
        for rect in rects[1:]:
            reach = extents[last][1]
            if rect[0] - reach >= CELL_GAP * size:
                if spaces is None:
                    spaces = [i for i, char in enumerate(line) if char == " "]
                cut = self._cut_before(spaces, start, rect[0])
                if cut is not None and cut > last:
                    extents[cut] = (rect[0], rect[2])
                    last = cut
                    continue
            extents[last] = (extents[last][0], max(reach, rect[2]))
        measured = set(extents)
        for run in _WHITE_RUN_RE.finditer(line.strip()):
            before, after = start + lead + run.start() - 1, start + lead + run.end()
            if self._char_box(after)[0] - self._char_box(before)[2] >= CELL_GAP * size:
                measured.discard(max(cut for cut in extents if cut <= lead + run.end()))
                extents.setdefault(lead + run.end(), (0.0, 0.0))
        bounds = sorted(extents)
        out = []
        for a, b in zip(bounds, [*bounds[1:], len(line)], strict=True):
            part = line[a:b]
            if part.strip():
                left, right = extents[a] if a in measured else (None, None)
                if part[:1].isspace():
                    left = None
                if part[-1:].isspace():
                    right = None
                out.append(self._piece(part, start + a, font, left, right))
        return out

    def _piece(
        self,
        part: str,
        start: int,
        font: tuple[float, bool],
        left: float | None,
        right: float | None,
    ) -> Piece:
        """One run. An edge not known from its rectangles is measured on its first or last
        character (a run's trailing spaces reach towards the next column)."""
        first = start + len(part) - len(part.lstrip())
        size, bold = font
        top, bottom = self.height - self._loose[0], self.height - self._loose[1]
        text = part.strip()
        if _spaced_out(text):
            text = self._unspaced(first, text)
        if left is None:
            left = self._char_box(first)[0]
        if right is None:
            right = self._char_box(start + len(part.rstrip()) - 1)[2]
        return Piece(text, left, max(right, left), top, bottom, size, bold)

    def _char_box(self, index: int) -> tuple[float, float, float, float]:
        """left, top, right, bottom of one character."""
        pdfium_c.FPDFText_GetCharBox(self.raw, index, self.left, self.right, self.bottom, self.top)
        return self.left.value, self.top.value, self.right.value, self.bottom.value

    def _rects(self, start: int, count: int) -> list[tuple[float, float, float, float]]:
        n = pdfium_c.FPDFText_CountRects(self.raw, start, count)
        out = []
        for k in range(n):
            pdfium_c.FPDFText_GetRect(self.raw, k, self.left, self.top, self.right, self.bottom)
            left, top, right, bottom = (
                self.left.value,
                self.top.value,
                self.right.value,
                self.bottom.value,
            )
            if right > left and top > bottom:
                out.append((left, top, right, bottom))
        return out

    def _font(self, index: int) -> tuple[float, bool]:
        """The drawn height of the character's font (its loose box, left in ``self.box``),
        and whether the font is bold."""
        size = 0.0
        self._loose = (0.0, 0.0)
        if pdfium_c.FPDFText_GetLooseCharBox(self.raw, index, self.box):
            size = self.box.top - self.box.bottom
            self._loose = (self.box.top, self.box.bottom)
        pdfium_c.FPDFText_GetFontInfo(self.raw, index, self.name, 128, self.flags)
        name = self.name.value.decode("latin-1").lower()
        weight = pdfium_c.FPDFText_GetFontWeight(self.raw, index)
        bold = (
            any(word in name for word in ("bold", "black", "heavy", "demi"))
            or weight >= 600
            or bool(self.flags.value & (1 << 18))
        )
        self._bold = bold
        return round(size, 1), bold

    def _cut_before(self, spaces: list[int], start: int, x: float) -> int | None:
        """Where the text drawn from ``x`` rightwards begins in a line whose spaces are at
        ``spaces``: after the first space whose next character starts at ``x`` or beyond
        (a line's characters run left to right, so a binary search finds it)."""
        at = bisect.bisect_left(spaces, x - 0.5, key=lambda i: self._char_box(start + i + 1)[0])
        return spaces[at] + 1 if at < len(spaces) else None

    def _unspaced(self, start: int, text: str) -> str:
        """ "A G E N D A   I T E M" read as "AGENDA ITEM": letters set apart with a space
        between each, and a wider space between the words."""
        letters = [
            (char, *self._char_box(start + offset)[::2])
            for offset, char in enumerate(text)
            if char.strip()
        ]
        gaps = [b[1] - a[2] for a, b in zip(letters, letters[1:], strict=False)]
        if not gaps:
            return text
        usual = sorted(gaps)[len(gaps) // 2]
        out = letters[0][0]
        for (char, _, _), gap in zip(letters[1:], gaps, strict=False):
            out += (" " if gap > usual * 1.8 + 0.5 else "") + char
        return out


_WHITE_RUN_RE = re.compile(r"\s{2,}|\t")


def _spaced_out(text: str) -> bool:
    """Letters each followed by a space: "M I N U T E S"."""
    if len(text) < 9 or text[1] != " ":
        return False
    tokens = text.split(" ")
    singles = sum(1 for token in tokens if len(token) == 1 and token.isalpha())
    return len(tokens) >= 5 and singles >= len(tokens) * 0.8


def page_layout(page: pdfium.PdfPage) -> Layout | None:
    """The positioned lines of an open pdfium page, as the parser reads them (None for
    a page turned on its side, or with no text)."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        return _layout(page, textpage, text) if text.strip() else None
    finally:
        textpage.close()
