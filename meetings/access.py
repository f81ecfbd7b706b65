"""What a request may see: the one place that decides, used by every view.

- The public: published meetings and their papers, never an exempt paper.
- Councillors (``meetings.view_exempt_papers``): also exempt papers of published meetings.
- Members services staff (``meetings.view_draft_meeting``): also meetings not yet published,
  and forward plan notices not yet published.

Views ask ``access_for(request)`` for querysets and never filter on status or exemption
themselves.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest

from decisions.models import DecisionRecord, ForwardPlanNotice
from publishing.models import AuditEntry
from reports.models import Appendix, Document, Minutes, Report

from .models import AgendaItem, Attendance, Committee, Meeting, Member


def built_once(method):
    """Build the method's queryset once for each kind of access and hand out copies of it
    (``.all()``, as Django's generic views treat a view's ``queryset``): building the
    access rules' subqueries costs a page more than running them."""
    built = functools.cache(method)

    @functools.wraps(method)
    def copy(self):
        return built(self).all()

    return copy


@dataclass(frozen=True)
class Access:
    sees_drafts: bool = False
    sees_exempt: bool = False

    @built_once
    def meetings(self):
        return Meeting.objects.all() if self.sees_drafts else Meeting.objects.public()

    @built_once
    def withdrawn_meetings(self):
        """Meetings once public and since withdrawn (back to draft): the public may be told
        that they are gone, and nothing else of them."""
        withdrawn = AuditEntry.objects.filter(
            meeting=OuterRef("pk"), action=AuditEntry.Action.WITHDRAW
        )
        return Meeting.objects.filter(status=Meeting.Status.DRAFT).filter(Exists(withdrawn))

    @built_once
    def committees(self):
        if self.sees_drafts:
            return Committee.objects.all()
        return Committee.objects.with_meetings_in(self.meetings())

    @built_once
    def members(self):
        """Councillors this request may be told of (``MemberQuerySet.known_in``)."""
        if self.sees_drafts:
            return Member.objects.all()
        return Member.objects.known_in(self.attendances())

    @built_once
    def attendances(self):
        """The attendance rows that count towards a councillor's record, the same for
        everyone so that the figures are the public's: rows of public minutes of public
        meetings. A row belongs to the minutes that record it, and minutes not yet
        published (a draft pack, printed minutes never published) tell nothing."""
        return Attendance.objects.filter(
            minutes__in=Minutes.objects.public(), meeting__status__in=Meeting.PUBLIC_STATUSES
        )

    @built_once
    def agenda_items(self):
        return AgendaItem.objects.all() if self.sees_drafts else AgendaItem.objects.published()

    @built_once
    def documents(self):
        if self.sees_exempt:
            return Document.objects.all() if self.sees_drafts else Document.objects.published()
        if self.sees_drafts:
            return Document.objects.exclude(_members_only(lambda papers: papers.not_exempt()))
        return Document.objects.public()

    @built_once
    def reports(self):
        return self._papers(Report.objects)

    @built_once
    def appendices(self):
        return self._papers(Appendix.objects)

    @built_once
    def minutes(self):
        return self._papers(Minutes.objects)

    @built_once
    def decisions(self):
        return self._papers(DecisionRecord.objects)

    @built_once
    def current_decisions(self):
        """The decision records this request may see, less each proposal whose made record
        it may see too (the made record stands for the decision): the records the register
        lists. The public's are a stored flag (``in_register``); a councillor's and staff's
        are found as they go (``DecisionRecordQuerySet.current``)."""
        if not (self.sees_drafts or self.sees_exempt):
            return DecisionRecord.objects.filter(in_register=True)
        return self.decisions().current(self.decisions())

    def register(self, **filters):
        """The decisions register as this request may see it, filtered as ``matching``
        is."""
        return self.current_decisions().matching(**filters)

    @built_once
    def forward_plan(self):
        """Notices of the forward plan: published ones, and drafts for staff."""
        if self.sees_drafts:
            return ForwardPlanNotice.objects.all()
        return ForwardPlanNotice.objects.public()

    def _papers(self, manager):
        if self.sees_drafts:
            return manager.all() if self.sees_exempt else manager.not_exempt()
        return manager.published() if self.sees_exempt else manager.public()

    def may_read(self, item: AgendaItem | None) -> bool:
        """Whether an agenda item's papers (its text and PDFs) may be shown."""
        return item is None or not item.is_exempt or self.sees_exempt


def _has(papers) -> Exists:
    return Exists(papers.filter(document=OuterRef("pk")))


def _members_only(readable) -> Q:
    """A document sent to members only: not an agenda pack, with papers, none of them
    ``readable`` (the exempt reports a council sends councillors apart from the public
    pack). The public are not shown that it exists; its covering letter is all they could
    have read."""
    return (
        ~Q(kind=Document.Kind.MAIN_PACK)
        & (_has(Report.objects) | _has(Appendix.objects) | _has(Minutes.objects))
        & ~_has(readable(Report.objects))
        & ~_has(readable(Appendix.objects))
        & ~_has(readable(Minutes.objects))
        & ~_has(readable(DecisionRecord.objects))
    )


def sync_public_documents(documents) -> int:
    """Set each of ``documents``' ``is_public`` from the rule: published, and not sent to
    members only, as staff who may not read exempt papers are shown it. Within a
    published document the papers not exempt are those flagged public, so the rule reads
    their flags: every write that may change the answer calls it after setting theirs
    (``publishing.services.public_content_changed``). The rule is compiled and run once,
    then only the flags that differ are written. Returns how many changed."""
    public = documents.published().exclude(_members_only(lambda papers: papers.public()))
    public = list(public.values_list("pk", flat=True))
    changed = documents.filter(pk__in=public, is_public=False).update(is_public=True)
    return changed + documents.exclude(pk__in=public).filter(is_public=True).update(is_public=False)


PUBLIC = Access()


def access_for(request: HttpRequest) -> Access:
    user = request.user
    if not user.is_authenticated:
        return PUBLIC
    return Access(
        sees_drafts=user.has_perm("meetings.view_draft_meeting"),
        sees_exempt=user.has_perm("meetings.view_exempt_papers"),
    )
