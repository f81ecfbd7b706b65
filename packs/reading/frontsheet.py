"""Front sheets, summonses and covering letters: the meeting and its agenda."""

from __future__ import annotations

import re

from .layout import field_lines
from .meeting import FIELD, HELD, Reading, at_the_right, held_readings, title_readings
from .model import AgendaItem, Meeting
from .text import (
    BACK_REFERENCE_RE,
    DATE_RE,
    WEEKDAY,
    council_heading,
    parse_date,
    parse_pages,
    parse_time,
    smart_title,
    squash,
    strip_pages,
)

# Labelled fields, Hampshire style ("Meeting<tab>Cabinet") or "Venue:" style.
_FIELD_RE = re.compile(
    r"^(Meeting|Committee|Date and Time|Date|Time|Place|Venue|Location|Enquiries to|"
    r"Contact|Ask for)\s*[:\t ]\s*(.+)$",
    re.IGNORECASE,
)
_WILL_BE_HELD_RE = re.compile(
    r"\bA meeting of (?:the )?(?P<body>.{3,80}?) will be held (?:in|at) (?:the )?"
    r"(?P<venue>.{3,200}?),? on (?P<when>(?:" + WEEKDAY + r",? )?.{6,40}?\d{4})"
    r"(?:,? at (?P<time>\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\.?))?",
    re.IGNORECASE | re.DOTALL,
)
# A summons or a parish agenda: "You are summoned to a meeting of the above Council on
# Monday 29th October 2018 at 7.00pm", "MEETING TO BE HELD ON TUESDAY, 3rd SEPTEMBER 2019
# @ 7.30pm".
_SUMMONS_RE = re.compile(
    r"(?:summoned to (?:attend )?(?:an? |the )?(?:[\w-]+ ){0,3}meeting of (?P<body>.{3,80}?)"
    r"|(?:[\w-]+ ){0,3}meeting (?:of (?P<named>.{3,80}?) )?(?:to be|will be) held)"
    r"(?:,? (?:in|at) (?:the )?(?P<venue>[^,]{3,120}?),?)? on (?P<when>(?:" + WEEKDAY + r",? )?"
    r".{4,40}?\d{4})(?:\s*(?:,|at|@|commencing at)\s*(?P<time>\d{1,2}(?:[.:]\d{2})?\s*"
    r"[ap]\.?\s?m\.?))?",
    re.IGNORECASE,
)
_DATE_LINE_RE = re.compile(
    rf"^(?:{WEEKDAY},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+[A-Za-z]", re.IGNORECASE
)
_VENUE_STOP_RE = re.compile(
    r"^(?:telephone|tel\b|e-?mail|ask for|enquiries|membership|unrestricted|agenda|"
    r"a g e n d a|to:|dear|this meeting|webcast|please|http)",
    re.IGNORECASE,
)
_LETTER_MEETING_RE = re.compile(
    rf"^(?P<body>[A-Z][A-Za-z&',() /-]{{2,80}}?)\s*[-–—]\s*(?P<when>{WEEKDAY},?\s+.*\d{{4}})$",
    re.IGNORECASE,
)
_ITEM_RE = re.compile(r"^(\d{1,4}[a-z]?)(?:\.|\))\s+(\S.*)$")
_LETTER_ITEM_RE = re.compile(r"^(\d{1,3}[a-z]?)\.?\s+(\S.*)$")
_EXEMPT_RE = re.compile(
    r"^(?:exclusion of (?:the )?press and public|exempt items?\b|exempt business|"
    r"part (?:ii|2)\b|restricted items?\b|confidential items?\b|private items?\b|"
    r"items? (?:likely to be )?(?:considered|taken|heard) in private)",
    re.IGNORECASE,
)
_OPEN_RE = re.compile(r"^(?:unrestricted items?|part (?:i|1)\b|open items?)", re.IGNORECASE)
_PARAGRAPH_RE = re.compile(r"\bParagraphs?\s+(\d{1,2})\b", re.IGNORECASE)
_END_RE = re.compile(
    r"^(?:about this agenda|yours (?:sincerely|faithfully)|general counsel\b|"
    r"chief executive\b|monitoring officer\b|notes?:?$|membership\b)",
    re.IGNORECASE,
)
_DESCRIPTION_RE = re.compile(r"^(?:To [a-z]|The (?:Cabinet|Committee|Council|Panel) (?:is|will))")
# A line that starts a list under an item ("1. R/54/42G ...", "(a) ...", "ii) ..."): the
# item's description, not more of its title.
_LIST_MARK_RE = re.compile(r"^\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+\S")
_CONNECTIVE_RE = re.compile(r"(?:\b(?:and|or|of|the|for|to|in|on|with|from|a|an)|[,&/–—-])$")


def meeting_readings(lines: list[str], known: tuple[str, ...] = ()) -> list[Reading]:
    """What a front sheet or summons says of its meeting, from each of the places such
    papers print it, for ``meeting.weigh`` to decide between."""
    found = [
        (_from_fields(lines), "the labelled fields", FIELD),
        (_from_sentence(lines), "the 'will be held' sentence", FIELD),
        (_from_summons(lines), "the summons", FIELD),
        (_from_heading(lines), "the heading above the date", HELD),
    ]
    readings = [_reading(meeting, source, weight) for meeting, source, weight in found if meeting]
    return readings + title_readings(lines, known) + held_readings(lines)


def letter_readings(lines: list[str]) -> list[Reading]:
    """What a covering letter says of the meeting its papers are for."""
    meeting = parse_letter_meeting(lines)
    readings = [_reading(meeting, "the letter's heading", FIELD)] if meeting else []
    return readings + held_readings(lines[:30])


def enquiries(lines: list[str]) -> str | None:
    """Who to ask about the meeting, as the front sheet prints it."""
    return _from_fields(lines) and _from_fields(lines).enquiries or _enquiries(lines)


def _reading(meeting: Meeting, source: str, weight: float) -> Reading:
    return Reading(source, weight, meeting.body, meeting.date, meeting.start_time, meeting.venue)


def parse_letter_meeting(lines: list[str]) -> Meeting | None:
    """The meeting named in a covering letter ("CABINET - THURSDAY, 30 JANUARY 2025")."""
    for line in lines[:25]:
        match = _LETTER_MEETING_RE.match(line)
        if match and parse_date(match["when"]):
            return Meeting(
                body=smart_title(match["body"]),
                date=parse_date(match["when"]),
                enquiries=_enquiries(lines),
            )
    text = squash(" ".join(lines[:30]))
    match = re.search(
        r"meeting of the (?P<body>[A-Z][\w ,&'-]{2,60}?)(?: to be held)? "
        r"on (?P<when>.{6,40}?\d{4})",
        text,
    )
    if match and parse_date(match["when"]):
        return Meeting(body=smart_title(match["body"]), date=parse_date(match["when"]))
    return None


def _from_fields(lines: list[str]) -> Meeting | None:
    fields: dict[str, str] = {}
    for line in field_lines(lines[:40]):
        match = _FIELD_RE.match(line)
        if match:
            fields.setdefault(match[1].lower(), match[2].strip())
    when = fields.get("date and time") or fields.get("date")
    body = fields.get("meeting") or fields.get("committee")
    if not (body and when and parse_date(when)):
        return None
    return Meeting(
        body=smart_title(body),
        date=parse_date(when),
        start_time=parse_time(fields.get("time") or when),
        venue=fields.get("place") or fields.get("venue") or fields.get("location"),
        enquiries=fields.get("enquiries to") or fields.get("contact") or fields.get("ask for"),
    )


def _from_sentence(lines: list[str]) -> Meeting | None:
    match = _WILL_BE_HELD_RE.search(squash(" ".join(lines[:60])))
    if not match or not parse_date(match["when"]):
        return None
    return Meeting(
        body=smart_title(match["body"]),
        date=parse_date(match["when"]),
        start_time=parse_time(match["time"] or ""),
        venue=squash(match["venue"]),
    )


def _from_summons(lines: list[str]) -> Meeting | None:
    """A summons or a parish agenda: the body named, or "the above Council" (its
    letterhead's); the venue printed on the line after the date, when it is there."""
    head = lines[:25]
    match = _SUMMONS_RE.search(squash(" ".join(head)))
    if not match or not parse_date(match["when"]):
        return None
    body = match["body"] or match["named"]
    if not body or BACK_REFERENCE_RE.match(body.strip()):
        body = council_heading(head) or body  # else resolved with the pack's council
    venue = match["venue"]
    if not venue:
        dated = next(
            (i for i, line in enumerate(head) if DATE_RE.search(squash(" ".join(head[i : i + 2])))),
            None,
        )
        following = head[dated + 2 : dated + 3] if dated is not None else []
        if dated is not None and DATE_RE.search(head[dated]):
            following = head[dated + 1 : dated + 2]
        venue = next(
            (
                squash(line)
                for line in following
                if not _VENUE_STOP_RE.match(line) and not DATE_RE.search(line) and len(line) < 80
            ),
            None,
        )
    if body and not BACK_REFERENCE_RE.match(body.strip()):
        body = smart_title(squash(body))
    return Meeting(
        body=body,
        date=parse_date(match["when"]),
        start_time=parse_time(match["time"] or ""),
        venue=smart_title(squash(venue)) if venue and venue.isupper() else venue,
    )


def _from_heading(lines: list[str]) -> Meeting | None:
    """Heading layout: body name, then a dated line, then the venue lines."""
    for index, line in enumerate(lines[:20]):
        if not (_DATE_LINE_RE.match(line) and DATE_RE.search(line)) or at_the_right(line):
            continue
        body = None
        for previous in reversed(lines[:index]):
            if not re.match(r"^(?:agenda|a g e n d a|notice of meeting)$", previous, re.I):
                body = smart_title(previous)
                break
        venue_lines = []
        for following in lines[index + 1 : index + 6]:
            if _VENUE_STOP_RE.match(following) or DATE_RE.search(following):
                break
            venue_lines.append(following)
        head = re.split(r"\s+(?:Ask for|Tel|Telephone|Email)\b", line, maxsplit=1)[0]
        return Meeting(
            body=body,
            date=parse_date(head),
            start_time=parse_time(head),
            venue=squash(" ".join(venue_lines)).strip(" ,") or None,
        )
    return None


def _enquiries(lines: list[str]) -> str | None:
    for line in lines[:40]:
        match = re.match(r"^(?:Ask for|Enquiries to|Contact)\s*:?\s+(.+)$", line, re.IGNORECASE)
        if match:
            return match[1].strip()
    return None


def parse_agenda(lines: list[str], *, letter: bool = False) -> list[AgendaItem]:
    """The numbered items of a front sheet's agenda (or a covering letter's list)."""
    if letter:
        start = next(
            (i + 1 for i, x in enumerate(lines) if re.match(r"^Agenda Item No", x, re.I)), None
        )
        if start is None:
            return []
        lines = lines[start:]
    pattern = _LETTER_ITEM_RE if letter else _ITEM_RE
    starts = _item_chain(lines, pattern, letter)
    items: list[AgendaItem] = []
    exempt, paragraph = False, None
    marks = _section_marks(lines)
    # The last item runs to the letter's sign-off or the agenda's notes, not beyond.
    close = (
        next((i for i in range(starts[-1] + 1, len(lines)) if _END_RE.match(lines[i])), len(lines))
        if starts
        else len(lines)
    )
    for position, index in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else close
        for mark_index, is_exempt in marks:
            if mark_index < index and (position == 0 or mark_index > starts[position - 1]):
                exempt = is_exempt
                if is_exempt:
                    paragraph = _paragraph_after(lines, mark_index, index)
        match = pattern.match(lines[index])
        end = min([end] + [m for m, _ in marks if index < m < end])
        title_lines, description = _split_title(match[2], lines[index + 1 : end])
        joined = squash(" ".join(title_lines))
        title = _without_list(strip_pages(joined).strip(" -–"))
        items.append(
            AgendaItem(
                number=match[1],
                title=title,
                pages=parse_pages(joined),
                exempt=exempt,
                description=description,
                exempt_paragraph=paragraph if exempt else None,
            )
        )
    return items


def _without_list(title: str) -> str:
    """An item's heading without the list printed after it: "Accounts for payment:-",
    "Finance - K & A Thompson & Son - Larch for seat repairs £ 48.00"."""
    title = re.split(r"\s*:-|:\s*$", title)[0]
    head, dash, rest = title.partition(" - ")
    if dash and re.search(r"[£$€]\s?\d", rest):
        title = head
    return title.strip()


def _item_chain(lines: list[str], pattern: re.Pattern, letter: bool) -> list[int]:
    """Line indexes of item headings: the run of numbers that goes up one at a time."""
    candidates = []
    for index, line in enumerate(lines):
        if _END_RE.match(line) and candidates:
            break
        match = pattern.match(line)
        if match and not re.match(r"^[\d\s.,:/-]+$", match[2]):
            candidates.append((index, int(re.match(r"\d+", match[1])[0])))
    best: list[int] = []
    for first in range(len(candidates)):
        chain, expected = [candidates[first][0]], candidates[first][1]
        for index, number in candidates[first + 1 :]:
            if number in (expected, expected + 1) and index > chain[-1]:
                chain.append(index)
                expected = number
        # An agenda numbers from 1, or runs on from the council's minute numbers ("2579.").
        if not letter and candidates[first][1] not in (0, 1) and len(chain) < 5:
            continue
        if len(chain) > len(best):
            best = chain
    return best


def _section_marks(lines: list[str]) -> list[tuple[int, bool]]:
    marks = []
    for index, line in enumerate(lines):
        if _OPEN_RE.match(line):
            marks.append((index, False))
        elif _EXEMPT_RE.match(line):
            marks.append((index, True))
    return marks


def _paragraph_after(lines: list[str], start: int, end: int) -> str | None:
    match = _PARAGRAPH_RE.search(" ".join(lines[start:end]))
    return match[1] if match else None


def _split_title(first: str, rest: list[str]) -> tuple[list[str], str | None]:
    """Split an item's lines into its (wrapped) title and the description under it."""
    title = [first]
    index = 0
    while index < len(rest) and parse_pages(" ".join(title)) is None:
        line = rest[index]
        if (
            _DESCRIPTION_RE.match(line)
            or _EXEMPT_RE.match(line)
            or _OPEN_RE.match(line)
            or _LIST_MARK_RE.match(line)
        ):
            break
        previous = title[-1]
        wraps = (
            line.startswith("(")
            or line[:1].islower()
            or line[:1].isdigit()
            or _CONNECTIVE_RE.search(previous) is not None
            or (len(previous) >= 55 and not previous.endswith((".", ":")))
        )
        if not wraps:
            break
        title.append(line)
        index += 1
    description = squash(" ".join(rest[index:])) or None
    return title, description
