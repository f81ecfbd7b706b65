"""Minutes: the meeting minuted, who was present, and the numbered minutes."""

from __future__ import annotations

import re

from .layout import Text
from .meeting import (
    HEADING,
    Context,
    Decision,
    Reading,
    held_readings,
    letterhead,
    title_readings,
    weigh,
)
from .model import MinuteItem, Minutes
from .numbering import Numbered, best_series
from .text import (
    DATE_RE,
    is_upper_heading,
    parse_date,
    parse_time,
    smart_title,
    squash,
)

_HEADING_RE = re.compile(
    r"(?:MINUTES of (?:(?:a|an|the) )?(?:[\w-]+ ){0,3}meeting|AT A MEETING) of (?:the )?"
    r"(?P<body>.+?)"
    r"(?: of (?P<council>[A-Z][A-Za-z' ]*?(?:COUNCIL|Council)))?"
    r" held (?:(?:in|at) (?:the )?(?P<venue>.+?),? )?on (?P<when>.{6,40}?\d{4})"
    r"(?:,? (?:at|commencing at) (?P<time>\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?\s?m\.?))?",
    re.IGNORECASE | re.DOTALL,
)
_DAY = r"(?:\w+day,? )?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+,?\s+\d{4}"
_TIME = r"\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?\s?m\.?"
# "Minutes of the Transport and Connectivity Policy Committee / 12 September 2024 at 5.00 pm".
_MINUTES_OF_BODY_RE = re.compile(
    r"^(?:(?:exempt|confidential|draft) )?minutes of (?:the )?(?!(?:previous|last)\b)"
    rf"(?P<body>[A-Z][\w&'’,() -]{{2,100}}?)[\s,–-]+(?P<when>{_DAY})(?:,? at (?P<time>{_TIME}))?",
    re.IGNORECASE,
)
# "Milburn Parish Council - 3rd September 2019"; "CABINET – 29 October 2024".
_BODY_DATE_RE = re.compile(
    rf"^(?P<body>[A-Z][\w&'’,() -]{{2,80}}?)\s+[-–—]\s+(?P<when>{_DAY})$", re.IGNORECASE
)
# Words printed before the heading's "MINUTES" that make the whole set exempt.
_EXEMPT_HEADING_RE = re.compile(
    r"\b(?:exempt|confidential|restricted|part (?:ii|2))\b[^.]{0,40}$", re.IGNORECASE
)
_PRESENT_RE = re.compile(r"^(?:PRESENT|Members present|Present)\s*:?-?\s*(.*)$", re.IGNORECASE)
# Where a list of members ends and others begin ("and the Clerk. Members of the public").
_NOT_MEMBERS_RE = re.compile(
    r"(?:\band\s+)?\b(?:the clerk|clerk\b|members of the public|in attendance|also present|"
    r"officers? present|press\b).*$",
    re.IGNORECASE,
)
# Members of another council, or officers, named in the list: not the body's members.
_OUTSIDER_RE = re.compile(
    r"^(?:county|district|borough|city|town|ward) (?:cllr|councillor)\b|^(?:p?cso|pc|rfo)\b",
    re.IGNORECASE,
)
# A role printed before a name ("Chairman Cllr Mrs Shewell"), and a shared title before
# a list ("Councillors: Ed Plowden, ..."; "Cllrs Hayward, Hoskins").
_LEADING_ROLE_RE = re.compile(r"^(?:(?:vice[- ]?)?chair(?:man|woman|person)?|mayor)\s+", re.I)
_SHARED_TITLE_RE = re.compile(r"(^|,\s*)(?:councillors|cllrs)\b:?\s*", re.IGNORECASE)
# Names written as initial and surname with no commas between: "D Richardson N Cresswell".
_INITIAL_NAME_RE = re.compile(r"[A-Z]\.? [A-Z][\w'’-]+")
# A name followed by an officer's role: "and Mr Richard Nolan, Clerk" is not a member.
_OFFICER_AFTER_RE = re.compile(
    r"(?:,\s*|\s+and\s+)(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
    r",\s*(?:the\s+)?(?:clerk|rfo|responsible financial officer|proper officer|minute[- ]taker|"
    r"locum clerk|officer)\b[^,]*",
    re.IGNORECASE,
)
_PRESENT_STOP_RE = re.compile(
    r"^(?:IN ATTENDANCE|ALSO PRESENT|ALSO IN ATTENDANCE|OFFICERS?\b|APOLOGIES|"
    r"UNRESTRICTED|Co-opted|Also present|Substitutes?|\d{1,4}\.\s)",
    re.IGNORECASE,
)
# "12.", "2579.", "1 Welcome" (no full stop), "19.09.01" (year, month, minute).
_ITEM_RE = re.compile(
    r"^(?:-\s+)?(\d{1,4}[A-Za-z]?|\d{1,2}\.\d{1,2}\.\d{1,3}[A-Za-z]?)\.?\s+(\S.*)$"
)
# A heading that runs into its minute up to a colon: "2579. Police Report: Attached."
_RUN_IN_RE = re.compile(r"^([^:]{3,90}?):-?(?:\s+\S|\s*$)")
_ITEM_REF_RE = re.compile(r"^\(Item\s+(\d{1,3}[A-Za-z]?)\)\s*$", re.IGNORECASE)
_HONOURS = {"OBE", "MBE", "CBE", "KBE", "DBE", "JP", "DL", "QC", "KC", "BEM", "MP", "FRCS"}
_ROLE_RE = re.compile(r"\((?:Vice[- ]?)?Chair(?:man|woman|person)?\)|\(Deputy[^)]*\)", re.I)
_MARKERS = {"*", "p", "р", "P"}  # present; Cyrillic "р" survives some extractions
_MARKER_SPLIT_RE = re.compile(r"\s([*pрPaа])\s+(?=[A-Z])")  # "a"/"а": absent
_NEXT_NAME_RE = re.compile(r"\s+(?=(?:Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr)\s)")
_ATTENDANCE_LABEL_RE = re.compile(
    r"^(?:(?:Vice[- ]?)?Chair(?:man|woman)?|Councillors?|Members?)\s*:\s*", re.IGNORECASE
)


def parse_minutes(lines: list[str], context: Context | None = None) -> tuple[Minutes, Decision]:
    """Read one set of minutes from its lines: the meeting minuted, decided from every
    place its head names it (``meeting.weigh``), who was present and the minutes."""
    minutes = Minutes()
    starts = _item_starts(lines)
    head = lines[: starts[0]] if starts else lines[:40]
    context = context or Context()
    readings = heading_readings(lines[:40], context.known)
    minutes.exempt = _exempt_heading(lines)
    decision = weigh(readings, context.with_head(letterhead(lines)))
    if decision.meeting:
        minutes.body, minutes.date = decision.meeting.body, decision.meeting.date
        minutes.start_time, minutes.venue = decision.meeting.start_time, decision.meeting.venue
    minutes.present = _present_table(head) or _present_listed(head) or _present_marked(head)
    minutes.items = _items(lines, starts)
    for item in minutes.items:
        if re.match(r"apolog", item.title, re.IGNORECASE):
            minutes.apologies = item.text or None
            break
    return minutes, decision


def _exempt_heading(lines: list[str]) -> bool:
    """Whether the heading marks the whole set exempt: "EXEMPT MINUTES of ...", or
    "CONFIDENTIAL" printed over the minutes' heading."""
    head = squash(" ".join(lines[:3]))
    heading = re.search(r"\bminutes\b|\bat a meeting\b", head, re.IGNORECASE)
    return bool(_EXEMPT_HEADING_RE.search(head[: heading.start()] if heading else ""))


def heading_readings(lines: list[str], known: tuple[str, ...] = ()) -> list[Reading]:
    """What the head of a set of minutes says of the meeting minuted: its heading in
    each of the forms minutes take, its title block and its letterhead, and a sentence
    saying where and when the meeting was held."""
    text = squash(" ".join(lines))
    readings = []
    match = _HEADING_RE.search(text)
    if match:
        readings.append(
            Reading(
                "the minutes' heading",
                HEADING,
                body=squash(match["body"]).strip(" ,"),
                date=parse_date(match["when"]),
                start_time=parse_time(match["time"] or ""),
                venue=squash(match["venue"]).rstrip(",") if match["venue"] else None,
            )
        )
    found = Minutes()
    _heading_without_held(found, lines)
    if found.date:
        readings.append(
            Reading(
                "the minutes' heading",
                HEADING,
                body=found.body,
                date=found.date,
                start_time=found.start_time,
            )
        )
    return readings + title_readings(lines, known) + held_readings(lines)


def _heading_without_held(minutes: Minutes, lines: list[str]) -> None:
    """Headings that do not say "held on": "Minutes of the X" over a date line, or the
    body and the date on one line ("Milburn Parish Council - 3rd September 2019")."""
    for index, line in enumerate(lines[:8]):
        match = _BODY_DATE_RE.match(squash(line))
        if match and parse_date(match["when"]):
            minutes.body = squash(match["body"]).strip(" ,")
            minutes.date = parse_date(match["when"])
            return
        if re.match(r"^(?:(?:exempt|confidential|draft) )?minutes of\b", line, re.IGNORECASE):
            match = _MINUTES_OF_BODY_RE.match(squash(" ".join(lines[index : index + 4])))
            if match and parse_date(match["when"]):
                minutes.exempt = bool(re.match(r"(?:exempt|confidential)", line, re.I))
                minutes.body = squash(match["body"]).strip(" ,")
                minutes.date = parse_date(match["when"])
                minutes.start_time = parse_time(match["time"] or "")
                return


def minutes_council(lines: list[str]) -> str | None:
    """The council named in an "AT A MEETING of the X of Y COUNCIL" heading."""
    match = _HEADING_RE.search(squash(" ".join(lines[:40])))
    return smart_title(match["council"]) if match and match["council"] else None


# A cell that heads the members present, and cells that head other columns beside it.
_PRESENT_CELL_RE = re.compile(r"^(?:(?:members|councillors) )?present\s*:?-?$", re.IGNORECASE)
_OTHER_COLUMN_RE = re.compile(
    r"^(?:apologies|absent|in attendance|also (?:present|in attendance)|members of the public|"
    r"public|officers?|clerk|press|visitors|observers)\b",
    re.IGNORECASE,
)
_INITIALS_RE = re.compile(r"^[A-Z]{2,4}$|^\([A-Z]{2,5}\)$|^\{[A-Z]{2,5}\}$")


def _present_table(head: list[str]) -> list[str]:
    """Attendance set out as a table: "PRESENT" in a cell with the names in the cells
    beside and below it, each perhaps with the member's initials ("Rob Weatherston | RW |
    Norman Robertson | NR"); or a row of column headings ("Present | Apologies | Members
    of the Public") with the present members in the column under "Present"."""
    for index, line in enumerate(head):
        geometry = line.line if isinstance(line, Text) else None
        if geometry is None or not _PRESENT_CELL_RE.match(geometry.cells[0].text):
            continue
        label, rest = geometry.cells[0], geometry.cells[1:]
        following = [x.line for x in head[index + 1 :] if isinstance(x, Text) and x.line]
        if rest and all(_OTHER_COLUMN_RE.match(cell.text) for cell in rest):
            return _names_in_cells(_column_under(following, label.x0, rest[0].x0))
        columns = [cell.x0 for cell in rest]
        cells = [cell.text for cell in rest]
        for row in following:
            aligned = [any(abs(cell.x0 - x) < 6 for x in columns) for cell in row.cells]
            if not (all(aligned) or (len(aligned) > 1 and any(aligned))):
                break
            cells += [cell.text for cell in row.cells]
            columns += [cell.x0 for cell in row.cells]
        return _names_in_cells(cells) if columns else []
    return []


def _column_under(rows: list, left: float, right: float) -> list[str]:
    """The cells of the rows below a heading that sit in its column, down to a row that
    runs across the columns."""
    cells = []
    for row in rows:
        inside = [c for c in row.cells if left - 6 <= c.x0 < right - 6]
        if not inside or (len(row.cells) == 1 and row.x1 > right + 6):
            break
        cells += [c.text for c in inside if c.x1 <= right + 6]
    return cells


def _names_in_cells(cells: list[str]) -> list[str]:
    """Names from attendance cells: a member's initials and an affiliation in capitals
    ("(SBC)") dropped, cells holding only initials skipped."""
    names = []
    for cell in cells:
        words = [w for w in cell.split() if not _INITIALS_RE.match(w)]
        name = _ROLE_RE.sub("", " ".join(words)).strip(" ,")
        if name and any(c.islower() for c in name):
            names.append(name)
    return names


def _present_listed(head: list[str]) -> list[str]:
    """Kent style: "PRESENT: Mr A (Chairman), Mr B, ... and Mr Z"."""
    for index, line in enumerate(head):
        match = _PRESENT_RE.match(line)
        if not match or "*" in line:
            continue
        parts = [match[1]]
        for following in head[index + 1 :]:
            if _PRESENT_STOP_RE.match(following):
                break
            parts.append(following)
        return _split_names(" ".join(parts))
    return []


def _split_names(text: str) -> list[str]:
    text = squash(_ROLE_RE.sub("", squash(text)))
    text = _OFFICER_AFTER_RE.sub("", text)
    text = _NOT_MEMBERS_RE.sub("", text)
    # "A Armstrong, EDC": a member of another body, named with its initials.
    text = re.sub(
        r"(?:(?:Cllr|Councillor) )?(?:[A-Z][a-z]*\.? )?[A-Z][\w'’-]+,\s*([A-Z]{2,5})\b(?=\s|,|$)",
        lambda m: m[0] if m[1] in _HONOURS else "",
        text,
    )
    text = _SHARED_TITLE_RE.sub(r"\1", text)
    text = re.sub(
        r"\s+and\s+(?=(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Cllr|Councillor|Lord|Lady)\b)", ", ", text
    )
    text = re.sub(r"\s+and\s+(?=[A-Z][a-z]+ [A-Z])", ", ", text)
    text = re.sub(r"\s+and\s+(?=[A-Z]\.? [A-Z][\w'’-]+)", ", ", text)
    text = re.sub(r"(?<=[a-z])\s+and\s+(?=[A-Z][\w'’-]*(?:,|$))", ", ", text)
    names = []
    for part in text.split(","):
        part = _LEADING_ROLE_RE.sub("", part.strip(" .;"))
        part = re.sub(r"\s+and$", "", part).strip()
        if not part or part.upper() in _HONOURS or re.fullmatch(r"[A-Z]{2,4}", part):
            continue
        if _OUTSIDER_RE.match(part):
            continue
        initials = _INITIAL_NAME_RE.findall(part)
        if len(initials) > 1 and squash(" ".join(initials)) == part:
            names.extend(initials)
            continue
        names.append(part)
    return names


def _present_marked(head: list[str]) -> list[str]:
    """Hampshire style: members listed with "*" (or "p") against those present."""
    names = []
    for line in head:
        if re.match(r"^(?:Also present|Co-opted|In attendance)", line, re.IGNORECASE):
            break
        for cell in line.split("|"):
            cell = _ATTENDANCE_LABEL_RE.sub("", cell.strip()).strip()
            parts = _MARKER_SPLIT_RE.split(" " + cell)
            for marker, name in zip(parts[1::2], parts[2::2], strict=False):
                # A grid row may end with an unmarked (absent) member: keep the first name.
                name = _NEXT_NAME_RE.split(_ROLE_RE.sub("", name))[0].strip(" -|")
                if marker in _MARKERS and name:
                    names.append(name)
    return names


def _item_starts(lines: list[str]) -> list[int]:
    """Line indexes of minute headings: the most consistent numbering series
    (``numbering.best_series``)."""
    candidates = []
    for index, line in enumerate(lines):
        match = _ITEM_RE.match(line)
        if not match:
            continue
        title = match[2]
        dotted = re.match(r"^(?:-\s+)?\d+[A-Za-z]?\.", line) is not None
        strong = any(_ITEM_REF_RE.match(x) for x in lines[index + 1 : index + 4])
        heading = is_upper_heading(title) and len(title) < 200 or _is_title_case(title)
        run_in = dotted and _run_in_title(title) is not None
        # A heading in sentence case on a line of its own: "7 Opportunities to promote ..."
        plain = len(title) <= 110 and title[:1].isupper() and not title.endswith((".", ",", ";"))
        if not (strong or heading or run_in or plain) or DATE_RE.fullmatch(title):
            continue
        number = re.match(r"(\d+)([A-Za-z]?)$", match[1].split(".")[-1])
        geometry = line.line if isinstance(line, Text) else None
        candidates.append(
            Numbered(
                index=index,
                number=int(number[1]),
                suffix=number[2].upper(),
                style=(*_number_style(match[1]), dotted),
                indent=geometry.x0 if geometry else None,
                bold=geometry.bold if geometry else None,
                heading=strong or heading or run_in,
            )
        )
    return best_series(candidates)


def _number_style(number: str) -> tuple:
    """How a minute number is written: its dotted parts, and a leading zero."""
    return (number.count("."), number.startswith("0") and len(number) > 1)


def _run_in_title(text: str) -> str | None:
    """The heading of a minute whose text runs on after a colon, if it has one."""
    match = _RUN_IN_RE.match(text)
    if not match or len(match[1].split()) > 12 or re.search(r"[.;]", match[1]):
        return None
    return match[1].strip()


def _is_title_case(title: str) -> bool:
    """ "Exclusion of the Press and Public": a short heading, not a numbered sentence."""
    words = title.split()
    if not 1 <= len(words) <= 12 or title.rstrip().endswith((".", ",", ";", ":")):
        return False
    small = {"of", "the", "and", "for", "to", "in", "on", "a", "an", "at", "by", "with", "or"}
    return all(word[0].isupper() or word in small or not word[0].isalpha() for word in words)


def _items(lines: list[str], starts: list[int]) -> list[MinuteItem]:
    items = []
    for position, index in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        match = _ITEM_RE.match(lines[index])
        title, agenda_item, body_from = [match[2]], None, index + 1
        run_in = None if _is_title_case(match[2]) else _run_in_title(match[2])
        if run_in:
            title = [run_in]
            lines = [*lines[:index], match[2][len(run_in) + 1 :].strip(), *lines[index + 1 :]]
            body_from = index
        more = 0 if run_in else _heading_continued(lines, index, end)
        title += lines[index + 1 : index + 1 + more]
        body_from += more
        start = index + 1 + more
        for offset, line in enumerate(lines[start : min(end, index + 5)], start=start):
            ref = _ITEM_REF_RE.match(line)
            if ref:
                title.extend(lines[start:offset])
                agenda_item, body_from = ref[1], offset + 1
                break
        items.append(
            MinuteItem(
                number=match[1],
                title=squash(" ".join(title)).strip(),
                agenda_item=agenda_item,
                text=_strip_chair_line("\n".join(lines[body_from:end])),
            )
        )
    return items


def _heading_continued(lines: list[str], index: int, end: int) -> int:
    """How many lines after a heading set apart (in bold, or in capitals) carry on its
    words: set like it, at the indent of its text, before the text under it begins."""
    heading = lines[index].line if isinstance(lines[index], Text) else None
    title = _ITEM_RE.match(lines[index])[2]
    capitals = is_upper_heading(title)
    if heading is None or not (heading.bold or capitals):
        return 0
    indent = heading.cells[-1].x0 if len(heading.cells) > 1 else heading.x0
    count = 0
    for line in lines[index + 1 : min(end, index + 3)]:
        geometry = line.line if isinstance(line, Text) else None
        if (
            geometry is None
            or geometry.bold != heading.bold
            or is_upper_heading(line) != capitals
            or abs(geometry.size - heading.size) > 0.5
            or geometry.top - heading.bottom > heading.size * (1.6 + count)
            or not (abs(geometry.x0 - indent) < 6 or abs(geometry.x0 - heading.x0) < 6)
            or re.match(r"^\d", line)
        ):
            break
        count += 1
    return count


def _strip_chair_line(text: str) -> str:
    return re.sub(r"\n(?:Chairman|Chair),?.*$", "", text, flags=re.DOTALL).strip()
