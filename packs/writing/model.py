"""What a generated sample pack holds: the facts a correct parser should read from its PDF."""

import datetime as dt
import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Meeting:
    """The meeting the pack was published for, as its front sheet or letter shows it."""

    body: str
    date: dt.date
    start_time: str | None  # "HH:MM", 24-hour; None where the PDF prints no time
    venue: str | None


@dataclass(frozen=True)
class AgendaItem:
    """One agenda item as printed on the front sheet or covering letter."""

    number: str
    title: str  # as printed, without "(Pages a - b)" or the description paragraph
    pages: tuple[int, int] | None  # printed pack pages; None where no range is printed
    exempt: bool = False
    exempt_paragraph: int | None = None  # Schedule 12A paragraph, for exempt items


@dataclass(frozen=True)
class Document:
    """A separate document of the pack, with 1-based physical pages of the PDF."""

    type: str  # frontsheet, letter, minutes, report, decision, appendix, other
    title: str
    start_page: int
    end_page: int  # includes a trailing "intentionally left blank" page
    agenda_item: str | None


@dataclass(frozen=True)
class MinuteItem:
    number: str
    title: str
    agenda_item: str | None  # the "(Item 3)" reference, None where none is printed


@dataclass(frozen=True)
class Minutes:
    """A set of minutes carried by the pack (of the previous meeting)."""

    body: str
    date: dt.date
    present: tuple[str, ...]  # names as printed, without "(Chairman)"
    apologies: tuple[str, ...]
    items: tuple[MinuteItem, ...]


@dataclass(frozen=True)
class Decision:
    """A decision record: an executive decision record (made) or a proposed record."""

    reference: str | None  # "26/00123"; None where the record prints none
    title: str
    decision_maker: str
    date: dt.date | None
    key_decision: bool | None  # None where the record does not say
    status: str  # "made" or "proposed"
    agenda_item: str | None


@dataclass
class SamplePack:
    """A generated PDF and a plain description of exactly what it shows."""

    filename: str
    pdf: bytes = field(repr=False)
    council: str
    meeting: Meeting
    agenda: list[AgendaItem]
    documents: list[Document]
    minutes: list[Minutes]
    decisions: list[Decision]
    page_count: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()

    def to_dict(self) -> dict:
        """The description in the parsed-pack JSON shape (schema council-pack/1)."""
        return {
            "schema": "council-pack/1",
            "source": {
                "filename": self.filename,
                "sha256": self.sha256,
                "page_count": self.page_count,
            },
            "council": self.council,
            "meeting": {
                "body": self.meeting.body,
                "date": self.meeting.date.isoformat(),
                "start_time": self.meeting.start_time,
                "venue": self.meeting.venue,
            },
            "agenda": [
                {
                    "number": a.number,
                    "title": a.title,
                    "pages": list(a.pages) if a.pages else None,
                    "exempt": a.exempt,
                }
                for a in self.agenda
            ],
            "documents": [
                {
                    "type": d.type,
                    "title": d.title,
                    "agenda_item": d.agenda_item,
                    "start_page": d.start_page,
                    "end_page": d.end_page,
                }
                for d in self.documents
            ],
            "minutes": [
                {
                    "body": m.body,
                    "date": m.date.isoformat(),
                    "present": list(m.present),
                    "items": [
                        {"number": i.number, "title": i.title, "agenda_item": i.agenda_item}
                        for i in m.items
                    ],
                }
                for m in self.minutes
            ],
            "decisions": [
                {
                    "reference": d.reference,
                    "title": d.title,
                    "decision_maker": d.decision_maker,
                    "date": d.date.isoformat() if d.date else None,
                    "key_decision": d.key_decision,
                    "status": d.status,
                    "agenda_item": d.agenda_item,
                }
                for d in self.decisions
            ],
        }
