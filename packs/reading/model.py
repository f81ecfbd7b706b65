"""The parsed pack: plain dataclasses, and their JSON shape (schema ``council-pack/1``).

The dataclasses carry more than the JSON (page text, descriptions, decision details)
for the importer; ``ParsedPack.to_json()`` emits exactly the keys of the spec, in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .layout import Layout

SCHEMA = "council-pack/1"


@dataclass
class Page:
    """One physical page of the PDF."""

    number: int  # physical, 1-based
    text: str
    printed_number: int | None = None  # the pack's "Page N" footer
    banner: str | None = None  # "Agenda Item N" printed on the page
    blank: bool = False  # empty or "This page is intentionally left blank"
    has_text: bool = True  # False for a page with an image but no text layer
    running: tuple[str, ...] = ()  # running headers and footers, not content
    # Positioned lines, for the parse only: dropped before the pack leaves the parser.
    layout: Layout | None = field(default=None, repr=False, compare=False)
    content: tuple | None = field(default=None, repr=False, compare=False)  # lines once read


@dataclass
class Meeting:
    """The meeting the PDF was published for."""

    body: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD
    start_time: str | None = None  # HH:MM, 24-hour
    venue: str | None = None
    enquiries: str | None = None  # contact named for enquiries, as printed

    def to_json(self) -> dict:
        return {
            "body": self.body,
            "date": self.date,
            "start_time": self.start_time,
            "venue": self.venue,
        }


@dataclass
class AgendaItem:
    """One item of the agenda on a front sheet or covering letter."""

    number: str
    title: str
    pages: tuple[int, int] | None = None  # printed pack pages, inclusive
    exempt: bool = False
    description: str | None = None  # the paragraph printed under the title
    exempt_paragraph: str | None = None  # Schedule 12A paragraph, for exempt items

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "pages": list(self.pages) if self.pages else None,
            "exempt": self.exempt,
        }


@dataclass
class ReportDetails:
    """What a report's header block and recommendations say."""

    title: str | None = None
    report_from: str | None = None
    report_to: str | None = None  # decision maker or committee addressed
    date: str | None = None
    reference: str | None = None  # decision number, where printed
    key_decision: bool | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    recommendations: str | None = None
    appendices: list[str] = field(default_factory=list)


@dataclass
class Document:
    """A separate document within the PDF (front sheet, letter, report...)."""

    type: str  # frontsheet, letter, minutes, report, decision, appendix, other
    title: str | None
    start_page: int
    end_page: int
    agenda_item: str | None = None
    report: ReportDetails | None = None

    def to_json(self) -> dict:
        return {
            "type": self.type,
            "title": self.title,
            "agenda_item": self.agenda_item,
            "start_page": self.start_page,
            "end_page": self.end_page,
        }


@dataclass
class MinuteItem:
    """One numbered minute."""

    number: str | None
    title: str
    agenda_item: str | None = None  # "(Item 3)" where printed
    text: str = ""

    def to_json(self) -> dict:
        return {"number": self.number, "title": self.title, "agenda_item": self.agenda_item}


@dataclass
class Minutes:
    """A set of minutes: of the meeting minuted, not of this pack."""

    body: str | None = None
    date: str | None = None
    venue: str | None = None
    present: list[str] = field(default_factory=list)
    apologies: str | None = None
    items: list[MinuteItem] = field(default_factory=list)
    start_page: int | None = None
    end_page: int | None = None
    start_time: str | None = None  # of the meeting minuted, where the heading gives it
    exempt: bool = False  # headed as exempt ("EXEMPT MINUTES", "CONFIDENTIAL MINUTES")

    def to_json(self) -> dict:
        return {
            "body": self.body,
            "date": self.date,
            "present": list(self.present),
            "items": [item.to_json() for item in self.items],
        }


@dataclass
class DecisionRecord:
    """A record of decision, proposed or made."""

    reference: str | None = None
    title: str | None = None
    decision_maker: str | None = None
    date: str | None = None
    key_decision: bool | None = None
    status: str | None = None  # proposed, made
    agenda_item: str | None = None
    report_from: str | None = None
    decision: str | None = None
    reasons: str | None = None
    alternatives: str | None = None  # alternatives considered and rejected
    conflicts_of_interest: str | None = None
    dispensation: str | None = None
    urgency: str | None = None  # reason for urgency, as printed
    approved_by: str | None = None
    approved_date: str | None = None
    start_page: int | None = None
    end_page: int | None = None

    def to_json(self) -> dict:
        return {
            "reference": self.reference,
            "title": self.title,
            "decision_maker": self.decision_maker,
            "date": self.date,
            "key_decision": self.key_decision,
            "status": self.status,
            "agenda_item": self.agenda_item,
        }


@dataclass
class Warning:
    """Where the parser was unsure: what it left out or guessed, for the reviewer."""

    field: str  # a dotted path: "meeting.body", "documents[3]", "minutes[0].present"
    page: int | None
    message: str

    def to_json(self) -> dict:
        return {"field": self.field, "page": self.page, "message": self.message}


@dataclass
class ParsedPack:
    """Everything read from one PDF."""

    filename: str
    sha256: str | None
    page_count: int
    council: str | None = None
    meeting: Meeting | None = None
    agenda: list[AgendaItem] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    minutes: list[Minutes] = field(default_factory=list)
    decisions: list[DecisionRecord] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    pages_without_text: list[int] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)

    def warn(self, field_path: str, page: int | None, message: str) -> None:
        self.warnings.append(Warning(field_path, page, message))

    def to_json(self) -> dict:
        """The parsed-pack JSON object, keys in the spec's order."""
        return {
            "schema": SCHEMA,
            "source": {
                "filename": self.filename,
                "sha256": self.sha256,
                "page_count": self.page_count,
            },
            "council": self.council,
            "meeting": self.meeting.to_json() if self.meeting else None,
            "agenda": [item.to_json() for item in self.agenda],
            "documents": [doc.to_json() for doc in self.documents],
            "minutes": [minutes.to_json() for minutes in self.minutes],
            "decisions": [decision.to_json() for decision in self.decisions],
            "warnings": [warning.to_json() for warning in self.warnings],
        }
