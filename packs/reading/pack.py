"""Understand a pack from its page texts: documents, meeting, agenda, minutes, decisions."""

from __future__ import annotations

import re
from collections import Counter

from .documents import Segment, assign_items, split_documents, type_segments
from .errors import NotCouncilPaperError
from .frontsheet import (
    enquiries,
    letter_readings,
    meeting_readings,
    parse_agenda,
    parse_letter_meeting,
)
from .meeting import FIELD, Context, Reading, letterhead, letterhead_weight, title_readings, weigh
from .minutes import minutes_council, parse_minutes
from .model import (
    AgendaItem,
    DecisionRecord,
    Document,
    Meeting,
    Minutes,
    Page,
    ParsedPack,
    ReportDetails,
)
from .names import body_name
from .pages import describe_page, mark_running_lines
from .records import header_fields, parse_decision, parse_report, report_meeting
from .text import (
    DATE_RE,
    council_heading,
    parse_date,
    smart_title,
    squash,
)

_COUNCIL_RE = re.compile(
    r"\b((?:[A-Z][a-z]+|[A-Z]{2,})(?:[ -](?:[A-Z][a-z]+|[A-Z]{2,}|and|upon|on|of)){0,4}"
    r" (?:County|Borough|District|City|Metropolitan Borough|Town|Parish|Community|Unitary)"
    r" (?:Council|COUNCIL))"
    r"|\b([A-Z]{3,}(?: [A-Z]{3,}){0,3} (?:COUNTY|BOROUGH|DISTRICT|CITY|TOWN|PARISH|COMMUNITY)"
    r" COUNCIL)\b"
)
_COUNCIL_WORDS_RE = re.compile(
    r"\b(?:council|councillors?|cabinet|committee|local authority|gov\.uk|directorate|"
    r"proposer|seconder|equality impact|eqia|agenda|minutes)\b",
    re.IGNORECASE,
)
_NOT_PLACES = {
    "the",
    "of",
    "and",
    "budget",
    "full",
    "this",
    "each",
    "other",
    "our",
    "annual",
    "special",
    "extraordinary",
    "county",
    "borough",
    "district",
    "city",
    "town",
    "parish",
    "that",
    "a",
    "your",
    "every",
    "neighbouring",
    "relevant",
    "all",
    "both",
    "any",
    "local",
}


def parse_pages(
    pages: list[str],
    *,
    filename: str,
    sha256: str | None = None,
    committee: str | None = None,
    council: str | None = None,
    described: list[Page] | None = None,
    known: tuple[str, ...] = (),
) -> ParsedPack:
    """Parse a pack given the text of each page (physical order, 1-based numbering).

    ``council`` is the portal's council and ``known`` the committees it knows (names
    and aliases): both are among the candidates weighed for the meeting's body."""
    page_list = described or [describe_page(i, text) for i, text in enumerate(pages, start=1)]
    mark_running_lines(page_list)
    pack = ParsedPack(filename=filename, sha256=sha256, page_count=len(page_list), pages=page_list)
    pack.pages_without_text = [p.number for p in page_list if not p.has_text]
    segments = split_documents(page_list)
    for segment in segments:
        if segment.head:
            segment.type = segment.head

    pack.council = _council(segments) or _council_in_text(page_list[:30])
    context = Context(head=pack.council, council=council, known=known)
    pack.meeting, pack.agenda = _meeting_and_agenda(segments, pack, context)
    meeting_date = pack.meeting.date if pack.meeting else None
    titles = [_preliminary_title(s, meeting_date) for s in segments]
    assign_items(segments, pack.agenda, titles)
    type_segments(segments)
    assign_items(segments, pack.agenda, titles)

    for segment in segments:
        pack.documents.append(_document(segment, pack, context))
    _attach_appendices(pack.documents)
    if pack.meeting is None:
        pack.meeting = _meeting_from_documents(pack, segments, context)
    if pack.meeting and not pack.meeting.body and committee:
        pack.meeting.body = committee
    structural = ("report", "frontsheet", "letter", "minutes", "decision", "appendix")
    found = pack.meeting or pack.agenda or pack.minutes or pack.decisions or pack.council
    if (
        not found
        and not any(d.type in structural for d in pack.documents)
        and not any(_COUNCIL_WORDS_RE.search(page.text) for page in page_list[:30])
    ):
        raise NotCouncilPaperError(
            f"{filename}: no meeting, agenda, minutes, report or decision found; "
            "this does not look like a council committee paper."
        )
    pack.council = pack.council or council
    _abstain_when_unsure(pack, known)
    return pack


def _abstain_when_unsure(pack: ParsedPack, known: tuple[str, ...]) -> None:
    """Every body the parser gives out reads as a body (``names.body_name``); a body or
    date that is not clearly the meeting's is left null with a warning: an empty field
    gets filled in by staff, a wrong one goes unnoticed."""
    meeting = pack.meeting
    first_page = pack.documents[0].start_page if pack.documents else 1
    for index, record in enumerate(pack.decisions):
        if record.decision_maker and not body_name(record.decision_maker, known):
            pack.warn(
                f"decisions[{index}].decision_maker",
                record.start_page,
                f'"{record.decision_maker}" does not read as the name of a decision maker.',
            )
            record.decision_maker = None
    for index, minutes in enumerate(pack.minutes):
        minutes.body = _checked(pack, f"minutes[{index}].body", minutes.start_page, minutes.body)
        if not (minutes.body and minutes.date):
            pack.warn(
                f"minutes[{index}]",
                minutes.start_page,
                "The minutes' heading gives no clear body and date: they are not linked to a "
                "meeting.",
            )
    for index, doc in enumerate(pack.documents):
        if doc.type == "other":
            pack.warn(
                f"documents[{index}]",
                doc.start_page,
                "Not recognised as a front sheet, report, appendix, minutes or decision record.",
            )
    if meeting is None:
        if pack.agenda or any(doc.type in ("frontsheet", "letter") for doc in pack.documents):
            pack.warn(
                "meeting",
                first_page,
                "No meeting is named clearly enough to import it "
                "into; the papers wait for staff to attach them to one.",
            )
        return
    meeting.body = _checked(pack, "meeting.body", first_page, meeting.body, known)
    if not meeting.body:
        pack.warn("meeting.body", first_page, "No committee or council is named for the meeting.")
    if not meeting.date:
        pack.warn("meeting.date", first_page, "No date is printed for the meeting.")


def _checked(
    pack: ParsedPack, where: str, page: int | None, body: str | None, known: tuple[str, ...] = ()
) -> str | None:
    """The body if it reads as one, else None and a warning that says why."""
    if not body:
        return None
    name = body_name(body, known)
    if name is None:
        pack.warn(
            where,
            page,
            f'"{body}" does not read as the name of a committee or council, so no body was '
            "taken; choose the committee when reviewing.",
        )
    return name


def _meeting_and_agenda(
    segments: list[Segment], pack: ParsedPack, context: Context
) -> tuple[Meeting | None, list[AgendaItem]]:
    """The meeting the front sheet and the covering letter announce, weighed from all
    they print of it, and the agenda of the first that lists one."""
    readings: list[Reading] = []
    agenda: list[AgendaItem] = []
    head = None
    seen: set[str] = set()
    enquiry = None
    first_page = None
    for segment in segments:
        if segment.type not in ("frontsheet", "letter") or segment.type in seen:
            continue
        seen.add(segment.type)
        lines = segment.all_lines()
        first_page = first_page or segment.start
        if segment.type == "frontsheet":
            readings += meeting_readings(_before_agenda(lines), context.known)
            agenda = agenda or parse_agenda(lines)
            head = head or letterhead(lines)
            enquiry = enquiry or enquiries(lines)
        else:
            readings += letter_readings(lines)
            agenda = agenda or parse_agenda(lines, letter=True)
    if not readings:
        return None, agenda
    readings = [r for r in readings if r.source != "the letterhead"] + (
        [Reading("the letterhead", letterhead_weight(head), body=head)] if head else []
    )
    decision = weigh(readings, context.with_head(head))
    for field_name, message in decision.warnings:
        pack.warn(field_name, first_page, message)
    if decision.meeting:
        decision.meeting.enquiries = enquiry
    return decision.meeting, agenda


def _before_agenda(lines: list[str]) -> list[str]:
    """A front sheet's lines down to its first agenda item: the meeting of an item's
    "Minutes of the meeting held on ..." is another."""
    for index, line in enumerate(lines):
        if index >= 3 and re.match(r"^\d{1,4}[a-z]?[.)]?\s+\S", line) and not DATE_RE.match(line):
            return lines[:index]
    return lines


def _preliminary_title(segment: Segment, meeting_date: str | None) -> str | None:
    """The title a document's header gives, to match against the agenda.

    A decision record dated other than this meeting records an earlier meeting's
    decision (attached to its minutes): its title says nothing about this agenda.
    """
    if segment.type not in ("report", "decision"):
        return None
    fields = header_fields(segment.lines)
    if segment.type == "decision" and meeting_date:
        dated = parse_date(fields.get("date") or "")
        if dated and dated != meeting_date:
            return None
    return fields.get("title")


def _document(segment: Segment, pack: ParsedPack, context: Context) -> Document:
    lines = segment.all_lines() if segment.type in ("minutes", "decision") else segment.lines
    doc = Document(
        type=segment.type,
        title=None,
        start_page=segment.start,
        end_page=segment.end,
        agenda_item=segment.agenda_item,
    )
    if segment.type == "frontsheet":
        meeting = pack.meeting
        doc.title = _join("Agenda", meeting.body if meeting else None, _date_words(meeting))
    elif segment.type == "letter":
        meeting = parse_letter_meeting(segment.lines)
        doc.title = _join(
            "Covering letter", meeting.body if meeting else None, _date_words(meeting)
        )
    elif segment.type == "minutes":
        minutes, decision = parse_minutes(lines, context)
        minutes.start_page, minutes.end_page = segment.start, segment.end
        index = len(pack.minutes)
        for field_name, message in decision.warnings:
            pack.warn(field_name.replace("meeting", f"minutes[{index}]"), segment.start, message)
        pack.minutes.append(minutes)
        doc.title = _join(
            f"Minutes of a meeting of the {minutes.body or 'meeting'}", None, _date_words(minutes)
        )
    elif segment.type == "decision":
        record = parse_decision(lines)
        record.agenda_item = segment.agenda_item or record.agenda_item
        doc.agenda_item = record.agenda_item
        previous = pack.decisions[-1] if pack.decisions else None
        if previous and record.agenda_item and not record.decision_maker:
            # The later records of a decision notice: the meeting is printed once, above
            # the first.
            record.decision_maker, record.date = previous.decision_maker, previous.date
        record.start_page, record.end_page = segment.start, segment.end
        pack.decisions.append(record)
        kind = (
            "Proposed Record of Decision" if record.status == "proposed" else "Record of Decision"
        )
        doc.title = " ".join(x for x in (kind, record.reference) if x)
        if record.title:
            doc.title += " - " + record.title
    elif segment.type == "report":
        doc.report = parse_report(segment.lines)
        doc.title = doc.report.title or _heading_lines(segment)
    else:
        doc.title = _first_heading(segment)
    return doc


def _attach_appendices(documents: list[Document]) -> None:
    """List each report's appendices: the appendix documents after it, same item."""
    report: Document | None = None
    for doc in documents:
        if doc.type == "report":
            report = doc
        elif doc.type == "appendix" and report and report.agenda_item == doc.agenda_item:
            if report.report is not None and doc.title:
                report.report.appendices.append(doc.title)
        elif doc.type not in ("appendix",):
            report = None


def _meeting_from_documents(
    pack: ParsedPack, segments: list[Segment], context: Context
) -> Meeting | None:
    """No front sheet or letter: the first report's header and title block, a decision
    notice's meeting, else the minutes' own meeting (and what was unclear about it)."""
    for doc, segment in zip(pack.documents, segments, strict=True):
        if doc.type == "report" and doc.report:
            readings = [
                r
                for r in title_readings(segment.lines, context.known)
                if r.source != "the letterhead"
            ]
            meeting = report_meeting(doc.report)
            if meeting:
                readings.append(Reading("the report's header", FIELD, meeting.body, meeting.date))
            decision = weigh(readings, context.with_head(letterhead(segment.lines)))
            for field_name, message in decision.warnings:
                pack.warn(field_name, segment.start, message)
            return decision.meeting
    records = [doc for doc in pack.documents if doc.type == "decision"]
    if records and len(records) == len(pack.documents) and pack.decisions:
        # A decision notice: every record decided at one meeting it names.
        first = pack.decisions[0]
        made_at = {(d.decision_maker, d.date) for d in pack.decisions}
        if len(made_at) == 1 and first.decision_maker and first.date and first.agenda_item:
            return Meeting(body=first.decision_maker, date=first.date)
    if pack.minutes and pack.documents and pack.documents[0].type == "minutes":
        minutes = pack.minutes[0]
        if minutes.date:
            for warning in list(pack.warnings):
                if warning.field.startswith("minutes[0]."):
                    field_name = warning.field.replace("minutes[0]", "meeting", 1)
                    pack.warn(field_name, warning.page, warning.message)
            return Meeting(
                body=minutes.body,
                date=minutes.date,
                start_time=minutes.start_time,
                venue=minutes.venue,
            )
    return None


def _council(segments: list[Segment]) -> str | None:
    """The authority whose letterhead heads the papers, else the one their documents name
    most often at their heads."""
    for segment in segments[:3]:
        found = council_heading(segment.lines[:8])
        if found:
            return found
    for segment in segments:
        if segment.type == "minutes":
            found = minutes_council(segment.lines)
            if found:
                return found
    counts: Counter[str] = Counter()
    for segment in segments[:60]:
        if segment.type == "frontsheet":
            continue
        for weight, line in ((3, x) for x in segment.lines[:6]):
            for match in _COUNCIL_RE.finditer(line):
                counts[smart_title(match[0])] += weight
        for line in segment.lines[6:80]:
            for match in _COUNCIL_RE.finditer(line):
                counts[smart_title(match[0])] += 1
    if not counts:
        return None
    for name, _count in counts.most_common():
        if name.split(" ")[0].lower() not in _NOT_PLACES:
            return name
    return None


def _council_in_text(pages: list[Page]) -> str | None:
    """Fallback: the council most often named anywhere in the first pages."""
    counts: Counter[str] = Counter()
    for page in pages:
        for match in _COUNCIL_RE.finditer(page.text.replace("\n", " ")):
            name = smart_title(squash(match[0]))
            if name.split(" ")[0].lower() not in _NOT_PLACES:
                counts[name] += 1
    return counts.most_common(1)[0][0] if counts else None


def _heading_lines(segment: Segment) -> str | None:
    """A report without a title field: its first short lines, as a heading."""
    heading = []
    for line in segment.lines[:4]:
        if len(line) > 60 or re.match(r"^\d+\.", line):
            break
        heading.append(line)
    return squash(" ".join(heading)) or _first_heading(segment)


def _first_heading(segment: Segment) -> str | None:
    for line in segment.lines[:8]:
        if len(line) >= 4 and not line.isdigit():
            return squash(line)[:200]
    return None


def _date_words(meeting) -> str | None:
    if meeting is None or not meeting.date:
        return None
    year, month, day = (int(x) for x in meeting.date.split("-"))
    months = "January February March April May June July August September October November December"
    return f"{day} {months.split()[month - 1]} {year}"


def _join(kind: str, body: str | None, when: str | None) -> str:
    tail = ", ".join(x for x in (body, when) if x)
    return f"{kind} - {tail}" if tail and body else (f"{kind} held on {when}" if when else kind)


def read_as(kind: str, pages: list[str]) -> ReportDetails | Minutes | DecisionRecord:
    """Read pages staff say are a paper of ``kind`` ("report", "minutes" or "decision"),
    whatever the import made of them: a report's header block, minutes' heading,
    attendance and numbered minutes, or a decision record's fields, as far as the text
    gives them."""
    lines = [line for text in pages for line in text.splitlines() if line.strip()]
    if kind == "minutes":
        return parse_minutes(lines)[0]
    if kind == "decision":
        return parse_decision(lines)
    return parse_report(lines)
