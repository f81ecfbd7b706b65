"""Portal rows as OParl 1.1 objects (https://schema.oparl.org/1.1/), one method per type.

Every ``id`` is the object's own URL in the API. Each method is given a row from
``oparl.sources``, with what it embeds already fetched, and reads nothing more. A meeting
that is no longer public, and what it held, is written as deleted (``deleted``, with
``id``, ``type``, ``created`` and ``modified`` only), never with its content.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from decisions.models import DecisionRecord
from meetings.models import AgendaItem, Committee, Meeting, Member, Membership
from reports.models import Appendix, Report

SCHEMA = "https://schema.oparl.org/1.1/"


def moment(value: datetime.datetime | None) -> str | None:
    """A date-time as OParl writes it: to the second, with the offset."""
    return timezone.localtime(value).replace(microsecond=0).isoformat() if value else None


def day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _kept(fields: dict) -> dict:
    """Leave out what is unknown: OParl omits a property rather than write null."""
    return {name: value for name, value in fields.items() if value not in (None, "", [])}


class Writer:
    """Writes objects for one request: their URLs on the host it asked."""

    def __init__(self, request: HttpRequest):
        self.api = request.build_absolute_uri(reverse("oparl:system"))
        self.site = f"{request.scheme}://{request.get_host()}"

    def url(self, path: str) -> str:
        return f"{self.api}{path}"

    def web(self, row) -> str:
        return self.site + row.get_absolute_url()

    def _object(self, kind: str, path: str, row, **fields) -> dict:
        return _kept(
            {
                "id": self.url(path),
                "type": SCHEMA + kind,
                **fields,
                "created": moment(row.oparl_created),
                "modified": moment(row.oparl_modified),
            }
        )

    # The one council and its system.

    def system(self) -> dict:
        return _kept(
            {
                "id": self.api,
                "type": SCHEMA + "System",
                "oparlVersion": SCHEMA,
                "body": self.url("bodies/"),
                "name": f"{settings.COUNCIL_NAME} committee papers",
                "website": self.site + "/",
                "web": self.site + "/",
            }
        )

    def body(self, start: datetime.date | None) -> dict:
        return _kept(
            {
                "id": self.url("body/"),
                "type": SCHEMA + "Body",
                "system": self.api,
                "name": settings.COUNCIL_NAME,
                "website": self.site + "/",
                **{key: self.url(f"body/{name}/") for key, name in BODY_LISTS.items()},
                "legislativeTerm": [self.legislative_term(start)],
                "web": self.site + "/",
            }
        )

    def legislative_term(self, start: datetime.date | None) -> dict:
        """The portal records no elections, so its one term is its whole record: from the
        first public meeting on, not yet ended."""
        return _kept(
            {
                "id": self.url("legislative-term/"),
                "type": SCHEMA + "LegislativeTerm",
                "body": self.url("body/"),
                "name": "The council's record on this portal",
                "startDate": day(start),
            }
        )

    # Committees and councillors.

    def organization(self, committee: Committee) -> dict:
        return self._object(
            "Organization",
            f"organization/{committee.pk}/",
            committee,
            body=self.url("body/"),
            name=committee.name,
            membership=[self.url(f"membership/{m.pk}/") for m in committee.memberships.all()],
            organizationType="Gremium",
            classification=committee.get_kind_display(),
            web=self.web(committee),
        )

    def person(self, member: Member) -> dict:
        status = ["Current councillor" if member.is_current else "Former councillor"]
        return self._object(
            "Person",
            f"person/{member.pk}/",
            member,
            body=self.url("body/"),
            name=member.name,
            status=status,
            membership=[self.membership(m, embedded=True) for m in member.memberships.all()],
            web=self.web(member),
        )

    def membership(self, membership: Membership, *, embedded: bool = False) -> dict:
        return self._object(
            "Membership",
            f"membership/{membership.pk}/",
            membership,
            person=None if embedded else self.url(f"person/{membership.member_id}/"),
            organization=self.url(f"organization/{membership.committee_id}/"),
            role=membership.role,
            startDate=day(membership.start_date),
            endDate=day(membership.end_date),
        )

    # Meetings and their agendas.

    def deleted(self, kind: str, path: str, row) -> dict:
        """An object no longer public: that it is gone, and nothing else of it."""
        return _kept(
            {
                "id": self.url(f"{path}/{row.pk}/"),
                "type": SCHEMA + kind,
                "created": moment(row.oparl_created),
                "modified": moment(row.oparl_modified),
                "deleted": True,
            }
        )

    def meeting(self, meeting: Meeting) -> dict:
        zone = timezone.get_default_timezone()
        start = datetime.datetime.combine(meeting.date, meeting.start_time or datetime.time(), zone)
        return self._object(
            "Meeting",
            f"meeting/{meeting.pk}/",
            meeting,
            name=str(meeting),
            cancelled=meeting.is_cancelled,
            start=moment(start),
            # The papers give no time for some meetings: their start is the day's midnight.
            keyword=[] if meeting.start_time else ["start time not known"],
            location=self.location(meeting, embedded=True) if meeting.venue else None,
            organization=[self.url(f"organization/{meeting.committee_id}/")],
            agendaItem=[self.agenda_item(item, meeting) for item in meeting.public_items],
            web=self.web(meeting),
        )

    def location(self, meeting: Meeting, *, embedded: bool = False) -> dict:
        return self._object(
            "Location",
            f"location/{meeting.pk}/",
            meeting,
            description=meeting.venue,
            meetings=None if embedded else [self.url(f"meeting/{meeting.pk}/")],
        )

    def agenda_item(self, item: AgendaItem, meeting: Meeting | None = None) -> dict:
        """An item; embedded in ``meeting``, it takes the meeting's times."""
        reports, stamps = item.public_reports, meeting or item
        return self._object(
            "AgendaItem",
            f"agenda-item/{item.pk}/",
            stamps,
            meeting=self.url(f"meeting/{item.meeting_id}/"),
            number=item.number,
            order=item.order,
            name=item.title,
            public=not item.is_exempt,
            consultation=self.url(f"consultation/{reports[0].pk}/") if reports else None,
            auxiliaryFile=[self.report_file(report, embedded=stamps) for report in reports],
            web=self.web(item),
        )

    def consultation(self, report: Report, *, embedded: bool = False) -> dict:
        item = report.agenda_item
        return self._object(
            "Consultation",
            f"consultation/{report.pk}/",
            report,
            paper=None if embedded else self.url(f"paper/report/{report.pk}/"),
            agendaItem=self.url(f"agenda-item/{item.pk}/"),
            meeting=self.url(f"meeting/{item.meeting_id}/"),
            organization=[self.url(f"organization/{report.document.meeting.committee_id}/")],
        )

    # Papers and their files.

    def report(self, report: Report) -> dict:
        meeting = report.document.meeting
        return self._object(
            "Paper",
            f"paper/report/{report.pk}/",
            report,
            body=self.url("body/"),
            name=report.title,
            date=day(meeting.date),
            paperType="Report",
            mainFile=self.report_file(report, embedded=report),
            auxiliaryFile=[
                self.appendix_file(appendix, embedded=report)
                for appendix in report.public_appendices
            ],
            consultation=[self.consultation(report, embedded=True)] if report.agenda_item else [],
            underDirectionOf=[self.url(f"organization/{meeting.committee_id}/")],
            web=self.web(report),
        )

    def decision(self, record: DecisionRecord) -> dict:
        has_file = record.document_id and record.first_page
        return self._object(
            "Paper",
            f"paper/decision/{record.pk}/",
            record,
            body=self.url("body/"),
            name=record.title,
            reference=record.reference,
            date=day(record.date),
            paperType=f"Decision record ({record.get_status_display()})",
            mainFile=self.decision_file(record, embedded=record) if has_file else None,
            web=self.web(record),
        )

    # A file embedded in an object (``embedded``) takes that object's times.

    def _file(self, kind: str, paper, name: str, paper_url: str, embedded) -> dict:
        pdf = self.site + paper.get_pdf_url()
        return self._object(
            "File",
            f"file/{kind}/{paper.pk}/",
            embedded or paper,
            name=name,
            fileName=f"{kind}-{paper.pk}.pdf",
            mimeType="application/pdf",
            accessUrl=pdf,
            downloadUrl=pdf,
            paper=None if embedded else [paper_url],
        )

    def report_file(self, report: Report, *, embedded=None) -> dict:
        url = self.url(f"paper/report/{report.pk}/")
        return self._file("report", report, report.title, url, embedded)

    def appendix_file(self, appendix: Appendix, *, embedded=None) -> dict:
        url = self.url(f"paper/report/{appendix.report_id}/")
        return self._file("appendix", appendix, str(appendix), url, embedded)

    def decision_file(self, record: DecisionRecord, *, embedded=None) -> dict:
        url = self.url(f"paper/decision/{record.pk}/")
        return self._file("decision", record, record.title, url, embedded)


# The body's external lists: OParl's property, our path under body/.
BODY_LISTS = {
    "organization": "organizations",
    "person": "persons",
    "membership": "memberships",
    "meeting": "meetings",
    "agendaItem": "agenda-items",
    "paper": "papers",
    "consultation": "consultations",
    "file": "files",
    "locationList": "locations",
    "legislativeTermList": "legislative-terms",
}
