"""Which meeting a paper is for: gather every place that names a body, a date, a time or a
venue, weigh them, and decide each field on its own.

A wrong meeting goes unnoticed and an empty one gets filled in, so a field is decided only
when its best value passes as such (a body must read as a body, ``names.body_name``) and is
clearly ahead of the others; otherwise it is left empty and the warning names the
candidates, for the reviewer to choose from.

Places, and what each is worth (``Reading.weight``):
- a labelled field ("Meeting:", "Committee:", "Date:"), a summons or "will be held"
  sentence, a minutes heading: 3;
- a sentence saying the meeting was or will be held ("... held in X on D at T"): 2.5;
- a line of the title block that is a body's name on its own ("CABINET"): 2.5;
- a line of the title block that is a date ("TUESDAY, 4 NOVEMBER 2025", "MEETING 8th MAY"):
  2;
- the letterhead's council: 1 for a parish, town or community council (the author of the
  paper, and the body when no other is named), 0.5 for a county's or city's (which meets
  in committees); the portal's own council: 0.4.
A field is decided when its best value leads the next by 1, or stands alone at 1 or more;
so the letterhead of a parish council names its meeting when nothing else does, and the
portal's council alone never does.
A date printed alone at the right of a letter's head is the letter's, not the meeting's,
and a "previous", "last" or "next" meeting is another one: neither is read.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from .layout import Text, body_size, is_centred, placed
from .model import Meeting
from .names import body_name, is_generic, is_local
from .text import (
    BACK_REFERENCE_RE,
    COUNCIL_NAME_RE,
    DATE_RE,
    TIME_RE,
    WEEKDAY,
    norm_key,
    parse_clock,
    parse_date,
    parse_time,
    smart_title,
    squash,
)

FIELD, HEADING, HELD, TITLE, DATE_LINE, LETTERHEAD, PORTAL = 3.0, 3.0, 2.5, 2.5, 2.0, 1.0, 0.4
# How far ahead the best value must be of the next, in weight.
MARGIN = 1.0


@dataclass(frozen=True)
class Reading:
    """What one place on the paper says of the meeting."""

    source: str  # where it was read, for the reviewer: "the title block"
    weight: float
    body: str | None = None
    date: str | None = None
    start_time: str | None = None
    venue: str | None = None
    # The body named by its kind before "meeting": "a Parish Council meeting was held".
    in_passing: bool = False


@dataclass(frozen=True)
class Context:
    """What the parser knows beyond the paper in hand: the council whose letterhead heads
    the pack (``head``), the portal's council, and the committees the portal knows."""

    head: str | None = None
    council: str | None = None
    known: tuple[str, ...] = ()

    def with_head(self, head: str | None) -> Context:
        """The same context with a document's own letterhead, where it has one."""
        return Context(head or self.head, self.council, self.known)


@dataclass
class Decision:
    """The meeting decided field by field, and why a field was left empty."""

    meeting: Meeting | None
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (field, message)


def letterhead(lines: list[str]) -> str | None:
    """The council named at the head of the paper: the first of its first lines (or the
    first cell of one: "Ayton Community Council | MINUTES") that is a council's name."""
    for line in lines[:6]:
        for cell in _cells(line):
            match = COUNCIL_NAME_RE.match(squash(cell).rstrip(" .,"))
            if match and body_name(match[1]) and not is_generic(match[1]):
                return smart_title(match[1])
    return None


def title_block(lines: list[str]) -> list[str]:
    """The paper's opening lines, down to where its text begins: a line of body text
    (long, in the body's size and weight), an attendance line or a numbered item."""
    sizes = [t.line for t in lines[:40] if isinstance(t, Text) and t.line]
    usual = body_size(sizes) if sizes else 0.0
    block = []
    for line in lines[:12]:
        if _TEXT_BEGINS_RE.match(line) and not DATE_RE.match(line):
            break
        geometry = line.line if isinstance(line, Text) else None
        plain = geometry is None or (geometry.size <= usual + 0.2 and not geometry.bold)
        if block and len(line) > 90 and plain:
            break
        block.append(line)
    return block


def letterhead_weight(council: str) -> float:
    """A parish, town or community council meets as itself, so its letterhead may name the
    meeting; a county, district or city council meets in committees, so its letterhead
    alone is not enough to name one."""
    return LETTERHEAD if is_local(council) else LETTERHEAD / 2


def head_lines(lines: list[str]) -> list[str]:
    """The lines that say what the paper is: down to its attendance or first numbered
    item, and no further than 25 lines."""
    for index, line in enumerate(lines[:25]):
        if index and _TEXT_BEGINS_RE.match(line) and not DATE_RE.match(line):
            return lines[:index]
    return lines[:25]


_TEXT_BEGINS_RE = re.compile(
    r"^(?:\d{1,4}(?:\.\d{1,3})*[a-z]?[.)]?\s+\S|present\b|members present|in attendance|"
    r"apologies|agenda\b|a g e n d a)",
    re.IGNORECASE,
)


def title_readings(lines: list[str], known: tuple[str, ...] = ()) -> list[Reading]:
    """The letterhead, the title lines that name a body (or one of the committees the
    portal knows), and the title block's date."""
    readings = []
    head = letterhead(lines)
    if head:
        readings.append(Reading("the letterhead", letterhead_weight(head), body=head))
    units = _title_units(title_block(lines))
    letterhead_seen = False
    for index, unit in enumerate(units):
        following = units[index + 1] if index + 1 < len(units) else ""
        if _title_like(unit) and not _labelled(unit):
            for cell in _cells(unit):
                name = body_name(cell, known) if len(cell) <= 80 else None
                if (
                    name
                    and head
                    and norm_key(name) == norm_key(head)
                    and not letterhead_seen
                    and not _date_line(following, "")
                ):
                    letterhead_seen = True  # the letterhead itself, weighed as such
                elif name:
                    readings.append(Reading("the title", TITLE, body=name))
        dated = _date_line(unit, following)
        if dated:
            readings.append(
                Reading("the title block's date", DATE_LINE, date=dated[0], start_time=dated[1])
            )
    return readings


def held_readings(lines: list[str]) -> list[Reading]:
    """Sentences that say the meeting was or will be held: the body before "held", the
    venue, date and time after it ("A Parish Council meeting was held in the Village Hall,
    West Burton, on Tuesday, 4 November 2025"; "X held their meeting at 7.00pm on the 8th
    May 2019 at the Reading Room")."""
    text = squash(" ".join(head_lines(lines)))
    readings = []
    for match in _HELD_RE.finditer(text):
        before = re.split(
            r"(?<=[.;:!?])\s+(?=[A-Z])", text[max(0, match.start() - 160) : match.start()]
        )[-1]
        clause = re.split(r"\.\s+(?=[A-Z])|\.$", text[match.end() : match.end() + 220])[0]
        if _OTHER_MEETING_RE.search(before[-60:]):
            continue
        when = DATE_RE.search(clause)
        if not when or when.start() > 140:
            continue
        body, in_passing = _body_before(before)
        readings.append(
            Reading(
                "the sentence saying it is held",
                HELD,
                body=body,
                in_passing=in_passing,
                date=parse_date(when[0]),
                start_time=_time_in(clause),
                venue=_venue_in(clause),
            )
        )
    return readings


def weigh(readings: list[Reading], context: Context | None = None) -> Decision:
    """Decide body, date, time and venue from what the paper says, field by field.

    The letterhead's council (else the portal's) stands for "the above Council", and for
    a body named by its kind in passing ("a Parish Council meeting was held")."""
    context = context or Context()
    head, council = context.head, context.council
    resolved, refused = [], []
    if council:
        readings = [*readings, Reading("the portal's council", PORTAL, body=council)]
    for reading in readings:
        body = reading.body
        if body:
            body = _resolve(body, head or council, reading.in_passing)
            named = body_name(body, context.known) if body else None
            if not named:
                why = "" if body else ", and no letterhead or council says which"
                refused.append(f'"{squash(reading.body)}" ({reading.source}{why})')
            body = named
        resolved.append(replace(reading, body=body))
    decision = Decision(None)
    body = _decide(resolved, "body", decision, refused)
    date = _decide(resolved, "date", decision, [])
    if not (body or date):
        return decision
    with_date = [r for r in resolved if r.date == date] or resolved
    decision.meeting = Meeting(
        body=body,
        date=date,
        start_time=_best(with_date, "start_time") or _best(resolved, "start_time"),
        venue=_best(with_date, "venue") or _best(resolved, "venue"),
    )
    return decision


def _decide(
    readings: list[Reading], name: str, decision: Decision, refused: list[str]
) -> str | None:
    """One field: the value with the most weight behind it, if it is clearly ahead (and
    not the portal's council alone); else None, and a warning that lists every value
    printed, where, and the strings refused as bodies."""
    totals: dict[str, float] = defaultdict(float)
    shown: dict[str, str] = {}
    sources: dict[str, list[str]] = defaultdict(list)
    for reading in readings:
        value = getattr(reading, name)
        if value:
            key = norm_key(value) if name == "body" else value
            totals[key] += reading.weight
            shown.setdefault(key, value)
            sources[key].append(reading.source)
    ranked = sorted(totals, key=lambda k: -totals[k])
    portal_only = name == "body" and ranked and sources[ranked[0]] == ["the portal's council"]
    if ranked and not portal_only:
        best = ranked[0]
        second = totals[ranked[1]] if len(ranked) > 1 else 0.0
        if totals[best] - second >= MARGIN or (second == 0 and totals[best] >= LETTERHEAD):
            return shown[best]
    choices = [f'"{shown[k]}" ({", ".join(dict.fromkeys(sources[k]))})' for k in ranked]
    choices += refused
    field_name = f"meeting.{name}"
    if choices:
        decision.warnings.append(
            (
                field_name,
                f"The {name} is not clear enough to take; printed: {'; '.join(choices)}. "
                "Choose one when reviewing.",
            )
        )
    return None


def _best(readings: list[Reading], name: str) -> str | None:
    values = [(r.weight, getattr(r, name)) for r in readings if getattr(r, name)]
    return max(values, key=lambda pair: pair[0])[1] if values else None


def _resolve(body: str, head: str | None, in_passing: bool) -> str | None:
    """A body named as "the above Council", or by its kind ("the Parish Council"), as the
    council it means; None where nothing says which. A county's or city's "County
    Council" or "Council" is the name its full meeting goes by, and stays as printed
    unless named in passing ("a County Council meeting was held")."""
    text = squash(body).strip(" ,.")
    if BACK_REFERENCE_RE.match(text) or re.match(r"^(?:the )?(?:above|said|this)\b", text, re.I):
        return head
    if not is_generic(text) or not (in_passing or is_local(text)):
        return text
    key = norm_key(re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I))
    if head and norm_key(head).endswith(key):
        return head
    return None if is_local(text) else text


def _title_units(block: list[str]) -> list[str]:
    """The title block as its titles: a title set over several lines in one size and
    weight ("Minutes of the Transport and Connectivity / Policy Committee", "Thursday,
    13th / February, 2025") is one, joined; a line set apart, or in another size, is its
    own."""
    units: list[str] = []
    previous = None
    for line in block:
        geometry = line.line if isinstance(line, Text) else None
        if (
            previous is not None
            and geometry is not None
            and _title_like(line)
            and len(geometry.cells) == 1
            and len(previous.cells) == 1
            and abs(geometry.size - previous.size) < 0.5
            and geometry.bold == previous.bold
            and geometry.top - previous.bottom < geometry.size * 0.8
        ):
            first = units[-1]
            units[-1] = placed(f"{first} {line}", first.line, first.page, first.width)
        else:
            units.append(line)
        previous = geometry if _title_like(line) else None
    return units


def _labelled(line: str) -> bool:
    """A row of a labelled field ("From: | Sue Chandler, Cabinet Member"): a value, not a
    title."""
    return any(re.match(r"^[\w ’'/&()-]{1,40}:", cell) for cell in _cells(line))


def _title_like(line: str) -> bool:
    """Set apart as a title: bold, larger than the text, centred, or in capitals."""
    geometry = line.line if isinstance(line, Text) else None
    if geometry is None:
        return True
    centred = is_centred(geometry, line.width) if line.width else False
    return geometry.bold or centred or line.isupper()


_DATE_LINE_RE = re.compile(
    rf"^(?:(?:meeting|held|on|date|dated|of|the)\W+)*(?:{WEEKDAY}\W+)?(?:the\s+)?"
    rf"(?P<date>\d{{1,2}}(?:st|nd|rd|th)?\s+[A-Za-z]+,?\s+\d{{4}})"
    r"(?:\W+(?:at|@|commencing(?: at)?)?\s*(?P<time>\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?\s?m\.?))?\W*$",
    re.IGNORECASE,
)


def _date_line(line: str, following: str) -> tuple[str, str | None] | None:
    """A title line that is a date (and time), not a letter's own date at the right."""
    if re.match(r"^dated\b", line, re.I):
        return None
    match = _DATE_LINE_RE.match(squash(line))
    if not match or not parse_date(match["date"]):
        return None
    if at_the_right(line) and not line.isupper():
        return None  # a letter's date, printed at the right of its head
    time = parse_time(match["time"] or "") or parse_clock(following if len(following) < 30 else "")
    return parse_date(match["date"]), time


def at_the_right(line: str) -> bool:
    """Printed in the right half of the page, as a letter's own date and address are."""
    geometry = line.line if isinstance(line, Text) else None
    return bool(geometry and line.width and geometry.x0 > line.width * 0.5)


_HELD_RE = re.compile(
    r"\b(?:(?:was|were|is|are|will be|to be|shall be|being)\s+)?(?:held|convened)\b"
    r"|\bmet\b(?= (?:in|at|on)\b)",
    re.IGNORECASE,
)
_OTHER_MEETING_RE = re.compile(r"\b(?:previous|last|next|future|earlier|following)\b", re.I)


def _body_before(before: str) -> tuple[str | None, bool]:
    """The body named just before "held": after "meeting of", else the longest run of
    words ending there that reads as a body, or ending before "meeting" (the body named in
    passing, by its kind: "a Parish Council meeting was held")."""
    before = re.sub(r"\s+(?:their|its)$", "", before.strip(" ,"))
    of = re.search(r"\bmeeting of (?:the )?(.+)$", before, re.IGNORECASE)
    if of:
        return _longest_name(of[1]), False
    bare = re.sub(r"\s*\bmeeting$", "", before, flags=re.IGNORECASE)
    return _longest_name(bare), bare != before


def _longest_name(text: str) -> str | None:
    words = text.split()
    for start in range(max(0, len(words) - 12), len(words)):
        candidate = " ".join(words[start:])
        if words[start].lower() in {"of", "and", "&", "for", "on", "to", "in", "at"}:
            continue
        if body_name(candidate) or BACK_REFERENCE_RE.match(candidate) or is_generic(candidate):
            return candidate
    return None


def _time_in(clause: str) -> str | None:
    """The meeting's start in a "held" clause: not the time it closed or ran until."""
    for match in TIME_RE.finditer(clause):
        if not re.search(r"\b(?:closed|ended|finished|until|to|and)\s*$", clause[: match.start()]):
            return parse_time(match[0])
    return parse_clock(clause)


_VENUE_RE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?(?P<venue>(?![\d(])[A-Z][^.;]{2,120}?)"
    r"(?=,?\s+(?:on|at)\s+(?:\d|the\b|" + WEEKDAY + r")|,?\s+commencing\b|\s*$|\.\s)",
)


def _venue_in(clause: str) -> str | None:
    for match in _VENUE_RE.finditer(clause):
        venue = match["venue"].strip(" ,")
        if not DATE_RE.search(venue) and not TIME_RE.search(venue):
            return venue
    return None


def _cells(line: str) -> list[str]:
    geometry = line.line if isinstance(line, Text) else None
    if geometry and len(geometry.cells) > 1:
        return [cell.text for cell in geometry.cells]
    return [str(line)]
