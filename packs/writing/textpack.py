"""Render seed-like plain text (an agenda pack as extracted text) back into a PDF pack.

The text is read line by line: "Agenda Item N" banners, the first lines of documents and
"This page is intentionally left blank" start new pages; `| a | b |` rows and tab-separated
lines become columns; "- " lines become hanging lists; everything else wraps as paragraphs.
"""

import re

from .glyphs import BOLD, REGULAR, strip_markup
from .layout import BLANK_TEXT, BODY_W, LEADING, SIZE, Flow, Page, render

_BANNER = re.compile(r"^(Public Document Pack\s+)?Agenda Item\s+(\S+)$", re.I)
_COUNCIL = re.compile(r"^[A-Z][A-Z'&. ]+ (?:COUNTY|BOROUGH|DISTRICT|CITY) COUNCIL$")
_RECORD = re.compile(
    r"^(EXECUTIVE DECISION RECORD|(?:DECISION )?REPORT|.*PROPOSED RECORD OF DECISION"
    r"|RECORD OF DECISION)$",
    re.I,
)
_MEETING = re.compile(r"^(AT A MEETING of|MINUTES of a meeting)", re.I)
_FOOTER = re.compile(r"^Page \d+$")
_TABLE = re.compile(r"^\s*(?:- )?\|(.*)\|\s*$")
_RULE = re.compile(r"^[\s|:\-]*$")
_LIST = re.compile(r"^(\s*)(?:[-•○■▪]|\u2022)\s+(.*)$")
_ENUM = re.compile(
    r"^(\(?(?:\d+(?:\.\d+)*\.?|[a-zA-Z]{1,4}[.)]|\d+\))|\([a-zA-Z0-9]{1,4}\))\s+(.+)$"
)
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)+\.?|[a-z]\))\s+(.+)$")
_HEADING = re.compile(r"^(\d+\.?\s+)?\*\*.+\*\*$|^\d{1,3}\.?\s+[^a-z]{3,100}$")
_FIRST_PAGES = re.compile(r"\(Pages?\s+(\d+)")
_FRONT_MARKERS = ("NOTICE OF MEETING", "AGENDA", "SUMMONS")


def render_text_pack(text: str) -> bytes:
    """Render seed-like agenda-pack text into an A4 PDF with a real text layer.

    The front sheet (everything before the first document, when the text opens with a
    notice of meeting or agenda) is unnumbered; later pages carry "Page N" footers. Where the
    agenda cites page ranges that leave room for it, the front sheet is padded with blank
    pages so the first document starts on the page the agenda names, and pages are numbered
    as in the original pack (Hampshire counts the front sheet); otherwise numbering starts at
    1 after the front sheet.
    """
    lines = text.splitlines()
    flow = Flow()
    front_end = _layout(flow, lines)
    pages = flow.pages
    if pages and not pages[-1].lines:
        pages.pop()
    _number(pages, front_end, _first_cited_page(lines))
    return render(pages, title=_title(lines), author="")


def _layout(flow: Flow, lines: list[str]) -> int | None:
    """Lay out every line; return the number of front-sheet pages (None if no front sheet)."""
    has_front = any(m in line.upper() for line in lines[:40] for m in _FRONT_MARKERS)
    front_end: int | None = None
    previous = ""
    table: list[list[str]] = []
    for raw in lines + [""]:
        line = raw.rstrip()
        stripped = line.strip()
        if table and not _TABLE.match(line):
            _table(flow, table)
            table = []
        if not stripped:
            flow.space(4)
            continue
        if _FOOTER.match(stripped):
            continue
        starts = _starts_document(stripped, previous)
        if starts and has_front and front_end is None:
            front_end = len(flow.pages) - (1 if flow.fresh else 0)
        if stripped == BLANK_TEXT:
            flow.blank_page()
        elif stripped == "Public Document Pack":
            flow.page.stamp = stripped
        elif banner := _BANNER.match(stripped):
            page = flow.break_page()
            page.banner = f"Agenda Item {banner.group(2)}"
            page.stamp = "Public Document Pack" if banner.group(1) else page.stamp
        elif _TABLE.match(line):
            table.append(line)
        else:
            if starts:
                flow.break_page()
            _text_line(flow, line)
        previous = stripped
    return front_end


def _starts_document(line: str, previous: str) -> bool:
    if _COUNCIL.match(line) or _MEETING.match(line):
        return True
    return bool(_RECORD.match(line)) and not _COUNCIL.match(previous)


def _text_line(flow: Flow, line: str) -> None:
    if "\t" in line:
        cells = [strip_markup(c) for c in line.strip().split("\t")]
        _cells(flow, cells)
        return
    bullet = _LIST.match(line)
    if bullet:
        depth = 1 + (len(bullet.group(1)) > 0)
        _item(flow, strip_markup(bullet.group(2)), depth)
        return
    stripped = line.strip()
    text = strip_markup(stripped)
    if not text:
        return
    if _HEADING.match(stripped) or _COUNCIL.match(stripped) or _RECORD.match(stripped):
        flow.heading(text)
    elif numbered := _NUMBERED.match(text):
        flow.paragraph(numbered.group(2), prefix=numbered.group(1), hang=36)
    else:
        flow.paragraph(text)


def _item(flow: Flow, text: str, depth: int) -> None:
    indent = 18.0 * (depth - 1)
    enum = _ENUM.match(text)
    if enum:
        flow.paragraph(enum.group(2), prefix=enum.group(1), hang=36, indent=indent, after=4)
    else:
        flow.paragraph(text, prefix="\u2022", hang=16, indent=indent + 8, after=4)


def _cells(flow: Flow, cells: list[str]) -> None:
    cells = [c for c in cells] or [""]
    if len(cells) == 2 and len(cells[0]) <= 40:
        widths = [BODY_W * 0.32, BODY_W * 0.68]
        flow.row(cells, widths, fonts=[BOLD, REGULAR])
        return
    widths = [BODY_W / len(cells)] * len(cells)
    flow.row(cells, widths, size=SIZE - 1, leading=LEADING - 1)


def _table(flow: Flow, rows: list[str]) -> None:
    cells = [[strip_markup(c) for c in _TABLE.match(r).group(1).split("|")] for r in rows]
    cells = [r for r in cells if any(c for c in r) and not all(_RULE.match(c) for c in r)]
    if not cells:
        return
    n = max(len(r) for r in cells)
    longest = [max(len(r[i]) if i < len(r) else 0 for r in cells) + 8 for i in range(n)]
    widths = [BODY_W * w / sum(longest) for w in longest]
    for r in cells:
        flow.row(r + [""] * (n - len(r)), widths, size=SIZE - 1, leading=LEADING - 1)
    flow.space(6)


def _first_cited_page(lines: list[str]) -> int | None:
    for line in lines[:200]:
        if m := _FIRST_PAGES.search(line):
            return int(m.group(1))
    return None


def _number(pages: list[Page], front_end: int | None, first_cited: int | None) -> None:
    """Pad the front sheet if the agenda asks for it, then number pages after it."""
    front = front_end or 0
    offset = -front
    if front and first_cited and first_cited > front:
        pad = first_cited - 1 - front
        if pad <= 6:
            for _ in range(pad):
                filler = Flow().blank_page()
                pages.insert(front, filler)
            front += pad
            offset = 0
    for index, page in enumerate(pages):
        page.number = index + 1 + offset if index >= front else None


def _title(lines: list[str]) -> str:
    for line in lines:
        text = strip_markup(line.strip())
        if text and text != "Public Document Pack" and not text.startswith("NOTICE"):
            return text[:120]
    return "Agenda pack"
