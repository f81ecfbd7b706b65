"""The staff area: upload packs, follow their import, review and correct, publish, withdraw;
keep the forward plan of key decisions, and the councillors (party, ward, committees,
account, register of interests, two spellings merged into one).

Members services staff only (``meetings.publish_meeting``). Every change goes through a
service (``publishing.services``, ``publishing.imports``, ``publishing.forward_plan``) that
records who did what in the audit trail.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from decisions.models import DecisionRecord, ForwardPlanNotice
from meetings.access import PUBLIC, access_for
from meetings.models import Meeting, Member
from meetings.papers import meeting_papers
from publishing.forward_plan import (
    forward_plan_notice_publish,
    forward_plan_notice_save,
    notice_warning,
)
from publishing.imports import document_attach, imports_recover, upload_create, upload_retry
from publishing.services import (
    MakePublicRefused,
    RevealRefused,
    correction_apply,
    decision_call_in_recorded,
    document_replacement_undo,
    meeting_corrected,
    meeting_details_correct,
    meeting_publish,
    meeting_withdraw,
    member_merge,
    member_merge_moves,
    member_save,
)
from reports.models import Document, Minutes, Page, Report, exempt_paper
from reports.pictures import CONTENT_TYPE, SIZES, picture_name
from reports.textblocks import shown_pages

from .forms import (
    AgendaItemAddForm,
    AgendaItemFormSet,
    AppendixRetypeForm,
    AttachForm,
    AttendanceFormSet,
    CallInForm,
    DecisionRecordForm,
    ForwardPlanNoticeForm,
    MakePublicForm,
    MeetingDetailsForm,
    MemberForm,
    MemberMergeForm,
    MembershipFormSet,
    MinuteItemFormSet,
    MinutesForm,
    PaperFromPagesForm,
    PaperLeaveOutForm,
    PaperMergeForm,
    PaperRetypeForm,
    PaperSplitForm,
    ReportForm,
    UploadForm,
    WithdrawForm,
)
from .models import AuditEntry, Upload
from .notice import short_notice


def staff_only(view):
    return login_required(
        permission_required("meetings.publish_meeting", raise_exception=True)(view)
    )


@staff_only
def dashboard(request: HttpRequest) -> HttpResponse:
    imports_recover(now=timezone.now(), files=False)
    today = timezone.localdate()
    context = {
        "uploads": Upload.objects.select_related("document__meeting__committee")[:10],
        "drafts": Meeting.objects.filter(status=Meeting.Status.DRAFT, documents__isnull=False)
        .select_related("committee")
        .distinct()
        .order_by("date")[:20],
        "upcoming": Meeting.objects.upcoming(today).select_related("committee")[:10],
        "unassigned": Document.objects.current().filter(meeting__isnull=True)[:50],
        "audit": AuditEntry.objects.select_related("actor", "meeting__committee")[:15],
    }
    return TemplateResponse(request, "staff/dashboard.html", context)


@staff_only
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"replaces": request.GET.get("replaces")},
    )
    if request.method == "POST" and form.is_valid():
        meeting = form.meeting()
        uploads = [
            upload_create(
                file=file,
                by=request.user,
                meeting=meeting,
                committee=form.body(),
                replaces=form.cleaned_data["replaces"],
            )
            for file in form.cleaned_data["files"]
        ]
        if len(uploads) == 1:
            return redirect(uploads[0])
        messages.success(request, f"{len(uploads)} files uploaded; their imports are queued.")
        return redirect("staff:dashboard")
    replacing = form["replaces"].value()
    context = {
        "form": form,
        "replacing": Document.objects.current().filter(pk=replacing).first()
        if str(replacing or "").isdigit()
        else None,
    }
    return TemplateResponse(request, "staff/upload_form.html", context)


@staff_only
def upload_status(request: HttpRequest, pk: int) -> HttpResponse:
    imports_recover(now=timezone.now(), files=False)
    upload = get_object_or_404(
        Upload.objects.select_related("document__meeting__committee", "uploaded_by"), pk=pk
    )
    return TemplateResponse(request, "staff/upload_status.html", {"upload": upload})


@staff_only
@require_POST
def upload_again(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(Upload, pk=pk)
    if upload.status != Upload.Status.FAILED:
        messages.warning(request, "Only an import that failed can be tried again.")
    else:
        upload_retry(upload, by=request.user)
    return redirect(upload)


@staff_only
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting as it will be published, with everything staff may correct."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    posted = request.POST.get("form", "agenda") if request.method == "POST" else None
    details = MeetingDetailsForm(
        request.POST if posted == "details" else None, instance=meeting, prefix="meeting"
    )
    agenda = request.POST if posted == "agenda" else None
    last_printed = Page.objects.filter(
        document__meeting=meeting, document__kind=Document.Kind.MAIN_PACK
    ).aggregate(last=Max("printed_number"))["last"]
    items = AgendaItemFormSet(
        agenda,
        queryset=meeting.agenda_items.all(),
        prefix="items",
        form_kwargs={"last_printed": last_printed},
    )
    if posted == "details":
        if details.is_valid():
            data = details.cleaned_data
            meeting.refresh_from_db()  # the form has changed the instance in memory

            def save_details() -> str:
                changes = meeting_details_correct(
                    meeting,
                    committee=data["committee"],
                    new_committee=data["new_committee"],
                    date=data["date"],
                    start_time=data["start_time"],
                    venue=data["venue"],
                    by=request.user,
                )
                return f"Saved {len(changes)} correction(s) to the meeting."

            return _corrected(request, meeting, save_details)
        meeting.refresh_from_db()
        messages.error(request, "The meeting's details need attention; nothing was saved.")
    actions = {
        name: form_class(request.POST if posted == name else None, meeting=meeting, prefix=name)
        for name, form_class in REVIEW_ACTIONS.items()
    }
    if posted in actions:
        form = actions[posted]
        if form.is_valid():
            return _corrected(
                request,
                meeting,
                lambda: form.save(by=request.user),
                make_public=getattr(form, "makes_public", False),
            )
        messages.error(request, f"{form.failure} nothing was saved.")
    if posted == "agenda":
        if items.is_valid():

            def save_agenda() -> str:
                changed = _changes(items)
                items.save()
                meeting_corrected(meeting, changed, by=request.user)
                return f"Saved {len(changed)} correction(s)."

            return _corrected(request, meeting, save_agenda)
        messages.error(request, "Some corrections need attention; nothing was saved.")
    context = {
        "meeting": meeting,
        "papers": meeting_papers(meeting, access_for(request)),
        "details": details,
        "actions": actions,
        "items": items,
        "documents": Document.objects.filter(meeting=meeting).select_related("superseded_by"),
        "minutes": Minutes.objects.filter(document__meeting=meeting)
        .select_related("meeting__committee")
        .annotate(exempt_now=exempt_paper()),
        "decisions": DecisionRecord.objects.filter(document__meeting=meeting)
        .annotate(exempt_now=exempt_paper())
        .order_by("reference", "pk"),
        "notice": short_notice(timezone.localdate(), meeting.date),
        "audit": meeting.audit_entries.select_related("actor")[:20],
    }
    return TemplateResponse(request, "staff/review.html", context)


@staff_only
def record_edit(request: HttpRequest, pk: int, kind: str, record: int) -> HttpResponse:
    """Correct the fields of one of a meeting's reports, minutes or decision records."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    if kind not in RECORDS:
        raise Http404("No such kind of record.")
    model, form_class = RECORDS[kind]
    instance = get_object_or_404(
        model.objects.filter(document__meeting=meeting).select_related("document"), pk=record
    )
    data = request.POST or None
    form = form_class(data, instance=instance, meeting=meeting)
    formsets = []
    if kind == "minutes":
        items = MinuteItemFormSet(data, instance=instance, prefix="items")
        for item in items.forms:
            item.fields["agenda_item"].queryset = instance.meeting.agenda_items.all()
        formsets = [
            ("Attendance", "councillor", AttendanceFormSet(data, instance=instance, prefix="rows")),
            ("Numbered minutes", "minute", items),
        ]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for _, _, f in formsets):

        def save_record() -> str:
            changes = _changes_of(form)
            changes += [change for _, noun, f in formsets for change in _changes(f, noun)]
            form.save()
            for _, _, formset in formsets:
                formset.save()
            meeting_corrected(meeting, changes, by=request.user)
            return f"Saved {len(changes)} correction(s)."

        return _corrected(request, meeting, save_record)
    context = {"meeting": meeting, "record": instance, "form": form, "formsets": formsets}
    return TemplateResponse(request, "staff/record_edit.html", context)


@staff_only
def decision_call_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a made decision was called in and what came of it, or that it was
    urgent and so exempt from call-in."""
    record = get_object_or_404(
        DecisionRecord.objects.filter(status=DecisionRecord.Status.MADE).select_related(
            "meeting__committee"
        ),
        pk=pk,
    )
    form = CallInForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        changes = _changes_of(form)
        with transaction.atomic():
            form.save()
            decision_call_in_recorded(record, changes=changes, by=request.user)
        messages.success(request, f"Saved the call-in of {record}.")
        return redirect("staff:decision_call_in", pk=record.pk)
    return TemplateResponse(
        request, "staff/decision_call_in.html", {"record": record, "form": form}
    )


@staff_only
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    """A paper the import could not place: staff say which meeting it belongs to."""
    document = get_object_or_404(Document.objects.current(), pk=pk, meeting__isnull=True)
    form = AttachForm(request.POST or None, prefix="attach")
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            meeting = form.meeting()
            document_attach(document, meeting, by=request.user)
        messages.success(request, f"Attached {document.original_name} to {meeting}.")
        return redirect("staff:review", pk=meeting.pk)
    context = {"document": document, "form": form}
    return TemplateResponse(request, "staff/attach.html", context)


@staff_only
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    notice = short_notice(timezone.localdate(), meeting.date)
    reason = " ".join(request.POST.get("short_notice_reason", "").split())[:500]
    if notice and not (request.POST.get("confirm_short_notice") and reason):
        messages.warning(request, notice + " Tick the box and give the reason to publish anyway.")
        return redirect("staff:review", pk=meeting.pk)
    published = meeting_publish(meeting, by=request.user, short_notice_reason=reason)
    messages.success(request, f"Published {meeting} with {len(published)} new document(s).")
    return redirect("staff:review", pk=meeting.pk)


@staff_only
@require_POST
def document_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a replacement: the earlier version is current again, its replacement withdrawn."""
    document = get_object_or_404(
        Document.objects.filter(superseded_by__isnull=False, meeting__isnull=False), pk=pk
    )
    newer = document_replacement_undo(document, by=request.user)
    messages.success(
        request,
        f"Restored {document.original_name}; {newer.original_name} is withdrawn (staff can "
        "still read it).",
    )
    return redirect("staff:review", pk=document.meeting_id)


@staff_only
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a published meeting back from the public: a page that says what that does and
    asks why, then the withdrawal, with the reason kept in the audit trail."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    if not meeting.is_public:
        messages.info(request, f"{meeting} is not public: there is nothing to withdraw.")
        return redirect("staff:review", pk=meeting.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting_withdraw(meeting, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"Withdrew {meeting}; it is no longer public.")
        return redirect("staff:review", pk=meeting.pk)
    return TemplateResponse(request, "staff/withdraw.html", {"meeting": meeting, "form": form})


@staff_only
def document_pages(request: HttpRequest, pk: int) -> HttpResponse:
    """The pages of one paper of a document as pictures, one paper at a time (a
    2,000-page pack is never sent whole): ``?paper=N`` the Nth the import found, or
    ``?page=N`` the one holding page N; the first by default."""
    document = get_object_or_404(Document.objects.select_related("meeting__committee"), pk=pk)
    groups = document.page_groups()
    number = _number(request.GET.get("paper"))
    page = _number(request.GET.get("page"))
    if page is not None:
        number = next((i for i, g in enumerate(groups, start=1) if page in g.numbers), None)
    if number is None or not 1 <= number <= len(groups):
        number = 1
    context = {
        "document": document,
        "groups": groups,
        "group": groups[number - 1],
        "number": number,
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < len(groups) else None,
    }
    return TemplateResponse(request, "staff/document_pages.html", context)


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 7 else None


@staff_only
def page(request: HttpRequest, pk: int, page: int) -> HttpResponse:
    """One page large, with the text the import read from it and the papers it is in."""
    document = get_object_or_404(Document.objects.select_related("meeting__committee"), pk=pk)
    if not 1 <= page <= document.page_count:
        raise Http404("The document has no such page.")
    groups = [group for group in document.page_groups() if page in group.numbers]
    context = {
        "document": document,
        "number": page,
        "shown": shown_pages(document.pages.filter(number=page)),
        "groups": groups,
        "warnings": [w for w in document.warnings if w.get("page") == page],
        "previous": page - 1 if page > 1 else None,
        "next": page + 1 if page < document.page_count else None,
        "boundary": _boundary_at(document, page, groups) if document.meeting_id else {},
    }
    return TemplateResponse(request, "staff/page.html", context)


def _boundary_at(document: Document, page: int, groups: list) -> dict:
    """What a clerk looking at one page may do to the papers' boundaries there: start a
    new paper on it (splitting the report it is inside), or, where a paper starts on it,
    join that paper to the report before (a merge); on a page in no paper, make it and
    the pages after it in no paper (up to ``unplaced``) a paper. The forms post to the
    review page."""
    inside = Report.objects.filter(
        document=document, first_page__lt=page, last_page__gte=page
    ).first()
    before = Report.objects.filter(document=document, first_page__lt=page).order_by("-first_page")
    joins = next(
        (
            report
            for report in before[:1]
            if (following := report.next_paper()) and following.first_page == page
        ),
        None,
    )
    unplaced = None
    if not any(group.paper for group in groups):
        spare = next(group.numbers for group in document.page_groups() if not group.paper)
        unplaced = page
        while unplaced + 1 in spare:
            unplaced += 1
    return {"split": inside, "merge": joins, "unplaced": unplaced}


@staff_only
def page_picture(request: HttpRequest, pk: int, page: int, size: str) -> HttpResponse:
    """The picture of a page the worker drew (``reports.pictures``); never drawn here.
    Kept by the browser for an hour: a page's picture changes only with its file, and a
    new file is a new document."""
    document = get_object_or_404(Document, pk=pk)
    if size not in SIZES or not 1 <= page <= document.page_count:
        raise Http404("The document has no such page.")
    try:
        handle = default_storage.open(picture_name(document, page, size), "rb")
    except FileNotFoundError:
        raise Http404("The page's picture has not been drawn yet.") from None
    response = FileResponse(handle, content_type=CONTENT_TYPE)
    patch_cache_control(response, private=True, max_age=3600)
    return response


@staff_only
def audit(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.select_related("actor", "meeting__committee")[:200]
    return TemplateResponse(request, "staff/audit.html", {"entries": entries})


def _corrected(
    request: HttpRequest, meeting: Meeting, save: Callable[[], str], *, make_public: bool = False
) -> HttpResponse:
    """Save a correction, ``save`` saying what it did, unless it would reveal anything
    hidden (``services.correction_apply``). A correction to a published meeting, and any
    "make public", is first shown, not saved: applied inside a transaction that is then
    rolled back, with the audit trail's old and new values, every page whose visibility
    changes, and the meeting as the public would see it; the clerk confirms it by posting
    the same form again."""
    try:
        if request.POST.get("publish_correction") or not (meeting.is_public or make_public):
            correction = correction_apply(meeting, save, make_public=make_public)
            messages.success(request, correction.said)
            return redirect("staff:review", pk=meeting.pk)
        with transaction.atomic():
            since = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0
            correction = correction_apply(meeting, save, make_public=make_public)
            meeting.refresh_from_db()
            context = {
                "meeting": meeting,
                "make_public": make_public,
                "changes": AuditEntry.objects.filter(pk__gt=since, meeting=meeting).order_by("pk"),
                "visibility": correction.visibility,
                "papers": meeting_papers(meeting, PUBLIC),
                "posted": [
                    (name, value)
                    for name, values in request.POST.lists()
                    if name != "csrfmiddlewaretoken"
                    for value in values
                ],
            }
            response = TemplateResponse(request, "staff/correction_preview.html", context).render()
            transaction.set_rollback(True)
        return response
    except (RevealRefused, MakePublicRefused) as refused:
        messages.error(request, str(refused))
        return redirect("staff:review", pk=meeting.pk)


@staff_only
def forward_plan(request: HttpRequest) -> HttpResponse:
    """Draft notices, and every notice of a decision expected from last month on."""
    today = timezone.localdate()
    since = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    notices = ForwardPlanNotice.objects.filter(
        Q(published_at__isnull=True) | Q(expected_date__gte=since)
    ).select_related("decision")
    rows = [(notice, notice_warning(notice, today=today)) for notice in notices]
    return TemplateResponse(request, "staff/forward_plan.html", {"rows": rows, "since": since})


@staff_only
def forward_plan_add(request: HttpRequest) -> HttpResponse:
    form = ForwardPlanNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        notice = forward_plan_notice_save(form.save(commit=False), changes=[], by=request.user)
        messages.success(request, f"Added to the forward plan as a draft: {notice}.")
        _warn_short_notice(request, notice)
        return redirect("staff:forward_plan_edit", pk=notice.pk)
    return TemplateResponse(request, "staff/forward_plan_form.html", {"form": form})


@staff_only
def forward_plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(ForwardPlanNotice, pk=pk)
    form = ForwardPlanNoticeForm(request.POST or None, instance=notice)
    if request.method == "POST" and form.is_valid():
        changes = _changes_of(form)
        forward_plan_notice_save(form.save(commit=False), changes=changes, by=request.user)
        messages.success(request, "Saved." if changes else "Nothing had changed.")
        _warn_short_notice(request, notice)
        return redirect("staff:forward_plan_edit", pk=notice.pk)
    context = {
        "form": form,
        "notice": notice,
        "warning": notice_warning(notice, today=timezone.localdate()),
    }
    return TemplateResponse(request, "staff/forward_plan_form.html", context)


@staff_only
@require_POST
def forward_plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(ForwardPlanNotice, pk=pk)
    if notice.is_published:
        messages.warning(request, f"{notice} is already in the public forward plan.")
    else:
        forward_plan_notice_publish(notice, by=request.user)
        messages.success(request, f"Published in the forward plan: {notice}.")
        _warn_short_notice(request, notice)
    return redirect("staff:forward_plan")


def _warn_short_notice(request: HttpRequest, notice: ForwardPlanNotice) -> None:
    """The 28-clear-days rule warns and never blocks: a late notice still has to be
    published, under the general exception or special urgency procedure."""
    warning = notice_warning(notice, today=timezone.localdate())
    if warning:
        messages.warning(request, warning)


@staff_only
def councillors(request: HttpRequest) -> HttpResponse:
    """Every councillor, current ones first, with party, ward and account."""
    members = Member.objects.select_related("user").order_by("-is_current", "name")
    return TemplateResponse(request, "staff/councillors.html", {"members": members})


@staff_only
def councillor_add(request: HttpRequest) -> HttpResponse:
    return _councillor_form(request, Member())


@staff_only
def councillor(request: HttpRequest, pk: int) -> HttpResponse:
    return _councillor_form(request, get_object_or_404(Member, pk=pk))


def _councillor_form(request: HttpRequest, member: Member) -> HttpResponse:
    """A councillor's record and their committees, saved together and audited."""
    adding = member.pk is None
    posted = request.method == "POST"
    form = MemberForm(
        request.POST if posted else None, request.FILES if posted else None, instance=member
    )
    memberships = MembershipFormSet(
        request.POST if posted else None, instance=member, prefix="memberships"
    )
    if posted and form.is_valid() and memberships.is_valid():
        changes = _changes_of(form) + _changes(memberships, "membership")
        with transaction.atomic():
            member = member_save(form.save(commit=False), changes=changes, by=request.user)
            memberships.instance = member
            memberships.save()
        if adding:
            messages.success(request, f"Added {member.name}.")
        else:
            messages.success(
                request, f"Saved {len(changes)} change(s)." if changes else "Nothing had changed."
            )
        return redirect("staff:councillor", pk=member.pk)
    if posted:
        if not adding:
            member.refresh_from_db()  # the form has changed the instance in memory
        messages.error(request, "Some details need attention; nothing was saved.")
    context = {
        "member": None if adding else member,
        "form": form,
        "memberships": memberships,
        "aliases": member.aliases.all() if not adding else [],
        "attendances": member.attendances.count() if not adding else 0,
    }
    return TemplateResponse(request, "staff/councillor_form.html", context)


@staff_only
def councillor_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Two printed spellings of one councillor made one: the other spelling is chosen,
    what would move is shown, and the merge is made only once confirmed."""
    kept = get_object_or_404(Member, pk=pk)
    data = request.POST if request.method == "POST" else request.GET
    form = MemberMergeForm(data if "other" in data else None, kept=kept)
    if form.is_bound and form.is_valid():
        merged = form.cleaned_data["other"]
        if request.method == "POST":
            name = merged.name
            member_merge(kept, merged, by=request.user)
            messages.success(request, f"Merged {name} into {kept.name}.")
            return redirect("staff:councillor", pk=kept.pk)
        context = {"kept": kept, "merged": merged, "moves": member_merge_moves(kept, merged)}
        return TemplateResponse(request, "staff/councillor_merge.html", context)
    return TemplateResponse(request, "staff/councillor_merge.html", {"kept": kept, "form": form})


# The review page's one-form corrections: each form saves itself and says what it did.
REVIEW_ACTIONS = {
    "retype": PaperRetypeForm,
    "as_report": AppendixRetypeForm,
    "split": PaperSplitForm,
    "merge": PaperMergeForm,
    "add_item": AgendaItemAddForm,
    "make_paper": PaperFromPagesForm,
    "leave_out": PaperLeaveOutForm,
    "make_public": MakePublicForm,
}
RECORDS = {
    "reports": (Report, ReportForm),
    "decisions": (DecisionRecord, DecisionRecordForm),
    "minutes": (Minutes, MinutesForm),
}


def _changes_of(form) -> list[str]:
    """One form's changes, as ``_changes`` words a formset's."""
    if not form.has_changed():
        return []
    return [
        f"{form.instance}: "
        + "; ".join(
            f"{form[name].label} {_shown(form, name, form.initial.get(name))} "
            f"→ {_shown(form, name, form.cleaned_data.get(name))}"
            for name in form.changed_data
        )
    ]


def _changes(formset, noun: str = "item") -> list[str]:
    """What each changed form changes, in words for the audit trail: each field's old and
    new value (read before the formset saves); rows removed, and rows added."""
    removed = [f"Removed {noun} {form.instance}" for form in formset.deleted_forms]
    kept = [form for form in formset.forms if form not in formset.deleted_forms]
    added = [
        f"Added {noun}: "
        + "; ".join(
            f"{form[name].label} {_shown(form, name, form.cleaned_data.get(name))}"
            for name in form.changed_data
        )
        for form in kept
        if form.instance.pk is None and form.has_changed()
    ]
    changed = [
        change for form in kept if form.instance.pk is not None for change in _changes_of(form)
    ]
    return removed + added + changed


def _shown(form, name: str, value) -> str:
    """A field's value as a clerk reads it: a choice's label, an item's title, "yes"."""
    if value in (None, ""):
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    field = form.fields[name]
    queryset = getattr(field, "queryset", None)
    if queryset is not None and not hasattr(value, "pk"):
        value = queryset.filter(pk=value).first() or value
    elif queryset is None and getattr(field, "choices", None):
        value = dict(field.choices).get(value, value)
    return f"“{value}”"
