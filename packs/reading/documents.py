"""Split a pack's pages into its documents and tie each to an agenda item.

A document starts on the first page, after a blank page (Modern.gov pads each document
to an even number of pages), on an "Agenda Item N" banner (not one the page before
carries too: a running banner goes on), on a page whose first lines
announce a new kind of document, where a running header stops, or where a page opens
like an earlier document did (a repeated form). Blank pages belong to the document
before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import AgendaItem, Page
from .pages import content_lines, head_of
from .text import norm_key

_NUMBERED_PARAGRAPH = r"^\d{1,2}\.\d{1,2}\.?\s+\S"


@dataclass
class Segment:
    """A run of pages forming one document, before it is typed and titled."""

    pages: list[Page]
    head: str | None  # kind announced by its first page
    first_line: str
    lines: list[str] = field(default_factory=list)  # content lines of its first pages
    type: str = "other"
    agenda_item: str | None = None

    @property
    def start(self) -> int:
        return self.pages[0].number

    @property
    def end(self) -> int:
        return self.pages[-1].number

    def all_lines(self) -> list[str]:
        out: list[str] = []
        for page in self.pages:
            if not page.blank:
                out.extend(content_lines(page))
        return out


def split_documents(pages: list[Page]) -> list[Segment]:
    """Group pages into documents."""
    segments: list[Segment] = []
    starts_seen: dict[str, str | None] = {}
    previous_blank = False
    page_firsts: list[str] = []  # first lines of the current segment's pages
    for page in pages:
        if page.blank:
            if segments:
                segments[-1].pages.append(page)
            else:
                segments.append(Segment([page], None, ""))
            previous_blank = True
            continue
        lines = content_lines(page)
        first = _first_line_key(lines)
        head = head_of(lines)
        current = segments[-1] if segments else None
        new = (
            current is None
            or previous_blank
            or (page.banner is not None and page.banner != current.pages[-1].banner)
            or (head is not None and not _continues(current, head, first))
            or _header_stops(page_firsts, first)
            or (
                first in starts_seen
                and first != current.first_line
                and len(first) > 8
                and not _ends_sentence(lines[0])
            )
        )
        if new:
            segments.append(Segment([page], head, first, lines[:80]))
            starts_seen.setdefault(first, head)
            page_firsts = [first]
        else:
            current.pages.append(page)
            if len(current.lines) < 80:
                current.lines.extend(lines[: 80 - len(current.lines)])
            page_firsts.append(first)
        previous_blank = False
    return _merge_front(segments)


def _continues(current: Segment, head: str, first: str) -> bool:
    """A head that repeats inside its own document: a front sheet's second page, or an
    appendix whose heading runs on every page."""
    if head != current.head:
        return False
    if head == "frontsheet":
        return True
    return head == "appendix" and _label(first) == _label(current.first_line)


def _ends_sentence(line: str) -> bool:
    """A short first line ending in a full stop is the tail of a sentence, not a heading."""
    return line.rstrip().endswith((".", ",", ";")) and len(line) < 60


def _label(key: str) -> str:
    """ "appendix f 2025 28 ..." -> "appendix f"."""
    return " ".join(key.split(" ")[:2])


def _first_line_key(lines: list[str]) -> str:
    return norm_key(lines[0])[:40] if lines else ""


def _header_stops(firsts: list[str], first: str) -> bool:
    """The current document's running header (same first line on 3+ pages) has stopped."""
    if len(firsts) < 3 or len(firsts[-1]) < 8:
        return False
    return firsts[-1] == firsts[-2] == firsts[-3] and first != firsts[-1]


def _merge_front(segments: list[Segment]) -> list[Segment]:
    """A summons cover and the agenda after it are one front sheet."""
    out: list[Segment] = []
    for segment in segments:
        if out and segment.head == out[-1].head == "frontsheet":
            out[-1].pages.extend(segment.pages)
            out[-1].lines.extend(segment.lines)
        else:
            out.append(segment)
    return out


def assign_items(segments: list[Segment], agenda: list[AgendaItem], titles: list[str]) -> None:
    """Tie each document to its agenda item: banner, a title the same as an item's,
    printed page range, a title like an item's, or the document before it.

    A title identical to an item's outranks the page range: a pack re-typeset (or one
    whose front sheet was not updated) keeps its titles but not its page numbers."""
    previous: str | None = None
    position = {item.number: index for index, item in enumerate(agenda)}
    for segment, title in zip(segments, titles, strict=True):
        if segment.type in ("frontsheet", "letter"):
            segment.agenda_item = None
            previous = None
            continue
        item = segment.pages[0].banner or _by_title(title, agenda, exact=True)
        if item is None:
            # Papers follow the agenda's order: a guess that goes back is a wrong guess.
            guesses = (_by_range(segment, agenda), _by_title(title, agenda))
            item = next(
                (
                    guess
                    for guess in guesses
                    if guess and position[guess] >= position.get(previous, 0)
                ),
                None,
            )
        if item is None and segment.type == "minutes":
            item = _minutes_item(agenda)
        item = item or previous
        segment.agenda_item = item
        previous = item


def _minutes_item(agenda: list[AgendaItem]) -> str | None:
    """The agenda item that takes the minutes of the previous meeting."""
    found = [item.number for item in agenda if re.search(r"\bminutes\b", item.title, re.I)]
    return found[0] if len(found) == 1 else None


def _by_range(segment: Segment, agenda: list[AgendaItem]) -> str | None:
    printed = next((p.printed_number for p in segment.pages if p.printed_number), None)
    if printed is None:
        return None
    for item in agenda:
        if item.pages and item.pages[0] <= printed <= item.pages[1]:
            return item.number
    return None


def _by_title(title: str | None, agenda: list[AgendaItem], exact: bool = False) -> str | None:
    if not title:
        return None
    key = norm_key(title)
    if len(key) < 8:
        return None
    for item in agenda:
        other = norm_key(item.title)
        if other and key == other:
            return item.number
        if not exact and other and len(other) > 12 and (other in key or key in other):
            return item.number
    return None


def type_segments(segments: list[Segment]) -> None:
    """Give each document its type: its head, a repeated form's type, or its place."""
    first_types: dict[str, str] = {}
    for index, segment in enumerate(segments):
        if segment.head:
            segment.type = segment.head
        elif segment.first_line in first_types and len(segment.first_line) > 8:
            segment.type = first_types[segment.first_line]
        elif (
            index
            and segments[index - 1].type in ("report", "appendix")
            and (segments[index - 1].agenda_item == segment.agenda_item)
        ):
            segment.type = "appendix"
        elif sum(1 for line in segment.lines if re.match(_NUMBERED_PARAGRAPH, line)) >= 3:
            segment.type = "report"
        else:
            segment.type = "other"
        first_types.setdefault(segment.first_line, segment.type)
