"""Publishing a meeting's papers: publish, correct and withdraw, each recorded in the
audit trail, as is merging two printed names of one councillor; and what follows any
change to what the public may see (exempt labels, the decisions register's flags, search,
the page cache and the PDF cuts).

A correction never reveals what is hidden: ``correction_apply`` compares what the public
may read before and after it (``exemption.PublicView``) and refuses one that would reveal
anything, unless it is ``papers_make_public``, the one named, audited way to lower an
exempt label."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from council_portal.pagecache import public_pages_changed
from decisions.models import DecisionRecord
from meetings.access import sync_public_documents
from meetings.models import (
    AgendaItem,
    Committee,
    CommitteeAlias,
    Meeting,
    Member,
    MemberAlias,
    unique_slug,
)
from reports.models import Appendix, Document, Minutes, Report
from search.index import index_meeting, unindex_meeting

from .cuts import meeting_pdfs_changed
from .exemption import (
    PAPERS,
    PublicView,
    VisibilityChange,
    exempt_lower,
    exemption_spread,
    meeting_documents,
)
from .forward_plan import forward_plan_decisions_link
from .models import AuditEntry


@transaction.atomic
def meeting_publish(meeting: Meeting, *, by=None, short_notice_reason: str = "") -> list[Document]:
    """Publish a meeting with every document staff have added to it since, and with it
    any earlier meeting known only from the public minutes its papers carry (see
    ``minuted_meetings_follow``). A document uploaded to replace another takes its place
    now. Its decision records not published before are dated today, which starts the
    call-in period of the made ones. Returns the documents newly published."""
    now = timezone.now()
    exemption_spread(meeting)
    if meeting.is_public:
        meeting.mark_changed()
    else:
        meeting.publish(when=now)
    fresh = list(meeting.documents.current().filter(published_at__isnull=True))
    for document in fresh:
        document.published_at = now
        document.save(update_fields=["published_at"])
        replacing = document.uploads.filter(replaces__isnull=False).exclude(replaces=document)
        for upload in replacing.select_related("replaces"):
            upload.replaces.superseded_by = document
            upload.replaces.save(update_fields=["superseded_by"])
            AuditEntry.record(
                AuditEntry.Action.REPLACE,
                f"{upload.replaces.original_name} replaced by {document.original_name}",
                actor=by,
                meeting=meeting,
            )
    today = timezone.localdate(now)
    for record in DecisionRecord.objects.filter(
        Q(document__in=fresh) | Q(document__isnull=True, meeting=meeting),
        published_on__isnull=True,
    ):
        record.published_on = today
        record.save(update_fields=["published_on"])
    forward_plan_decisions_link(meeting, by=by)
    public_content_changed(meeting)
    meeting_pdfs_changed(meeting)
    for published in [meeting, *minuted_meetings_follow(meeting)]:
        index_meeting(published)
    names = ", ".join(d.original_name for d in fresh) or "no new documents"
    why = f"; short notice, because: {short_notice_reason}" if short_notice_reason else ""
    AuditEntry.record(
        AuditEntry.Action.PUBLISH,
        f"Published {meeting} ({names}){why}",
        actor=by,
        meeting=meeting,
    )
    return fresh


@transaction.atomic
def meeting_corrected(meeting: Meeting, changes: list[str], *, by=None) -> None:
    """After staff correct a meeting's agenda or papers: exempt labels rise to what the
    corrected meeting implies (never fall), the audit trail says what changed, and if the
    meeting is public, search and the public pages reflect it."""
    exemption_spread(meeting)
    if changes:
        AuditEntry.record(AuditEntry.Action.CORRECT, "; ".join(changes), actor=by, meeting=meeting)
    meeting_pdfs_changed(meeting)
    if meeting.is_public:
        meeting.mark_changed()
        public_content_changed(meeting)
        for changed in [meeting, *minuted_meetings_follow(meeting)]:
            index_meeting(changed)


class RevealRefused(Exception):
    """A correction that would make public what is hidden now; nothing of it was saved."""

    def __init__(self, change: VisibilityChange):
        self.sentences = [s for s in change.sentences() if "become public" in s]
        super().__init__(
            "This correction would make public what is hidden now: "
            + " ".join(self.sentences)
            + " Nothing was saved. Only “Make public”, naming the paper and saying why, "
            "publishes an exempt paper."
        )


@dataclass
class Correction:
    """What a correction said it did, and how it changes what the public may read, in
    words (``VisibilityChange.sentences``)."""

    said: str
    visibility: list[str]


def correction_apply(
    meeting: Meeting, save: Callable[[], str], *, make_public: bool = False
) -> Correction:
    """Apply one correction (``save``, which says what it did), all or nothing. Raises
    ``RevealRefused``, having saved nothing, if it would let the public read a page, or an
    item's papers, hidden before, unless it is a "make public"."""
    before = PublicView.of(meeting)
    with transaction.atomic():
        said = save()
        change = before.changes_to(PublicView.of(meeting))
        if change.reveals and not make_public:
            raise RevealRefused(change)
        return Correction(said=said, visibility=change.sentences())


class MakePublicRefused(Exception):
    """A "make public" that would reveal nothing: the paper stays exempt for another
    reason, given in the message."""


@transaction.atomic
def papers_make_public(meeting: Meeting, *, target: str, reason: str, by=None) -> str:
    """Make one exempt thing public: an agenda item with its papers, a paper, or pages in no
    paper (``exemption.exempt_targets``). The only way an exempt label falls; the reason is
    kept in the audit trail. Raises ``MakePublicRefused`` when nothing would become public
    (its pages are shared with another exempt paper, say)."""
    Meeting.objects.lock_shown_with(meeting)  # before its labels are written
    before = PublicView.of(meeting)
    label = exempt_lower(meeting, target)
    exemption_spread(meeting)
    if not before.changes_to(PublicView.of(meeting)).reveals:
        raise MakePublicRefused(
            f"{label} would stay hidden: its pages are held by another exempt paper, or it "
            "belongs to an exempt item or report. Make that public first."
        )
    AuditEntry.record(
        AuditEntry.Action.MAKE_PUBLIC,
        f"Made public: {label}, because: {reason}",
        actor=by,
        meeting=meeting,
    )
    meeting_corrected(meeting, [], by=by)
    return f"Made public: {label}."


@transaction.atomic
def decision_call_in_recorded(record: DecisionRecord, *, changes: list[str], by=None) -> None:
    """After staff record a decision's call-in (or its exemption as urgent): the audit
    trail says what changed, and the public pages show it."""
    if not changes:
        return
    if record.meeting:
        Meeting.objects.lock_shown_with(record.meeting)
    AuditEntry.record(
        AuditEntry.Action.CORRECT,
        "Call-in: " + "; ".join(changes),
        actor=by,
        meeting=record.meeting,
    )
    public_content_changed(record.meeting)


@transaction.atomic
def document_replacement_undo(document: Document, *, by=None) -> Document:
    """Restore an earlier version of a document in place of the one that replaced it: the
    earlier is current again, and its replacement withdrawn (staff can still read it).
    Audited. Returns the replacement."""
    newer = document.superseded_by
    document.superseded_by = None
    document.save(update_fields=["superseded_by"])
    newer.withdrawn_at = timezone.now()
    newer.save(update_fields=["withdrawn_at"])
    AuditEntry.record(
        AuditEntry.Action.REPLACE,
        f"Restored {document.original_name} in place of {newer.original_name}",
        actor=by,
        meeting=document.meeting,
    )
    if document.meeting:
        meeting_corrected(document.meeting, [], by=by)
    return newer


@transaction.atomic
def meeting_withdraw(meeting: Meeting, *, by=None, reason: str = "") -> None:
    """Take a published meeting back to draft: its pages, papers and search entries are
    no longer public. Its documents stay, for staff to correct and publish again."""
    Meeting.objects.lock_shown_with(meeting)  # before its row is written: changes take turns
    meeting.status = Meeting.Status.DRAFT
    meeting.published_at = None
    meeting.save(update_fields=["status", "published_at", "updated_at"])
    meeting.documents.update(published_at=None)
    public_content_changed(meeting)
    unindex_meeting(meeting)
    for earlier in minuted_meetings_follow(meeting):
        index_meeting(earlier)
    AuditEntry.record(
        AuditEntry.Action.WITHDRAW,
        f"Withdrew {meeting}" + (f": {reason}" if reason else ""),
        actor=by,
        meeting=meeting,
    )


@transaction.atomic
def meeting_details_correct(
    meeting: Meeting,
    *,
    committee: Committee | None,
    new_committee: str = "",
    date,
    start_time,
    venue: str,
    by=None,
) -> list[str]:
    """Correct a meeting's committee, date, time and venue. A committee the import made
    from a misread name, left with no meetings, becomes an alias of the chosen one, so the
    next pack that prints that name finds it. Returns the changes, as recorded."""
    before = Meeting.objects.select_related("committee").get(pk=meeting.pk)
    if new_committee:
        committee = Committee.objects.named_or_new(new_committee)
    meeting.committee, meeting.date = committee, date
    meeting.start_time, meeting.venue = start_time, venue
    meeting.save()
    changes = [
        f"{label} “{old or '(none)'}” → “{new or '(none)'}”"
        for label, old, new in (
            ("Committee", before.committee, meeting.committee),
            ("Date", before.date, meeting.date),
            ("Time", before.start_time, meeting.start_time),
            ("Venue", before.venue, meeting.venue),
        )
        if old != new
    ]
    printed = before.committee
    if printed != meeting.committee and not printed.meetings.exists():
        name = printed.name
        printed.delete()
        CommitteeAlias.objects.get_or_create(name=name, defaults={"committee": meeting.committee})
        changes.append(f"“{name}” is now a name of {meeting.committee}")
    if changes:
        meeting_corrected(meeting, [f"{before}: " + "; ".join(changes)], by=by)
    return changes


@transaction.atomic
def agenda_item_add(
    meeting: Meeting, *, number: str, title: str, description: str = "", by=None
) -> AgendaItem:
    """Add an item the import missed, at the end of the agenda."""
    last = meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting, number=number, order=last + 1, title=title, description=description
    )
    meeting_corrected(meeting, [f"Added item {number}: “{title}”"], by=by)
    return item


@transaction.atomic
def paper_split(report: Report, *, at: int, kind: str, by=None) -> Report | Appendix:
    """End ``report`` before page ``at``; the pages from there on become an appendix to it
    or a report of its own (on the same agenda item), for the clerk to title."""
    last, report.last_page = report.last_page, at - 1
    report.save(update_fields=["last_page"])
    if kind == "appendix":
        paper = Appendix.objects.create(
            report=report,
            document=report.document,
            first_page=at,
            last_page=last,
            title="Appendix",
            label="",
            is_exempt=report.is_exempt,
        )
    else:
        paper = Report.objects.create(
            document=report.document,
            agenda_item=report.agenda_item,
            first_page=at,
            last_page=last,
            title=f"{report.title} (continued)"[:500],
            is_exempt=report.is_exempt,
            exempt_paragraph=report.exempt_paragraph,
        )
    meeting_corrected(
        report.document.meeting,
        [f"Split “{report.title}” at page {at}: pages {at}-{last} are now {paper}"],
        by=by,
    )
    return paper


@transaction.atomic
def paper_merge(report: Report, *, by=None) -> Report:
    """``report`` takes in the paper that follows it in its PDF (a report's appendices
    come with it), and its exempt label: the merged report is exempt if either was."""
    following = report.next_paper()
    report.last_page = max(report.last_page, following.last_page)
    report.is_exempt = report.is_exempt or following.is_exempt
    if isinstance(following, Report):
        report.exempt_paragraph = report.exempt_paragraph or following.exempt_paragraph
    report.save(update_fields=["last_page", "is_exempt", "exempt_paragraph"])
    if isinstance(following, Report):
        following.appendices.update(report=report)
    following.delete()
    meeting_corrected(
        report.document.meeting,
        [
            f"Merged “{following}” into “{report.title}”, now pages {report.first_page}-"
            f"{report.last_page}"
        ],
        by=by,
    )
    return report


@transaction.atomic
def paper_as_appendix(report: Report, *, by=None) -> Appendix:
    """A paper read as a report of its own becomes an appendix to the report before it,
    keeping its exempt label: a paper never becomes public by changing its type."""
    owner = report.report_before()
    appendix = Appendix.objects.create(
        report=owner,
        document=report.document,
        first_page=report.first_page,
        last_page=report.last_page,
        label=f"Appendix {chr(ord('A') + owner.appendices.count())}",
        title=report.title,
        is_exempt=report.is_exempt,
    )
    report.appendices.update(report=owner)
    report.delete()
    meeting_corrected(
        report.document.meeting,
        [
            f"“{report.title}” (pages {report.first_page}-{report.last_page}): report → "
            f"{appendix.label} of “{owner.title}”"
        ],
        by=by,
    )
    return appendix


@transaction.atomic
def paper_as_report(appendix: Appendix, *, by=None) -> Report:
    """An appendix the import read under the wrong report (a report's own heading missed)
    becomes a report of its own on the same agenda item, keeping its exempt label (and
    its report's): a paper never becomes public by changing its type."""
    owner = appendix.report
    report = Report.objects.create(
        document=appendix.document,
        agenda_item=owner.agenda_item,
        first_page=appendix.first_page,
        last_page=appendix.last_page,
        title=appendix.title,
        is_exempt=appendix.is_exempt or owner.is_exempt,
        exempt_paragraph=owner.exempt_paragraph,
    )
    appendix.delete()
    meeting_corrected(
        appendix.document.meeting,
        [
            f"“{appendix}” (pages {appendix.first_page}-{appendix.last_page}): "
            f"appendix of “{owner.title}” → report"
        ],
        by=by,
    )
    return report


@transaction.atomic
def paper_leave_out(paper, *, by=None) -> None:
    """Pages the import made a paper of that is none (a cover, a placeholder, a blank):
    the paper goes, its pages stay in the pack, and their exempt labels with them (an
    exempt paper's pages keep its label)."""
    document = paper.document
    numbers = paper.page_numbers
    if paper.is_exempt_here:
        document.pages.filter(number__in=list(numbers)).update(is_exempt=True)
    described = f"“{paper}” (pages {numbers.start}-{numbers.stop - 1} of {document})"
    paper.delete()
    meeting_corrected(document.meeting, [f"Left out of any paper: {described}"], by=by)


def minuted_meetings_follow(meeting: Meeting) -> list[Meeting]:
    """Meetings known only from minutes that ``meeting``'s documents carry are public
    exactly while some public (published, not exempt) minutes of them are: published with
    the meeting that carries them, withdrawn with it, and never by exempt minutes alone.
    Returns the meetings whose state changed."""
    carried = Meeting.objects.filter(
        documents__isnull=True, minutes__document__meeting=meeting
    ).distinct()
    changed = []
    for earlier in carried:
        shown = Minutes.objects.public().filter(meeting=earlier).exists()
        if shown and earlier.status == Meeting.Status.DRAFT:
            earlier.publish(when=meeting.published_at)
        elif not shown and earlier.status == Meeting.Status.PUBLISHED:
            earlier.status = Meeting.Status.DRAFT
            earlier.published_at = None
            earlier.save(update_fields=["status", "published_at", "updated_at"])
        else:
            continue
        changed.append(earlier)
    return changed


@transaction.atomic
def member_save(member: Member, *, changes: list[str], by=None) -> Member:
    """Save a councillor staff added or corrected; ``changes`` says what changed, in the
    audit trail's words (empty for a new one). A new name makes a new address, unique
    among councillors (an import finds a councillor by the slug of the name printed), and
    the name they had stays theirs as an alias, so a paper still printing it finds them."""
    before = Member.objects.filter(pk=member.pk).first() if member.pk else None
    if before is None or before.name != member.name:
        member.slug = unique_slug(Member, member.name, exclude=member)
    member.save()
    member.aliases.filter(name__iexact=member.name).delete()
    renamed = before is not None and before.name.lower() != member.name.lower()
    if renamed and not MemberAlias.objects.filter(name__iexact=before.name).exists():
        MemberAlias.objects.create(member=member, name=before.name)
        changes = [*changes, f"“{before.name}” kept as an alias of {member.name}"]
    if before is None:
        description = "; ".join([f"Added councillor {member.name}", *changes])
    else:
        description = "Councillor " + "; ".join(changes) if changes else ""
    if description:
        AuditEntry.record(AuditEntry.Action.CORRECT, description, actor=by)
        public_content_changed()
    return member


def member_merge_moves(kept: Member, merged: Member) -> list[str]:
    """What ``member_merge(kept, merged)`` moves, in sentences, for staff to confirm first
    and for the audit trail after."""
    held = set(kept.attendances.values_list("minutes_id", flat=True))
    rows = list(merged.attendances.values_list("minutes_id", flat=True))
    joined = sum(minutes in held for minutes in rows)
    moves = []
    if merged.name.lower() != kept.name.lower():
        moves.append(f"“{merged.name}” becomes an alias of {kept.name}")
    if rows:
        moves.append(f"{_count(len(rows), 'attendance record')} move to {kept.name}")
    if joined:
        moves.append(
            f"{_count(joined, 'set')} of minutes recording both names keep one record, "
            "the stronger (present over apologies over absent)"
        )
    memberships = [str(m.committee) for m in merged.memberships.select_related("committee")]
    if memberships:
        moves.append(f"{_count(len(memberships), 'membership')} move: {', '.join(memberships)}")
    aliases = list(merged.aliases.values_list("name", flat=True))
    if aliases:
        moves.append("Aliases move: " + ", ".join(f"“{alias}”" for alias in aliases))
    if merged.user_id and not kept.user_id:
        moves.append(f"The account {merged.user} is linked to {kept.name}")
    elif merged.user_id:
        moves.append(f"The account {merged.user} is unlinked: {kept.name} keeps {kept.user}")
    for field in ("party", "ward", "register_of_interests"):
        if getattr(merged, field) and not getattr(kept, field):
            label = Member._meta.get_field(field).verbose_name
            moves.append(f"{label.capitalize()} taken from {merged.name}")
    moves.append(f"{merged.name}'s own record and page go")
    return moves


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@transaction.atomic
def member_merge(kept: Member, merged: Member, *, by=None) -> Member:
    """Make two printed names one councillor ("Mr R W Gough" into "Roger Gough"): the
    merged member's attendance, memberships, aliases, account and blank details move to
    the kept one, their name becomes an alias of it, and the merged member is deleted.

    Minutes that recorded both names keep one row, the stronger status of the two
    (present over apologies over absent), since minutes have one row per member."""
    if kept.pk == merged.pk:
        raise ValueError("A councillor cannot be merged into themselves.")
    moves = member_merge_moves(kept, merged)
    held = {row.minutes_id: row for row in kept.attendances.all()}
    for row in merged.attendances.all():
        mine = held.get(row.minutes_id)
        if mine is None:
            row.member = kept
            row.save(update_fields=["member"])
            continue
        if row.strength > mine.strength:
            mine.status = row.status
        mine.role = mine.role or row.role
        mine.save(update_fields=["status", "role"])
        row.delete()
    merged.memberships.update(member=kept)
    merged.aliases.update(member=kept)
    if merged.name.lower() != kept.name.lower():
        MemberAlias.objects.update_or_create(name=merged.name, defaults={"member": kept})
    if merged.user_id and not kept.user_id:
        kept.user, merged.user = merged.user, None
        merged.save(update_fields=["user"])
    for field in ("party", "ward", "register_of_interests"):
        if not getattr(kept, field):
            setattr(kept, field, getattr(merged, field))
    kept.is_current = kept.is_current or merged.is_current
    kept.save()
    description = f"Merged councillor {merged.name} into {kept.name}: " + "; ".join(moves)
    merged.delete()
    AuditEntry.record(AuditEntry.Action.CORRECT, description, actor=by)
    public_content_changed()
    return kept


def public_content_changed(meeting: Meeting | None = None) -> None:
    """After a change to what the public may see: the public flags of the papers, their
    documents and the decisions register follow it, and the cached public pages showing
    it are forgotten once the change commits: those of ``meeting`` and of the meetings
    shown with it, the listings, and the register if those meetings' decision records
    changed in it. All of it touches only those meetings' papers, records, documents and
    pages (their documents', and those carrying papers on their items), whatever the size
    of the archive; with no meeting, every paper is checked and every page forgotten."""
    if meeting is None:
        for model in PAPERS.values():
            model.objects.sync_public()
        sync_public_documents(Document.objects.all())
        public_pages_changed()
        return
    shown = list(Meeting.objects.shown_with(meeting).values_list("pk", "committee_id"))
    meetings = [pk for pk, _ in shown]
    documents = set(meeting_documents(meetings).values_list("pk", flat=True))
    for model in (Report, Appendix, Minutes):
        model.objects.filter(document__in=documents).sync_public()
    keys = list(DecisionRecord.objects.of_meetings(meetings).values_list("pk", "document"))
    records = DecisionRecord.objects.filter(pk__in=[pk for pk, _ in keys])
    records.sync_public()
    documents |= {document for _, document in keys if document}
    sync_public_documents(Document.objects.filter(pk__in=documents))
    digests = records.register_digests(meetings)
    public_pages_changed(shown, register=Meeting.objects.register_digests_kept(digests))
