"""The staff area: upload packs, follow their import, review and correct, publish, withdraw.

Members services staff only (``meetings.publish_meeting``). Every change goes through a
service (``publishing.services``, ``publishing.imports``) that records who did what in
the audit trail.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseModelFormSet, ModelForm, modelformset_factory
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from meetings.access import access_for
from meetings.models import AgendaItem, Meeting
from meetings.papers import meeting_papers
from publishing.imports import imports_recover, upload_create, upload_retry
from publishing.services import meeting_corrected, meeting_publish, meeting_withdraw
from reports.models import Document, Report
from reports.pictures import CONTENT_TYPE, SIZES, picture_path

from .forms import UploadForm
from .models import AuditEntry, Upload
from .notice import short_notice


def staff_only(view):
    return login_required(
        permission_required("meetings.publish_meeting", raise_exception=True)(view)
    )


class MeetingFormSet(BaseModelFormSet):
    """Rows of one meeting: a row naming anything else (a crafted or stale form) is refused."""

    def clean(self):
        super().clean()
        if any(form.instance.pk is None for form in self.initial_forms):
            raise ValidationError(
                "The form names a record that is not part of this meeting; reload the page "
                "and make the corrections again."
            )


def _rule(name: str) -> str:
    """The sentence of one of ``AgendaItem``'s database rules, said once, in the model."""
    return next(c for c in AgendaItem._meta.constraints if c.name == name).violation_error_message


class AgendaItemForm(ModelForm):
    """One row of the review table. The model's rules about pages and paragraphs are
    checked here first so that their sentence stands beside the field to correct; the
    model's own check then skips the field already in error."""

    def clean(self):
        data = super().clean()
        first, last = data.get("first_page"), data.get("last_page")
        if first is not None and last is not None and last < first:
            self.add_error("last_page", _rule("agendaitem_pages_in_order"))
        if data.get("exempt_paragraph") is not None and not data.get("is_exempt"):
            self.add_error("exempt_paragraph", _rule("agendaitem_paragraph_only_when_exempt"))
        return data


class BaseAgendaItemFormSet(MeetingFormSet):
    """A meeting's items: numbers may be swapped or moved, never shared."""

    def clean(self):
        super().clean()
        numbers = [
            form.cleaned_data.get("number", "").strip() for form in self.forms if form.cleaned_data
        ]
        repeated = sorted({number for number in numbers if number and numbers.count(number) > 1})
        for form in self.forms:
            if form.cleaned_data.get("number", "").strip() in repeated:
                form.add_error("number", "Another item has this number.")
        if repeated:
            raise ValidationError(
                "Two items cannot share a number: give each of "
                + ", ".join(f"the items numbered {number}" for number in repeated)
                + " a number of its own."
            )

    def save(self, commit=True):
        """Save, freeing the numbers being moved first, so that a swap never meets the
        database's rule of one item per number on the way."""
        moving = [form.instance.pk for form in self.forms if "number" in form.changed_data]
        for pk in moving:
            AgendaItem.objects.filter(pk=pk).update(number=f"~{pk}")
        return super().save(commit)


AgendaItemFormSet = modelformset_factory(
    AgendaItem,
    form=AgendaItemForm,
    formset=BaseAgendaItemFormSet,
    fields=["number", "title", "first_page", "last_page", "is_exempt", "exempt_paragraph"],
    extra=0,
    edit_only=True,
)
ReportFormSet = modelformset_factory(
    Report,
    formset=MeetingFormSet,
    fields=["title", "agenda_item", "is_exempt"],
    labels={"is_exempt": "Exempt on its own"},
    extra=0,
    edit_only=True,
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
        "audit": AuditEntry.objects.select_related("actor", "meeting__committee")[:15],
    }
    return TemplateResponse(request, "staff/dashboard.html", context)


@staff_only
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = [
            upload_create(
                file=file,
                by=request.user,
                meeting=form.cleaned_data["meeting"],
                committee=form.cleaned_data["committee"],
                replaces=form.cleaned_data["replaces"],
            )
            for file in form.cleaned_data["files"]
        ]
        if len(uploads) == 1:
            return redirect(uploads[0])
        messages.success(request, f"{len(uploads)} files uploaded; their imports are queued.")
        return redirect("staff:dashboard")
    return TemplateResponse(request, "staff/upload_form.html", {"form": form})


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
    items = AgendaItemFormSet(
        request.POST or None, queryset=meeting.agenda_items.all(), prefix="items"
    )
    reports = ReportFormSet(
        request.POST or None,
        queryset=Report.objects.filter(document__meeting=meeting).order_by(
            "document__uploaded_at", "first_page"
        ),
        prefix="reports",
    )
    for form in reports.forms:
        form.fields["agenda_item"].queryset = meeting.agenda_items.all()
    if request.method == "POST":
        if items.is_valid() and reports.is_valid():
            with transaction.atomic():
                changed = _changes(items) + _changes(reports)
                items.save()
                reports.save()
                meeting_corrected(meeting, changed, by=request.user)
            messages.success(request, f"Saved {len(changed)} correction(s).")
            return redirect("staff:review", pk=meeting.pk)
        messages.error(request, "Some corrections need attention; nothing was saved.")
    context = {
        "meeting": meeting,
        "papers": meeting_papers(meeting, access_for(request)),
        "items": items,
        "reports": reports,
        "documents": Document.objects.filter(meeting=meeting).select_related("superseded_by"),
        "notice": short_notice(timezone.localdate(), meeting.date),
        "audit": meeting.audit_entries.select_related("actor")[:20],
    }
    return TemplateResponse(request, "staff/review.html", context)


@staff_only
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    notice = short_notice(timezone.localdate(), meeting.date)
    if notice and not request.POST.get("confirm_short_notice"):
        messages.warning(request, notice + " Tick the box to publish anyway.")
        return redirect("staff:review", pk=meeting.pk)
    published = meeting_publish(meeting, by=request.user)
    messages.success(request, f"Published {meeting} with {len(published)} new document(s).")
    return redirect("staff:review", pk=meeting.pk)


@staff_only
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    meeting_withdraw(meeting, by=request.user, reason=request.POST.get("reason", "")[:500])
    messages.success(request, f"Withdrew {meeting}; it is no longer public.")
    return redirect("staff:review", pk=meeting.pk)


@staff_only
def document_pages(request: HttpRequest, pk: int) -> HttpResponse:
    """Every page of a document, grouped into the papers the import found."""
    document = get_object_or_404(Document.objects.select_related("meeting__committee"), pk=pk)
    return TemplateResponse(request, "staff/document_pages.html", {"document": document})


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
        "text": document.pages.filter(number=page).values_list("text", flat=True).first(),
        "groups": groups,
        "warnings": [w for w in document.warnings if w.get("page") == page],
        "previous": page - 1 if page > 1 else None,
        "next": page + 1 if page < document.page_count else None,
    }
    return TemplateResponse(request, "staff/page.html", context)


@staff_only
def page_picture(request: HttpRequest, pk: int, page: int, size: str) -> HttpResponse:
    """The picture of a page the worker drew (``reports.pictures``); never drawn here.
    Kept by the browser for an hour: a page's picture changes only with its file, and a
    new file is a new document."""
    document = get_object_or_404(Document, pk=pk)
    if size not in SIZES or not 1 <= page <= document.page_count:
        raise Http404("The document has no such page.")
    try:
        handle = open(picture_path(document, page, size), "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError:
        raise Http404("The page's picture has not been drawn yet.") from None
    response = FileResponse(handle, content_type=CONTENT_TYPE)
    patch_cache_control(response, private=True, max_age=3600)
    return response


@staff_only
def audit(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.select_related("actor", "meeting__committee")[:200]
    return TemplateResponse(request, "staff/audit.html", {"entries": entries})


def _changes(formset) -> list[str]:
    """What each changed form changes, in words for the audit trail."""
    return [
        f"{form.instance}: {', '.join(form.changed_data)}"
        for form in formset.forms
        if form.has_changed()
    ]
