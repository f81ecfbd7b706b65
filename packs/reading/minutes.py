"""Minutes: the meeting minuted, who was present, and the numbered minutes."""

from __future__ import annotations

import re

from .model import MinuteItem, Minutes
from .text import DATE_RE, is_upper_heading, parse_date, smart_title, squash

_HEADING_RE = re.compile(
    r"(?:MINUTES of (?:a|the) (?:\w+ )?meeting|AT A MEETING) of (?:the )?(?P<body>.+?)"
    r"(?: of (?P<council>[A-Z][A-Za-z' ]*?(?:COUNCIL|Council)))?"
    r" held (?:(?:in|at) (?:the )?(?P<venue>.+?),? )?on (?P<when>.{6,40}?\d{4})",
    re.IGNORECASE | re.DOTALL,
)
# Words printed before the heading's "MINUTES" that make the whole set exempt.
_EXEMPT_HEADING_RE = re.compile(
    r"\b(?:exempt|confidential|restricted|part (?:ii|2))\b[^.]{0,40}$", re.IGNORECASE
)
_PRESENT_RE = re.compile(r"^(?:PRESENT|Members present|Present)\s*:?\s*(.*)$")
_PRESENT_STOP_RE = re.compile(
    r"^(?:IN ATTENDANCE|ALSO PRESENT|ALSO IN ATTENDANCE|OFFICERS?\b|APOLOGIES|"
    r"UNRESTRICTED|Co-opted|Also present|Substitutes?|\d{1,4}\.\s)",
    re.IGNORECASE,
)
_ITEM_RE = re.compile(r"^(?:-\s+)?(\d{1,4})\.?\s+(\S.*)$")
_ITEM_REF_RE = re.compile(r"^\(Item\s+(\d{1,3}[A-Za-z]?)\)\s*$", re.IGNORECASE)
_HONOURS = {"OBE", "MBE", "CBE", "KBE", "DBE", "JP", "DL", "QC", "KC", "BEM", "MP", "FRCS"}
_ROLE_RE = re.compile(r"\((?:Vice[- ]?)?Chair(?:man|woman|person)?\)|\(Deputy[^)]*\)", re.I)
_MARKERS = {"*", "p", "р", "P"}  # present; Cyrillic "р" survives some extractions
_MARKER_SPLIT_RE = re.compile(r"\s([*pрPaа])\s+(?=[A-Z])")  # "a"/"а": absent
_NEXT_NAME_RE = re.compile(r"\s+(?=(?:Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr)\s)")
_ATTENDANCE_LABEL_RE = re.compile(
    r"^(?:(?:Vice[- ]?)?Chair(?:man|woman)?|Councillors?|Members?)\s*:\s*", re.IGNORECASE
)


def parse_minutes(lines: list[str]) -> Minutes:
    """Read one set of minutes from its lines."""
    text = squash(" ".join(lines[:40]))
    minutes = Minutes()
    match = _HEADING_RE.search(text)
    if match:
        minutes.exempt = bool(_EXEMPT_HEADING_RE.search(text[: match.start()]))
        minutes.body = smart_title(re.sub(r"\s+", " ", match["body"]).strip())
        minutes.date = parse_date(match["when"])
        if match["venue"]:
            minutes.venue = squash(match["venue"]).rstrip(",")
    starts = _item_starts(lines)
    head = lines[: starts[0]] if starts else lines[:40]
    minutes.present = _present_listed(head) or _present_marked(head)
    minutes.items = _items(lines, starts)
    for item in minutes.items:
        if re.match(r"apolog", item.title, re.IGNORECASE):
            minutes.apologies = item.text or None
            break
    return minutes


def minutes_council(lines: list[str]) -> str | None:
    """The council named in an "AT A MEETING of the X of Y COUNCIL" heading."""
    match = _HEADING_RE.search(squash(" ".join(lines[:40])))
    return smart_title(match["council"]) if match and match["council"] else None


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
    text = _ROLE_RE.sub("", squash(text))
    text = re.sub(
        r"\s+and\s+(?=(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Cllr|Councillor|Lord|Lady)\b)", ", ", text
    )
    text = re.sub(r"\s+and\s+(?=[A-Z][a-z]+ [A-Z])", ", ", text)
    names = []
    for part in text.split(","):
        part = part.strip(" .;")
        if not part or part.upper() in _HONOURS or re.fullmatch(r"[A-Z]{2,4}", part):
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
    """Line indexes of minute headings: the longest run of consecutive numbers."""
    candidates = []
    for index, line in enumerate(lines):
        match = _ITEM_RE.match(line)
        if not match:
            continue
        number, title = int(match[1]), match[2]
        dotted = re.match(r"^(?:-\s+)?\d+\.", line) is not None
        strong = any(_ITEM_REF_RE.match(x) for x in lines[index + 1 : index + 4])
        heading = is_upper_heading(title) and len(title) < 200 or _is_title_case(title)
        if not (strong or (dotted and heading)):
            continue
        if DATE_RE.fullmatch(title):
            continue
        candidates.append((index, number, strong))
    best: list[int] = []
    for first in range(len(candidates)):
        chain, expected = [candidates[first][0]], candidates[first][1]
        for index, number, _strong in candidates[first + 1 :]:
            if number == expected + 1:
                chain.append(index)
                expected = number
        if len(chain) > len(best):
            best = chain
    return best


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
        for offset, line in enumerate(lines[index + 1 : min(end, index + 5)], start=index + 1):
            ref = _ITEM_REF_RE.match(line)
            if ref:
                agenda_item, body_from = ref[1], offset + 1
                title.extend(lines[index + 1 : offset])
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


def _strip_chair_line(text: str) -> str:
    return re.sub(r"\n(?:Chairman|Chair),?.*$", "", text, flags=re.DOTALL).strip()
