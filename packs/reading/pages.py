"""What one page shows on its own: footer number, banner, blankness and document head."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from .layout import Layout, Text, placed
from .model import Page
from .text import DATE_RE, lines_of, norm_key

BLANK_RE = re.compile(r"^this page (?:is )?intentionally (?:been )?left blank\.?$", re.IGNORECASE)
FOOTER_RE = re.compile(r"^Page\s+(\d{1,4})\b", re.IGNORECASE)
BANNER_RE = re.compile(
    r"^(?:Page\s+\d{1,4}\s+)?(?:Public\s+Document\s+Pack\s+)?Agenda\s+Item\s+(\d{1,3}[A-Za-z]?(?:\.\d+)?)"
    r"(?:\s+Page\s+\d{1,4})?$",
    re.IGNORECASE,
)

# Each document kind announces itself in the first lines of its first page.
HEADS: list[tuple[str, re.Pattern]] = [
    (
        "decision",
        re.compile(
            r"record of (?:the )?(?:executive )?decision\s*$|decision record\s*$|"
            r"^decision to be taken by|^decision (?:recording form|notice|sheet)\b|"
            r"^notice of (?:key |executive )?decisions?\b|^decisions? determined at\b|"
            r"^\((?:a|1)\)\s*subject\s*:",
            re.IGNORECASE,
        ),
    ),
    (
        "minutes",
        re.compile(
            r"^(?:(?:exempt |confidential |extract of )?minutes of (?:(?:a|an|the) )?"
            r"(?:[\w-]+ ){0,3}meeting (?:of|held)|at a meeting of)\b|"
            r"^(?:exempt |confidential )?minutes$|"
            r"^(?:exempt |confidential |draft )?minutes of (?:the )?(?!(?:previous|last|meeting)\b)"
            r"[A-Z][\w&'’,() -]{2,80}(?:council|committee|cabinet|board|panel|executive|forum)"
            r"|^minutes of (?:the )?(?!(?:previous|last|meeting)\b)[A-Z][\w&'’ -]{2,60}$",
            re.IGNORECASE,
        ),
    ),
    (
        "letter",
        re.compile(
            r"^dear (?:member|councillor|sir|colleague)|\bI am now able to enclose|"
            r"^enclosed (?:are|is) the\b",
            re.IGNORECASE,
        ),
    ),
    (
        "frontsheet",
        re.compile(
            r"^notice of (?:the )?meeting$|^summons\b|^A ?G ?E ?N ?D ?A$|^agenda$|"
            r"^a meeting of .{3,80} will be held\b|^date and time\b",
            re.IGNORECASE,
        ),
    ),
    (
        "report",
        re.compile(
            r"^(?:decision maker|committee/panel|committee|report from|report of|report to|"
            r"report by)\s*:|^(?:decision |executive |cabinet )?report$|^subject\s*:|"
            r"^report (?:of|to|by) the\b",
            re.IGNORECASE,
        ),
    ),
    # "Appendix A", "Annex 2 - Title"; not a sentence that runs on ("... Appendix A.").
    (
        "appendix",
        re.compile(r"^(?:appendix|annex|annexe)\s+[A-Z0-9]{1,3}\b(?!\.\s*$)", re.IGNORECASE),
    ),
]
# The most of a page's first lines ``head_of`` reads.
HEAD_READ = 25
HEAD_LINES = {
    "decision": 4,
    "minutes": 8,
    "letter": 14,
    "frontsheet": 12,
    "report": 12,
    "appendix": 2,
}


def describe_page(
    number: int, text: str, has_text: bool = True, layout: Layout | None = None
) -> Page:
    """Read a page's footer number, banner and blankness."""
    lines = [line.text for line in layout.lines] if layout else lines_of(text)
    printed = banner = None
    content = []
    for line in lines:
        footer = FOOTER_RE.match(line)
        ban = BANNER_RE.match(line)
        if ban:
            banner = ban[1]
            inner = re.search(r"Page\s+(\d{1,4})", line, re.IGNORECASE)
            if inner:
                printed = int(inner[1])
            continue
        if footer and len(line) <= 12:
            printed = int(footer[1])
            continue
        content.append(line)
    blank = all(BLANK_RE.match(line) for line in content)
    return Page(
        number=number,
        text=text,
        printed_number=printed,
        banner=banner,
        blank=blank,
        has_text=has_text,
        layout=layout,
    )


def page_lines(page: Page) -> list[Text]:
    """The page's lines in reading order, each knowing where it was printed (where the
    page was measured); a translation printed beside the text is left to the page's
    text, not read twice."""
    return list(_lines(page))


def _lines(page: Page) -> Iterator[Text]:
    if page.layout:
        width = page.layout.width
        return (
            placed(line.text, line, page.number, width)
            for line in page.layout.lines
            if not line.aside
        )
    return (placed(line, None, page.number, 0.0) for line in lines_of(page.text))


# A page number however it is dressed: "Page | 1", "- 3 -", "Page 2 of 7", "4".
_PAGE_NUMBER_RE = re.compile(
    r"^[-–|(\[ ]*(?:page|tudalen)?[\s|.:]*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-–|)\] ]*$",
    re.IGNORECASE,
)
_ITEM_IN_BAND_RE = re.compile(r"\bItem\s+(\d{1,3}[A-Za-z]?(?:\.\d+)?)\b", re.IGNORECASE)
BAND = 0.1  # share of the page's height at its top and bottom where running lines sit


def mark_running_lines(pages: list[Page]) -> None:
    """Find the running headers and footers of a pack by repetition: a line at the top or
    bottom of a page that the page before or after prints at the same place, digits aside
    ("Item 10 - Page 3", "Version January 2024"). Each is kept on the first page of its
    run (it may be the document's heading) and dropped from the others; page numbers
    are dropped everywhere. A running line naming an agenda item gives the page its
    banner, and is dropped everywhere."""
    bands = [_band_lines(page) for page in pages]
    for index, page in enumerate(pages):
        running = []
        for key, text, where in bands[index]:
            before = index and any(k == key and w == where for k, _, w in bands[index - 1])
            after = index + 1 < len(bands) and any(
                k == key and w == where for k, _, w in bands[index + 1]
            )
            item = _ITEM_IN_BAND_RE.search(text) if before or after else None
            if _PAGE_NUMBER_RE.match(text) or before or item:
                running.append(text)
            if item and page.banner is None:
                page.banner = item[1]
        page.running = tuple(running)


def _band_lines(page: Page) -> list[tuple[str, str, str]]:
    """(key, text, "top" or "bottom") of the lines in the page's top and bottom bands;
    without geometry, its first two and last two lines."""
    if page.layout and page.layout.height:
        height = page.layout.height
        out = []
        for line in page.layout.lines:
            if line.bottom < height * BAND:
                out.append((_band_key(line.text), line.text, "top"))
            elif line.top > height * (1 - BAND):
                out.append((_band_key(line.text), line.text, "bottom"))
        return out
    lines = lines_of(page.text)
    return [(_band_key(x), x, "top") for x in lines[:2]] + [
        (_band_key(x), x, "bottom") for x in lines[2:][-2:]
    ]


def _band_key(text: str) -> str:
    return re.sub(r"\d+", "#", norm_key(text))


def content_lines(page: Page) -> list[Text]:
    """The page's lines without footer, banner or lone page numbers (read once for each
    set of running lines found on it)."""
    if page.content is not None and page.content[0] == page.running:
        return page.content[1]
    out = [line for line in page_lines(page) if not is_furniture(line, page)]
    page.content = (page.running, out)
    return out


def first_content_lines(page: Page) -> list[Text]:
    """The first of the page's ``content_lines``, as many as ``head_of`` reads, for a page
    just read (nothing is kept: its running lines are not known yet)."""
    content = (line for line in _lines(page) if not is_furniture(line, page))
    return list(itertools.islice(content, HEAD_READ))


def is_furniture(line: str, page: Page) -> bool:
    """Whether a line of ``page`` is a running header or footer, a banner or a page
    number rather than what the page says."""
    return (
        line in page.running
        or bool(BANNER_RE.match(line))
        or (bool(FOOTER_RE.match(line)) and len(line) <= 12)
        or (line.isdigit() and len(line) <= 3)
    )


def near_empty(pages: list[Page], most: int = 2) -> bool:
    """Whether pages carry hardly any text: at most ``most`` lines beyond blank pages,
    running headers and footers, banners and page numbers. Such pages hold no paper,
    whatever they say: the placeholder a public pack prints for an exempt item's papers,
    a "to follow" page, a divider. A page with no text layer (a plan, a scan) is not
    near-empty: what it shows cannot be told from its text."""
    printed = [page for page in pages if not page.blank]
    if not printed or not all(page.has_text for page in printed):
        return False
    return sum(len(content_lines(page)) for page in printed) <= most


# "Milburn Parish Council - 3rd September 2019": minutes headed by the body and the date,
# with the members present listed below.
_BODY_DATE_HEADING_RE = re.compile(
    r"^(?P<body>[A-Z][\w&'’,() -]{2,80}?)\s+[-–—]\s+(?:\w+day,? )?\d{1,2}(?:st|nd|rd|th)?"
    r"\s+[A-Za-z]+,?\s+\d{4}$"
)
_PRESENT_LINE_RE = re.compile(r"^(?:members )?present\b", re.IGNORECASE)


def head_of(lines: list[str]) -> str | None:
    """The document kind this page's first lines announce, if any."""
    if any(_BODY_DATE_HEADING_RE.match(line) for line in lines[:3]) and any(
        _PRESENT_LINE_RE.match(line) for line in lines[:8]
    ):
        return "minutes"
    for kind, pattern in HEADS:
        window = lines[: HEAD_LINES.get(kind, 3)]
        if kind == "report":
            if _kent_report_header(lines[:HEAD_READ]) or any(pattern.search(x) for x in window):
                return kind
            continue
        if any(pattern.search(line) for line in window):
            if kind == "letter" and _summons(lines[: HEAD_LINES["letter"]]):
                return "frontsheet"
            return kind
    if _records_attendance(lines):
        return "minutes"
    return None


def _summons(lines: list[str]) -> bool:
    """A letter that summons members to a meeting is the meeting's front sheet."""
    return any(re.search(r"\bsummon(?:s|ed)\b", line, re.IGNORECASE) for line in lines)


def _records_attendance(lines: list[str]) -> bool:
    """A paper whose head is dated and then says who was present records a meeting held:
    minutes, whatever their heading calls them ("MEETING 8th MAY 2019 / PRESENT")."""
    dated = next((i for i, line in enumerate(lines[:8]) if DATE_RE.search(line)), None)
    return dated is not None and any(
        _PRESENT_LINE_RE.match(line) for line in lines[dated + 1 : dated + 10]
    )


def _kent_report_header(lines: list[str]) -> bool:
    """A "From: / To: / Subject:" report header block."""
    keys = {line.split(":", 1)[0].strip().lower() for line in lines if ":" in line}
    return "from" in keys and "to" in keys and "subject" in keys


class Attention:
    """Which pages are worth measuring as they are read: layout is read where a paper says
    what it is and where it is read closely, and the pages of long reports and appendices
    are read as text, so that a pack is read at close to the speed of its text.

    Measured: the first two pages, the first page of each document (a page after a
    blank one, under a banner, or whose first lines announce a kind of document), and
    every page of minutes, front sheets, covering letters and decision records."""

    CLOSE = frozenset({"minutes", "frontsheet", "letter", "decision"})

    def __init__(self) -> None:
        self.kind: str | None = None
        self.fresh = True  # the page after a blank one

    def wants(self, page: Page) -> bool:
        """Whether to measure ``page``, described from its text."""
        if page.blank:
            self.fresh = True
            return False
        head = head_of(first_content_lines(page))
        wanted = page.number <= 2 or self.fresh or page.banner is not None or head is not None
        self.fresh = False
        if head is not None or page.banner is not None:
            self.kind = head
        return wanted or self.kind in self.CLOSE
