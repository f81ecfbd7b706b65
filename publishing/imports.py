"""Importing a committee pack: the one way a PDF becomes meetings, items and papers.

``pack_import`` is called by the ``import_pack`` command, the demo and the background
task (``import_upload``) alike. It parses first (reading only the file, in a child
process), then writes everything in one transaction: a failed import leaves the database,
and the stored files, as they were. Importing the same file twice changes nothing
(matched by SHA-256, or by its text for the same pack saved again). Uploads, their retries
and the recovery of imports whose worker died live here too.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from decisions.models import DecisionRecord
from meetings.models import AgendaItem, Attendance, Committee, Meeting, Member
from packs import reading
from reports.models import Appendix, Document, MinuteItem, Minutes, Page, Report
from reports.storage import local_copy
from search.index import store_page_words

from . import isolation
from .cuts import meeting_pdfs_changed
from .exemption import ExemptCarry, exemption_spread
from .models import AuditEntry, Upload
from .pictures import draw_pictures
from .services import meeting_corrected, meeting_publish
from .tables import read_tables

PAGE_BATCH = 500


@dataclass
class PackImport:
    """What one import did, for the command's summary line and the status page."""

    document: Document
    meeting: Meeting | None
    created: bool
    items: int = 0
    documents: int = 0
    minutes: int = 0
    decisions: int = 0
    pages_without_text: tuple[int, ...] = ()
    seconds: float = 0.0
    labelled: list = field(default_factory=list)  # public meetings whose labels it raised

    def summary(self) -> str:
        if not self.created:
            return f"{self.document.original_name}: already imported, nothing changed"
        where = str(self.meeting) if self.meeting else "no meeting named"
        counts = ", ".join(
            f"{n} {one if n == 1 else many}"
            for n, one, many in (
                (self.items, "item", "items"),
                (self.documents, "paper", "papers"),
                (self.minutes, "set of minutes", "sets of minutes"),
                (self.decisions, "decision", "decisions"),
                (self.document.page_count, "page", "pages"),
            )
        )
        line = f"{self.document.original_name}: {where}; {counts} in {self.seconds:.1f} s"
        if self.pages_without_text:
            line += f"; no text on pages {reading.format_page_list(self.pages_without_text)}"
        return line


def pack_import(
    *,
    source: Path | bytes,
    filename: str | None = None,
    committee: str | None = None,
    publish: bool = False,
    uploaded_by=None,
    progress: Callable[[int, int], None] | None = None,
    meeting: Meeting | None = None,
    keep: ExemptCarry | None = None,
) -> PackImport:
    """Import one PDF (a path, or the bytes of an upload). Raises ``reading.PackError``.

    ``progress(done, total)`` follows the reading of the pages, the long part.
    ``meeting`` is the meeting staff said the PDF is for; it wins over the one printed.
    ``keep`` is the exempt labels of the version it replaces, which it keeps.
    """
    started = time.perf_counter()
    name = filename or (source.name if isinstance(source, Path) else "upload.pdf")
    pack = isolation.parse_pdf(
        source,
        filename=name,
        committee=committee,
        council=settings.COUNCIL_NAME,
        max_bytes=settings.PACK_MAX_BYTES,
        progress=progress,
        known=known_committees(),
    )
    fingerprint = text_fingerprint(pack.pages)
    same = Q(sha256=pack.sha256)
    if fingerprint:
        same |= Q(text_sha256=fingerprint, page_count=pack.page_count)
    existing = Document.objects.filter(same).select_related("meeting").first()
    if existing:
        return PackImport(document=existing, meeting=existing.meeting, created=False)

    stored = _store(source, name)
    try:
        with transaction.atomic():
            result = _write_pack(pack, stored, name, committee, uploaded_by, meeting, keep)
            Document.objects.filter(pk=result.document.pk).update(text_sha256=fingerprint)
            for public in result.labelled:
                # A later pack may hide what is public now (an item it prints as exempt):
                # the public pages, search and cuts follow at once, before any publishing.
                meeting_corrected(public, [], by=uploaded_by)
            if publish and result.meeting:
                meeting_publish(result.meeting)
            if result.meeting:
                meeting_pdfs_changed(result.meeting)
    except BaseException:
        Document.file.field.storage.delete(stored)
        raise
    result.seconds = time.perf_counter() - started
    store_page_words.enqueue(result.document.pk)
    read_tables.enqueue(result.document.pk)
    return result


def known_committees() -> tuple[str, ...]:
    """The committees the portal knows, by every name, for the parser to weigh; none when
    there is no database yet (a dry run from a fresh checkout)."""
    try:
        return Committee.objects.known_names()
    except DatabaseError:
        return ()


def text_fingerprint(pages) -> str:
    """The SHA-256 of a pack's text, page by page, or "" when it has too little text to
    tell one file from another (a scan)."""
    texts = [" ".join(page.text.split()) for page in pages]
    if sum(map(len, texts)) < 500:
        return ""
    return hashlib.sha256("\f".join(texts).encode()).hexdigest()


def storage_name(name: str) -> str:
    """A short, ASCII file name to store an upload under, whatever it was called.

    The name as uploaded may run past the filesystem's 255 bytes (200 "é" are 400), so
    files are stored as a slug of it cut to 80 characters with a random suffix; the name
    as uploaded is kept in ``original_name`` for pages and downloads.
    """
    slug = slugify(Path(name).stem)[:80].strip("-_") or "upload"
    return f"{slug}-{secrets.token_hex(4)}.pdf"


def _store(source: Path | bytes, name: str) -> str:
    """Save the original PDF where documents are kept; returns its name in storage."""
    field = Document.file.field
    target = field.generate_filename(None, storage_name(name))
    if isinstance(source, bytes):
        return field.storage.save(target, ContentFile(source), max_length=field.max_length)
    with open(source, "rb") as handle:
        return field.storage.save(target, File(handle), max_length=field.max_length)


def _write_pack(pack, stored, name, committee_name, uploaded_by, chosen, keep) -> PackImport:
    meeting = chosen
    if (
        meeting is None
        and pack.meeting
        and pack.meeting.date
        and (committee_name or pack.meeting.body)
    ):
        meeting = _meeting(
            committee_name or pack.meeting.body,
            pack.meeting.date,
            pack.meeting.start_time,
            venue=pack.meeting.venue or "",
            enquiries=pack.meeting.enquiries or "",
        )
    document = Document(
        meeting=meeting,
        kind=_kind(pack),
        sha256=pack.sha256,
        original_name=name[:300],
        page_count=pack.page_count,
        uploaded_by=uploaded_by,
        file=stored,
        warnings=[warning.to_json() for warning in pack.warnings],
        parts=[part.to_json() for part in pack.documents],
    )
    document.save()
    Page.objects.bulk_create(
        (
            Page(
                document=document,
                number=page.number,
                printed_number=page.printed_number,
                text=page.text.replace("\x00", ""),
            )
            for page in pack.pages
        ),
        batch_size=PAGE_BATCH,
    )
    result = PackImport(document=document, meeting=meeting, created=True)
    result.pages_without_text = tuple(pack.pages_without_text)
    _write_contents(result, pack, committee_name, keep)
    return result


def _kind(pack) -> str:
    types = {doc.type for doc in pack.documents}
    if "letter" in types:
        return Document.Kind.SUPPLEMENTARY_PACK
    if "frontsheet" in types:
        return Document.Kind.MAIN_PACK
    return Document.Kind.SINGLE


def _write_contents(result: PackImport, pack, committee_name, keep) -> None:
    """Write what a parsed pack holds into its document: the agenda, reports and
    appendices, minutes with their attendance, decision records; then its exempt labels."""
    document, meeting = result.document, result.meeting
    items, told = _write_agenda(meeting, pack.agenda, document) if meeting else ({}, [])
    if told:
        document.warnings = [*document.warnings, *told]
        document.save(update_fields=["warnings"])
    result.items = len(pack.agenda)
    result.documents = len(pack.documents)
    _write_papers(document, pack.documents, items, pack.pages)
    minutes_items = {
        (doc.start_page, doc.end_page): items.get(doc.agenda_item)
        for doc in pack.documents
        if doc.type == "minutes" and doc.agenda_item
    }
    for parsed in pack.minutes:
        _write_minutes(
            document,
            parsed,
            committee_name or (meeting and meeting.committee.name),
            minutes_items.get((parsed.start_page, parsed.end_page)),
        )
        result.minutes += 1
    result.decisions = _write_decisions(document, pack.decisions, meeting, items)
    if keep is not None:
        keep.onto(document)
    result.labelled = _labels_follow(document, meeting)


def _labels_follow(document: Document, meeting: Meeting | None) -> list[Meeting]:
    """Raise exempt labels over every meeting the pack's papers touch (its own, those its
    minutes and decision records are of, and those of the items its records decide).
    Returns those of them the public can see, whose pages must follow at once."""
    touched = {meeting} if meeting else set()
    touched.update(m.meeting for m in document.minutes.select_related("meeting"))
    for record in DecisionRecord.objects.filter(
        Q(document=document) | Q(made_as__document=document)
    ).select_related("meeting", "agenda_item__meeting"):
        touched.update({record.meeting, record.agenda_item and record.agenda_item.meeting})
    touched.discard(None)
    exemption_spread(*touched)
    return [m for m in touched if m.is_public]


def _meeting(body, date, start_time, *, venue="", enquiries="") -> Meeting:
    """The meeting of ``body`` on ``date``, created (as a draft) when the portal lacks it."""
    committee = Committee.objects.named_or_new(body)
    day = datetime.date.fromisoformat(date)
    at = datetime.time.fromisoformat(start_time) if start_time else None
    meeting = Meeting.objects.on(committee, day, at) or Meeting.objects.create(
        committee=committee, date=day, start_time=at
    )
    changed = False
    for name, value in (("start_time", at), ("venue", venue), ("enquiries", enquiries)):
        if value and not getattr(meeting, name):
            setattr(meeting, name, value)
            changed = True
    if changed:
        meeting.save()
    return meeting


def _paragraph(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 7 else None


def _write_agenda(
    meeting: Meeting, agenda, document: Document
) -> tuple[dict[str, AgendaItem], list[dict]]:
    """The meeting's agenda items by number, and warnings for the review page; a
    supplementary pack adds, never duplicates.

    A front sheet's order is the agenda's order; items known only from a supplementary
    pack fall into place by number. A new item belongs to ``document``: it is public
    when that document is. A pack that prints an existing item as exempt makes it exempt
    (moved into private session), at once; one that prints an exempt item as open does not
    open it. Either way the review page says so.
    """
    authoritative = document.kind == Document.Kind.MAIN_PACK
    items = {item.number: item for item in meeting.agenda_items.all()}
    told = []
    spare = max((item.order for item in items.values()), default=0) + len(agenda) + 1
    new = []
    for parsed in agenda:
        paragraph = _paragraph(parsed.exempt_paragraph) if parsed.exempt else None
        held = items.get(parsed.number)
        if held is not None:
            told += _item_exemption(held, parsed.exempt, paragraph)
            continue
        first, last = parsed.pages or (None, None)
        if first is not None and last is not None and first > last:
            first, last = last, first
        items[parsed.number] = AgendaItem(
            meeting=meeting,
            document=document,
            number=parsed.number[:20],
            order=spare,
            title=parsed.title[:500],
            description=parsed.description or "",
            first_page=first,
            last_page=last,
            is_exempt=parsed.exempt,
            exempt_paragraph=paragraph,
        )
        new.append(items[parsed.number])
        spare += 1
    printed = [p.number for p in agenda] if authoritative else []
    ranked = sorted(
        items.values(),
        key=lambda item: (
            printed.index(item.number) if item.number in printed else len(printed),
            _number_key(item.number),
        ),
    )
    if all(item.order == place for place, item in enumerate(ranked, 1) if item.pk is not None):
        # The items held stay where they are (a first pack holds none): the new ones are
        # written in their places, with nothing to move.
        for place, item in enumerate(ranked, 1):
            item.order = place
    AgendaItem.objects.bulk_create(new)
    if [item.order for item in ranked] != list(range(1, len(ranked) + 1)):
        # Two passes, so that no two items ever hold the same place on the way.
        for offset in (spare, 0):
            for position, item in enumerate(ranked, start=1):
                item.order = offset + position
            AgendaItem.objects.bulk_update(ranked, ["order"])
    return items, told


def _item_exemption(item: AgendaItem, exempt: bool, paragraph: int | None) -> list[dict]:
    """A later pack's word on an existing item's exemption: exempt wins; open is only
    told. Returns the warning for the review page, if any. An item this pack printed
    already is written with its label, once the agenda is read."""
    if exempt and not item.is_exempt:
        item.is_exempt = True
        item.exempt_paragraph = paragraph
        if item.pk is not None:
            item.save(update_fields=["is_exempt", "exempt_paragraph"])
        return [
            _told(
                f"This pack prints item {item.number} “{item.title}” as exempt"
                + (f" (paragraph {paragraph})" if paragraph else "")
                + ": it was open, and is now exempt, with its papers, from the public."
            )
        ]
    if not exempt and item.is_exempt:
        return [
            _told(
                f"This pack prints item {item.number} “{item.title}” as open, but it is "
                "exempt: it stays exempt. If it really is open now, use “Make public”."
            )
        ]
    return []


def _told(message: str) -> dict:
    return {"field": "agenda", "page": None, "message": message}


def _number_key(number: str) -> tuple:
    """Sort "2" < "7" < "7a" < "10" < "A", as agendas are numbered."""
    digits = "".join(itertools.takewhile(str.isdigit, number))
    return (0, int(digits), number[len(digits) :]) if digits else (1, 0, number)


def _write_papers(document: Document, documents, items: dict[str, AgendaItem], pages) -> None:
    """Reports and appendices cut from the document; an appendix joins the report before it.
    Pages the parser could not type are a report of their item, unless they are near-empty
    (``reading.near_empty``): a placeholder ("Document is Restricted", "to follow") is no
    paper, and staff are told of its pages as of any the import could not place."""
    reports: list[Report] = []
    appendices: list[Appendix] = []
    report: Report | None = None
    by_number = {page.number: page for page in pages}
    for parsed in documents:
        item = items.get(parsed.agenda_item) if parsed.agenda_item else None
        held = [
            by_number[n] for n in range(parsed.start_page, parsed.end_page + 1) if n in by_number
        ]
        untyped_paper = parsed.type == "other" and item and not reading.near_empty(held)
        if parsed.type == "appendix" and report and report.agenda_item == item:
            title = parsed.title or "Appendix"
            appendices.append(
                Appendix(
                    report=report,
                    document=document,
                    label=_appendix_label(title),
                    title=title[:500],
                    first_page=parsed.start_page,
                    last_page=parsed.end_page,
                )
            )
        elif parsed.type in ("report", "appendix") or untyped_paper:
            details = parsed.report or reading.ReportDetails()
            contact = ", ".join(x for x in (details.contact_name, details.contact_email) if x)
            report = Report(
                document=document,
                agenda_item=item,
                title=(details.title or parsed.title or "Report")[:500],
                report_from=(details.report_from or "")[:300],
                contact=contact[:300],
                recommendations=details.recommendations or "",
                first_page=parsed.start_page,
                last_page=parsed.end_page,
            )
            reports.append(report)
        elif parsed.type != "decision":
            # A proposed record of decision may sit between a report and its appendices.
            report = None
    Report.objects.bulk_create(reports)
    # Each appendix takes its report's primary key, known now, as it is saved.
    Appendix.objects.bulk_create(appendices)


def _appendix_label(title: str) -> str:
    words = title.split()
    if len(words) >= 2 and words[0].lower() == "appendix":
        return f"Appendix {words[1].rstrip(':.-–')}"[:50]
    return ""


def _write_minutes(document: Document, parsed, fallback_body: str | None, presented_under):
    body = parsed.body or fallback_body
    if not (body and parsed.date):
        return
    meeting = _meeting(body, parsed.date, None, venue=parsed.venue or "")
    first = parsed.start_page or 1
    if Minutes.objects.filter(document=document, first_page=first).exists():
        return
    minutes = Minutes.objects.create(
        meeting=meeting,
        document=document,
        first_page=first,
        last_page=parsed.end_page or first,
        agenda_item=presented_under,
        is_exempt=parsed.exempt,
    )
    _minutes_contents(minutes, parsed)


def _minutes_contents(minutes: Minutes, parsed) -> None:
    """The numbered minutes and the attendance a set of minutes reads as."""
    items = {item.number: item for item in minutes.meeting.agenda_items.all()}
    MinuteItem.objects.bulk_create(
        MinuteItem(
            minutes=minutes,
            number=(item.number or "")[:20],
            order=order,
            heading=item.title[:500],
            agenda_item=items.get(item.agenda_item) if item.agenda_item else None,
            text=item.text,
        )
        for order, item in enumerate(parsed.items, start=1)
    )
    members = {member.pk: member for member in map(_member, dict.fromkeys(parsed.present))}
    Attendance.objects.bulk_create(
        Attendance(
            minutes=minutes,
            meeting=minutes.meeting,
            member=member,
            status=Attendance.Status.PRESENT,
        )
        for member in members.values()
    )


def _member(name: str) -> Member:
    return Member.objects.named_or_new(name)


def _write_decisions(document, decisions, meeting, items) -> int:
    """The decision records, in one insert; a reference already held with the same status
    (a record imported from another file) is left alone. Each made record is then linked
    from its proposal, whichever of the two came first."""
    held = set(
        DecisionRecord.objects.filter(
            reference__in=[d.reference for d in decisions if d.reference]
        ).values_list("reference", "status")
    )
    first_reports = {}
    for report in Report.objects.filter(document=document, agenda_item__isnull=False).order_by(
        "-first_page"
    ):
        first_reports[report.agenda_item_id] = report
    meetings: dict[tuple, Meeting | None] = {}
    records = []
    for parsed in decisions:
        status = parsed.status or DecisionRecord.Status.MADE
        reference = (parsed.reference or "")[:50]
        if reference and (reference, status) in held:
            continue
        held.add((reference, status))
        key = (parsed.decision_maker, parsed.date, parsed.status)
        if key not in meetings:
            meetings[key] = _decision_meeting(parsed, meeting)
        decided_at = meetings[key]
        # The item a record is printed under is the item it decides only at this meeting;
        # records of an earlier meeting ride along with that meeting's minutes, and are
        # exempt when printed under an exempt item.
        printed_under = items.get(parsed.agenda_item) if parsed.agenda_item else None
        agenda_item = printed_under if decided_at == meeting else None
        records.append(
            DecisionRecord(
                reference=reference,
                title=(parsed.title or "Decision")[:500],
                decision_maker=(
                    parsed.decision_maker or (meeting and meeting.committee.name) or ""
                )[:200],
                date=datetime.date.fromisoformat(parsed.date) if parsed.date else None,
                status=status,
                meeting=decided_at,
                agenda_item=agenda_item,
                report=first_reports.get(agenda_item.pk) if agenda_item else None,
                **_decision_words(parsed),
                is_exempt=bool(printed_under and printed_under.is_exempt),
                document=document,
                first_page=parsed.start_page,
                last_page=parsed.end_page,
            )
        )
    DecisionRecord.objects.bulk_create(records)
    DecisionRecord.objects.filter(
        Q(reference__in={r.reference for r in records if r.reference})
        | Q(title__in={r.title for r in records})
    ).link_proposals()
    return len(records)


def _decision_words(parsed) -> dict:
    """A decision record's fields as its pages print them (``reading.Decision``)."""
    urgency = parsed.urgency or ""
    return {
        "is_key_decision": bool(parsed.key_decision),
        "decision": parsed.decision or "",
        "reasons": parsed.reasons or "",
        "alternatives_rejected": parsed.alternatives or "",
        "conflicts_of_interest": parsed.conflicts_of_interest or "",
        "dispensation": parsed.dispensation or "",
        "urgency": urgency,
        "call_in_exempt": DecisionRecord.is_urgent(urgency),
        "approved_by": (parsed.approved_by or "")[:300],
    }


def _decision_meeting(parsed, meeting: Meeting | None) -> Meeting | None:
    """The meeting that took (or will take) the decision, when the portal holds it."""
    if parsed.date and parsed.decision_maker:
        found = Meeting.objects.filter(
            committee__in=Committee.objects.named(parsed.decision_maker),
            date=datetime.date.fromisoformat(parsed.date),
        ).first()
        if found:
            return found
    if meeting and parsed.status == "proposed":
        return meeting
    if meeting and not parsed.date:
        return meeting
    return None


PAPER_KINDS = {
    "report": "a report",
    "appendix": "an appendix to a report",
    "minutes": "minutes",
    "decision": "a decision record",
}


@transaction.atomic
def paper_from_pages(
    document: Document,
    *,
    first: int,
    last: int,
    kind: str,
    title: str = "",
    agenda_item: AgendaItem | None = None,
    report: Report | None = None,
    minuted: Meeting | None = None,
    by=None,
):
    """Make pages a paper, whatever the import made of them: a report, an appendix to
    ``report``, minutes (of ``minuted``, or of the meeting their heading names, or of the
    document's) or a decision record. Its fields are read from the pages' text as that
    kind of paper (``reading.read_as``), staff's title first; exempt labels follow its
    pages. Returns the paper."""
    texts = list(
        document.pages.filter(number__gte=first, number__lte=last).values_list("text", flat=True)
    )
    meeting = document.meeting
    if kind == "appendix":
        title = title or "Appendix"
        paper = Appendix.objects.create(
            report=report,
            document=document,
            label=_appendix_label(title),
            title=title[:500],
            first_page=first,
            last_page=last,
        )
    elif kind == "minutes":
        read = reading.read_as("minutes", texts)
        if minuted is None and read.body and read.date:
            minuted = _meeting(read.body, read.date, read.start_time, venue=read.venue or "")
        paper = Minutes.objects.create(
            meeting=minuted or meeting,
            document=document,
            first_page=first,
            last_page=last,
            agenda_item=agenda_item,
            is_exempt=read.exempt,
        )
        _minutes_contents(paper, read)
    elif kind == "decision":
        read = reading.read_as("decision", texts)
        paper = DecisionRecord.objects.create(
            reference=(read.reference or "")[:50],
            title=(title or read.title or "Decision")[:500],
            decision_maker=(read.decision_maker or meeting.committee.name)[:200],
            date=datetime.date.fromisoformat(read.date) if read.date else None,
            status=read.status or DecisionRecord.Status.MADE,
            meeting=meeting,
            agenda_item=agenda_item,
            **_decision_words(read),
            document=document,
            first_page=first,
            last_page=last,
        )
    else:
        read = reading.read_as("report", texts)
        contact = ", ".join(x for x in (read.contact_name, read.contact_email) if x)
        paper = Report.objects.create(
            document=document,
            agenda_item=agenda_item,
            title=(title or read.title or "Report")[:500],
            report_from=(read.report_from or "")[:300],
            contact=contact[:300],
            recommendations=read.recommendations or "",
            first_page=first,
            last_page=last,
        )
    meeting_corrected(
        meeting,
        [f"Pages {first}-{last} of {document.original_name} made {PAPER_KINDS[kind]}: “{paper}”"],
        by=by,
    )
    return paper


def upload_create(
    *,
    file,
    by,
    meeting: Meeting | None = None,
    committee: str = "",
    replaces: Document | None = None,
) -> Upload:
    """Keep an uploaded PDF and queue its import in the background."""
    upload = Upload(
        original_name=Path(file.name).name[:300],
        size=file.size,
        meeting=meeting,
        committee=committee,
        replaces=replaces,
        uploaded_by=by,
    )
    upload.file.save(storage_name(upload.original_name), file, save=False)
    upload.save()
    AuditEntry.record(
        AuditEntry.Action.UPLOAD,
        f"Uploaded {upload.original_name} ({upload.size / 1e6:.1f} MB)",
        actor=by,
        meeting=meeting,
    )
    _enqueue(upload)
    return upload


def _enqueue(upload: Upload) -> None:
    task = import_upload.enqueue(upload.pk)
    try:
        upload.task_id = uuid.UUID(task.id)  # django-tasks-db's; others need no link
    except ValueError:
        upload.task_id = None
    upload.save(update_fields=["task_id"])


def upload_retry(upload: Upload, *, by) -> Upload:
    """Queue the import of a failed upload again, from the file it stored; it may be
    started again by itself once more should this worker die too."""
    upload.status = Upload.Status.QUEUED
    upload.pages_done = upload.pages_total = 0
    upload.message = ""
    upload.finished_at = None
    upload.heartbeat_at = timezone.now()
    upload.restarts = 0
    upload.save(
        update_fields=[
            "status",
            "pages_done",
            "pages_total",
            "message",
            "finished_at",
            "heartbeat_at",
            "restarts",
        ]
    )
    AuditEntry.record(
        AuditEntry.Action.UPLOAD,
        f"Queued the import of {upload.original_name} again",
        actor=by,
        meeting=upload.meeting,
    )
    _enqueue(upload)
    return upload


class Heartbeat:
    """Beat an upload's ``heartbeat_at`` every ``IMPORT_HEARTBEAT_SECONDS`` from a thread
    of its own while the import runs, whatever it is doing (reading one slow page, or
    writing in a long transaction), so that a silent import means a dead worker. On
    SQLite a beat waits at most half a second for the write lock, and is otherwise
    skipped: the next one will do."""

    def __init__(self, upload_id: int):
        self.upload_id = upload_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(
            target=self._beat, name=f"heartbeat-{upload_id}", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(settings.IMPORT_HEARTBEAT_SECONDS):
                try:
                    if connection.vendor == "sqlite":
                        with connection.cursor() as cursor:
                            cursor.execute("PRAGMA busy_timeout = 500")
                    Upload.objects.filter(pk=self.upload_id).update(heartbeat_at=timezone.now())
                except DatabaseError:
                    continue
        finally:
            connection.close()


def upload_import(upload_id: int) -> str:
    """Import an upload (the background task's work), recording progress and the outcome
    on the upload itself, with a heartbeat while it runs. Returns the summary or the
    reason it failed."""
    upload = Upload.objects.select_related("meeting__committee", "uploaded_by").get(pk=upload_id)
    upload.status = Upload.Status.RUNNING
    upload.heartbeat_at = timezone.now()
    upload.save(update_fields=["status", "heartbeat_at"])
    imports_recover(now=upload.heartbeat_at)

    def progress(done: int, total: int) -> None:
        if done == total or done % 20 == 0:
            Upload.objects.filter(pk=upload_id).update(pages_done=done, pages_total=total)

    committee = upload.committee or None
    try:
        with Heartbeat(upload_id), local_copy(upload.file) as source:
            result = pack_import(
                source=source,
                filename=upload.original_name,
                committee=committee,
                uploaded_by=upload.uploaded_by,
                progress=progress,
                meeting=upload.meeting,
                keep=ExemptCarry.of(upload.replaces) if upload.replaces else None,
            )
    except reading.PackError as error:
        return _upload_finish(upload, Upload.Status.FAILED, str(error))
    except Exception as error:  # recorded for staff to see; the import changed nothing
        return _upload_finish(
            upload,
            Upload.Status.FAILED,
            f"{upload.original_name}: could not be imported ({error}).",
        )
    upload.document = result.document
    if upload.replaces_id and (not result.created or upload.replaces_id == result.document.pk):
        upload.replaces = None  # the same file, or the same text: it replaces nothing
        upload.save(update_fields=["replaces"])
    summary = _upload_finish(upload, Upload.Status.DONE, result.summary(), meeting=result.meeting)
    draw_pictures.enqueue(result.document.pk)  # the review page shows them when drawn
    return summary


def _upload_finish(upload: Upload, status: str, message: str, meeting=None) -> str:
    upload.status = status
    upload.message = message
    upload.finished_at = timezone.now()
    upload.save(update_fields=["status", "message", "finished_at", "document"])
    AuditEntry.record(
        AuditEntry.Action.IMPORT,
        message,
        actor=upload.uploaded_by,
        meeting=meeting or upload.meeting,
    )
    return message


STOPPED = (
    "The import stopped before it finished (the worker stopped). Nothing was imported. Try again."
)
RESTARTED = (
    "The worker importing this stopped at page {done} of {total}; the import was started "
    "again by itself."
)
ORPHAN_AGE = datetime.timedelta(minutes=5)


class WorkerStoppedError(Exception):
    """Recorded on the task of an import whose worker died."""


@dataclass
class Recovery:
    """What ``imports_recover`` found: uploads started again, uploads marked failed, files
    removed."""

    restarted: list[Upload]
    failed: list[Upload]
    removed: list[str]


def imports_recover(*, now: datetime.datetime, files: bool = True) -> Recovery:
    """Find imports whose worker died (``Upload.objects.stalled``): start each again by
    itself the first time, and mark it failed, for staff to try again, the second; their
    tasks are marked failed. Remove the packs such a worker stored but never recorded.
    Without ``files`` the packs folder is swept only when a dead import was found (the
    web views' and the workers' watchdog's case: cheap when all is well)."""
    restarted, failed = [], []
    for upload in Upload.objects.stalled(now):
        outcome = _upload_stalled(upload)
        if outcome == Upload.Status.QUEUED:
            restarted.append(upload)
        elif outcome == Upload.Status.FAILED:
            failed.append(upload)
    found = restarted or failed
    removed = packs_orphaned_remove(now=now) if files or found else []
    return Recovery(restarted=restarted, failed=failed, removed=removed)


def _upload_stalled(upload: Upload) -> str | None:
    """Start one stalled upload again, or fail it if it was started again once already;
    returns its new status, or None if another process got there first."""
    again = upload.restarts == 0
    message = (
        RESTARTED.format(done=upload.pages_done, total=upload.pages_total or "?")
        if again
        else STOPPED
    )
    with transaction.atomic():
        marked = Upload.objects.filter(
            pk=upload.pk, status=upload.status, restarts=upload.restarts
        ).update(
            status=Upload.Status.QUEUED if again else Upload.Status.FAILED,
            message=message,
            restarts=upload.restarts + again,
            pages_done=0 if again else upload.pages_done,
            heartbeat_at=timezone.now(),
            finished_at=None if again else timezone.now(),
        )
        if not marked:
            return None
        AuditEntry.record(
            AuditEntry.Action.IMPORT,
            f"{upload.original_name}: {message}",
            actor=upload.uploaded_by,
            meeting=upload.meeting,
        )
        for task in DBTaskResult.objects.filter(
            id=upload.task_id, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
        ):
            task.set_failed(WorkerStoppedError(message))
        if again:
            upload.refresh_from_db()
            transaction.on_commit(lambda: _enqueue(upload))
    return Upload.Status.QUEUED if again else Upload.Status.FAILED


def packs_orphaned_remove(*, now: datetime.datetime) -> list[str]:
    """Delete stored packs no document refers to, older than ``ORPHAN_AGE`` (so that an
    import storing its file right now is left alone). Returns their names in storage."""
    storage = Document.file.field.storage
    folder = Document.file.field.upload_to.split("/")[0]
    names = list(_files_under(storage, folder))
    held = set()
    for start in range(0, len(names), PAGE_BATCH):
        batch = names[start : start + PAGE_BATCH]
        held.update(Document.objects.filter(file__in=batch).values_list("file", flat=True))
    removed = []
    for name in names:
        if name not in held and storage.get_modified_time(name) < now - ORPHAN_AGE:
            storage.delete(name)
            removed.append(name)
    return removed


def _files_under(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # on disk, before the first pack; a bucket lists none
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _files_under(storage, f"{folder}/{sub}")


@task()
def import_upload(upload_id: int) -> str:
    """Import an uploaded pack in the background; progress and outcome are kept on the
    ``Upload``. Run a worker with ``python manage.py db_worker``."""
    return upload_import(upload_id)


def document_attach(document: Document, meeting: Meeting, *, by=None) -> PackImport:
    """Attach a document the import could not place to ``meeting``: its file is read again
    with that meeting given, and its agenda, papers, minutes and decision records written
    as for any pack of that meeting, in place of what the first reading made of it. The
    document keeps its address, its pages and their exempt labels (and the pages of any
    paper labelled exempt). All or nothing; its pictures are drawn if they are not yet."""
    with local_copy(document.file) as source:
        pack = isolation.parse_pdf(
            source,
            filename=document.original_name,
            council=settings.COUNCIL_NAME,
            max_bytes=settings.PACK_MAX_BYTES,
            known=known_committees(),
        )
    with transaction.atomic():
        document.pages.filter(number__in=document.exempt_pages()).update(is_exempt=True)
        for papers in (document.reports, document.minutes, document.decisions):
            papers.all().delete()
        document.added_items.all().delete()
        document.meeting = meeting
        document.kind = _kind(pack)
        document.warnings = [warning.to_json() for warning in pack.warnings]
        document.parts = [part.to_json() for part in pack.documents]
        document.save(update_fields=["meeting", "kind", "warnings", "parts"])
        result = PackImport(document=document, meeting=meeting, created=True)
        _write_contents(result, pack, None, None)
        for public in result.labelled:
            meeting_corrected(public, [], by=by)
        AuditEntry.record(
            AuditEntry.Action.CORRECT,
            f"Attached {document.original_name} to {meeting}",
            actor=by,
            meeting=meeting,
        )
        transaction.on_commit(lambda: draw_pictures.enqueue(document.pk))
        meeting_pdfs_changed(meeting)
    return result
