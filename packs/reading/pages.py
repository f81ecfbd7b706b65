"""What one page shows on its own: footer number, banner, blankness and document head."""

from __future__ import annotations

import re

from .model import Page
from .text import lines_of

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
HEAD_LINES = {"decision": 4, "minutes": 8, "letter": 14, "frontsheet": 12, "report": 12}


def describe_page(number: int, text: str, has_text: bool = True) -> Page:
    """Read a page's footer number, banner and blankness."""
    lines = lines_of(text)
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
    )


def content_lines(page: Page) -> list[str]:
    """The page's lines without footer, banner or lone page numbers."""
    out = []
    for line in lines_of(page.text):
        if BANNER_RE.match(line) or (FOOTER_RE.match(line) and len(line) <= 12):
            continue
        if line.isdigit() and len(line) <= 3:
            continue
        out.append(line)
    return out


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
            if _kent_report_header(lines[:25]) or any(pattern.search(x) for x in window):
                return kind
            continue
        if any(pattern.search(line) for line in window):
            return kind
    return None


def _kent_report_header(lines: list[str]) -> bool:
    """A "From: / To: / Subject:" report header block."""
    keys = {line.split(":", 1)[0].strip().lower() for line in lines if ":" in line}
    return "from" in keys and "to" in keys and "subject" in keys
