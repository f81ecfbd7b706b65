"""The staff area's forms: uploads (PDFs checked for size and type before anything parses
them), the meeting's details, the agenda and papers of the review page, attaching a paper;
councillors, their committees and the merging of two spellings of one."""

import datetime
import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import Q
from django.forms import (
    BaseInlineFormSet,
    BaseModelFormSet,
    ModelForm,
    inlineformset_factory,
    modelformset_factory,
)
from django.utils import timezone
from django.utils.text import slugify

from decisions.models import DecisionRecord, ForwardPlanNotice
from meetings.models import (
    AgendaItem,
    Attendance,
    Committee,
    Meeting,
    Member,
    Membership,
)
from packs import reading
from reports.models import Appendix, Document, MinuteItem, Minutes, Report

from .exemption import PAPERS, exempt_targets
from .imports import PAPER_KINDS, paper_from_pages
from .roles import COUNCILLORS
from .services import (
    agenda_item_add,
    paper_as_appendix,
    paper_as_report,
    paper_leave_out,
    paper_merge,
    paper_split,
    papers_make_public,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PdfFilesField(forms.FileField):
    """One or more PDFs, each checked for size and type before anything parses it."""

    widget = MultipleFileInput(attrs={"accept": "application/pdf,.pdf"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [super(PdfFilesField, self).clean(file, initial) for file in files if file]
        if not files:
            raise forms.ValidationError("Choose at least one PDF to upload.")
        for file in files:
            _check_pdf(file)
        return files


def _sha256(file) -> str:
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _check_pdf(file) -> None:
    if file.size > settings.PACK_MAX_BYTES:
        raise forms.ValidationError(
            f"{file.name} is {file.size / 1e6:.1f} MB; the largest pack accepted is "
            f"{settings.PACK_MAX_BYTES / 1e6:.0f} MB."
        )
    head = file.read(1024)
    file.seek(0)
    if not file.name.lower().endswith(".pdf") or b"%PDF-" not in head:
        raise forms.ValidationError(f"{file.name} is not a PDF file.")


class UploadForm(forms.Form):
    """PDFs to import, and, when the PDF does not name its meeting (or names it wrongly),
    the meeting it is for, found by committee and date in any year; a document it
    corrects comes from the review page's "Upload a corrected version"."""

    files = PdfFilesField(
        label="PDF files",
        help_text="Agenda packs, supplementary packs, minutes, decision records or single reports.",
    )
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.all(),
        required=False,
        label="Committee",
        empty_label="The body printed in the PDF",
        help_text="Choose one only when the PDF does not name it, or names it wrongly.",
    )
    new_committee = forms.CharField(
        required=False,
        max_length=200,
        label="Or a committee the portal does not have yet",
        help_text="Its full name, as the council uses it.",
    )
    date = forms.DateField(
        required=False,
        label="Date of the meeting",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="With the committee: the meeting the PDF is for, in any year.",
    )
    start_time = forms.TimeField(
        required=False,
        label="Time of the meeting",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Only when the committee meets twice that day.",
    )
    replaces = forms.ModelChoiceField(
        queryset=Document.objects.current(), required=False, widget=forms.HiddenInput
    )

    def clean(self):
        data = super().clean()
        replaces, files = data.get("replaces"), data.get("files") or []
        if replaces and len(files) > 1:
            self.add_error("files", "Replace one document at a time.")
        elif replaces and files and _sha256(files[0]) == replaces.sha256:
            self.add_error(
                "files",
                f"{files[0].name} is the very file {replaces.original_name} was imported "
                "from: nothing would change. Choose the corrected version.",
            )
        if data.get("date") and not (data.get("committee") or data.get("new_committee")):
            self.add_error("committee", "Choose the committee that met on that date.")
        return data

    def body(self) -> str:
        """The committee's name, to give the import when the PDF does not name one."""
        data = self.cleaned_data
        return data.get("new_committee") or (
            data["committee"].name if data.get("committee") else ""
        )

    def meeting(self) -> Meeting | None:
        """The meeting of the committee on the date given (made, as a draft, when the portal
        has none); with no date, the meeting of the document it replaces, if any."""
        data = self.cleaned_data
        if not data.get("date"):
            return data["replaces"].meeting if data.get("replaces") else None
        committee = Committee.objects.named_or_new(self.body())
        return Meeting.objects.on(committee, data["date"], data.get("start_time")) or (
            Meeting.objects.create(
                committee=committee, date=data["date"], start_time=data.get("start_time")
            )
        )


class MeetingDetailsForm(forms.ModelForm):
    """The meeting itself, as a clerk corrects it: its committee (one the portal knows, or
    a new one), date, time and venue."""

    new_committee = forms.CharField(
        required=False,
        max_length=200,
        label="Or a committee the portal does not have yet",
        help_text="Its full name, as the council uses it.",
    )

    class Meta:
        model = Meeting
        fields = ["committee", "date", "start_time", "venue"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {"start_time": "Leave empty when no time is printed."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].required = False

    def clean(self):
        data = super().clean()
        if not (data.get("committee") or data.get("new_committee")):
            self.add_error("committee", "Choose the committee, or name a new one.")
        return data

    def validate_unique(self):
        """A meeting already held by that committee at that date and time is named, not
        reported as a broken database rule."""
        data = self.cleaned_data
        committee = data.get("committee")
        if not (committee and data.get("date")) or data.get("new_committee"):
            return
        clash = (
            Meeting.objects.filter(
                committee=committee, date=data["date"], start_time=data.get("start_time")
            )
            .exclude(pk=self.instance.pk)
            .first()
        )
        if clash:
            self.add_error(
                "date",
                f"{clash} is already in the portal; attach the papers to it instead, or "
                "correct its date or time.",
            )


class WithdrawForm(forms.Form):
    """Why a published meeting is taken back from the public: kept in the audit trail."""

    reason = forms.CharField(
        label="Reason for withdrawing",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text='Kept in the audit trail, e.g. "The wrong version of the pack was published."',
        error_messages={"required": "Give the reason for withdrawing the meeting."},
    )

    def clean_reason(self) -> str:
        return " ".join(self.cleaned_data["reason"].split())


class AttachForm(forms.Form):
    """The meeting a paper with no meeting belongs to, by committee and date, in any year:
    the one the portal has, or a new one (made as a draft). Not a form of a meeting: the
    meeting is found or made, never saved from it, so a meeting already held at that time
    is the one meant, not a clash."""

    committee = MeetingDetailsForm.base_fields["committee"]
    new_committee = MeetingDetailsForm.base_fields["new_committee"]
    date = MeetingDetailsForm.base_fields["date"]
    start_time = MeetingDetailsForm.base_fields["start_time"]
    venue = MeetingDetailsForm.base_fields["venue"]

    def clean(self):
        data = super().clean()
        if not (data.get("committee") or data.get("new_committee")):
            self.add_error("committee", "Choose the committee, or name a new one.")
        return data

    def meeting(self) -> Meeting:
        data = self.cleaned_data
        committee = data["committee"]
        if data.get("new_committee"):
            committee = Committee.objects.named_or_new(data["new_committee"])
        held = Meeting.objects.on(committee, data["date"], data.get("start_time"))
        if held:
            return held
        return Meeting.objects.create(
            committee=committee,
            date=data["date"],
            start_time=data.get("start_time"),
            venue=data.get("venue") or "",
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


def _rule(name: str, model=AgendaItem) -> str:
    """The sentence of one of a model's database rules, said once, in the model."""
    return next(c for c in model._meta.constraints if c.name == name).violation_error_message


class LinesField(forms.CharField):
    """Text from a text area, with its line ends as the database keeps them: browsers send
    "\r\n", and an unchanged text must not read as a change (nor be audited as one)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


def staff_formfield(model_field, **kwargs):
    """The form field of a model field, text areas read by ``LinesField``."""
    if isinstance(model_field, models.TextField):
        kwargs.setdefault("form_class", LinesField)
    return model_field.formfield(**kwargs)


class StaffForm(ModelForm):
    """The staff area's model forms: each reads text areas by ``LinesField``."""

    class Meta:
        formfield_callback = staff_formfield


class ExemptStaysForm(StaffForm):
    """A form of something labelled exempt or not: ticking "exempt" raises the label, but
    unticking it is refused with a sentence, since only "Make public" lowers one."""

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.is_exempt and not data.get("is_exempt", True):
            self.add_error(
                "is_exempt",
                f"“{self.instance}” is exempt: only “Make public”, naming it and saying why, "
                "makes it public.",
            )
        return data


class AgendaItemForm(ExemptStaysForm):
    """One row of the review table. The model's rules about pages and paragraphs are
    checked here first so that their sentence stands beside the field to correct; the
    model's own check then skips the field already in error."""

    def __init__(self, *args, last_printed: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_printed = last_printed  # the pack's last printed page number, when known

    def clean(self):
        data = super().clean()
        first, last = data.get("first_page"), data.get("last_page")
        if first is not None and last is not None and last < first:
            self.add_error("last_page", _rule("agendaitem_pages_in_order"))
        for name in ("first_page", "last_page"):
            value = data.get(name)
            if value is not None and self.last_printed and not 1 <= value <= self.last_printed:
                self.add_error(
                    name,
                    f"The pack's pages are numbered up to {self.last_printed}: page {value} "
                    "is not in it.",
                )
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
    fields=[
        "number",
        "title",
        "description",
        "first_page",
        "last_page",
        "is_exempt",
        "exempt_paragraph",
    ],
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
    extra=0,
    edit_only=True,
    can_delete=True,
)


class AgendaItemAddForm(StaffForm):
    """An item the import missed, added at the end of the agenda."""

    class Meta(StaffForm.Meta):
        model = AgendaItem
        fields = ["number", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if self.meeting.agenda_items.filter(number=number).exists():
            raise ValidationError("Another item of this meeting already has that number.")
        return number

    failure = "The new item needs attention;"

    def save(self, *, by) -> str:
        item = agenda_item_add(self.meeting, **self.cleaned_data, by=by)
        return f"Added item {item.number}."


class PaperActionForm(forms.Form):
    """An action on one report of a meeting's papers, chosen from a list of them."""

    paper = forms.ModelChoiceField(queryset=Report.objects.none(), label="Report")

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper"].queryset = Report.objects.filter(document__meeting=meeting)
        self.fields["paper"].label_from_instance = _paper_label


class PaperSplitForm(PaperActionForm):
    """Where a paper the import ran together really ends: the pages from ``at`` on become
    a paper of their own."""

    failure = "The split needs attention;"
    at = forms.IntegerField(label="First page of the new paper", min_value=1)
    kind = forms.ChoiceField(
        label="The new paper is",
        choices=[("appendix", "An appendix to this report"), ("report", "A report of its own")],
    )

    def clean(self):
        data = super().clean()
        paper, at = data.get("paper"), data.get("at")
        if paper and at and not paper.first_page < at <= paper.last_page:
            self.add_error(
                "at",
                f"“{paper.title}” runs from page {paper.first_page} to {paper.last_page} of "
                f"its PDF: split it at a page after {paper.first_page} and up to "
                f"{paper.last_page}.",
            )
        return data

    def save(self, *, by) -> str:
        data = self.cleaned_data
        paper = paper_split(data["paper"], at=data["at"], kind=data["kind"], by=by)
        return f"Split: the new paper is “{paper}”; give it its title."


class PaperMergeForm(PaperActionForm):
    """A paper the import split in two: it takes in the paper that follows it."""

    def clean_paper(self):
        paper = self.cleaned_data["paper"]
        if paper.next_paper() is None:
            raise ValidationError(f"“{paper.title}” is the last paper of its PDF.")
        return paper

    failure = "The merge needs attention;"

    def save(self, *, by) -> str:
        paper = paper_merge(self.cleaned_data["paper"], by=by)
        return f"Merged: “{paper}” now ends on page {paper.last_page}."


def _paper_label(report: Report) -> str:
    return f"{report.title} (pages {report.first_page}-{report.last_page} of its PDF)"


class MeetingRecordForm(ExemptStaysForm):
    """A record of one meeting: its agenda item is one of that meeting's items."""

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class ReportForm(MeetingRecordForm):
    """A report: its title, agenda item, exempt label and pages, which must lie in its PDF."""

    class Meta(StaffForm.Meta):
        model = Report
        fields = ["title", "agenda_item", "is_exempt", "first_page", "last_page"]
        labels = {"is_exempt": "Exempt"}

    def clean(self):
        data = super().clean()
        first, last = data.get("first_page"), data.get("last_page")
        pages = self.instance.document.page_count
        if first is not None and last is not None and last < first:
            self.add_error("last_page", "The last page must not come before the first page.")
        for name in ("first_page", "last_page"):
            value = data.get(name)
            if value is not None and not 1 <= value <= pages:
                self.add_error(
                    name,
                    f"This PDF has {pages} page{'s' if pages != 1 else ''}: page {value} "
                    "is not in it.",
                )
        return data


class DecisionRecordForm(MeetingRecordForm):
    """A decision record's every field as the import read them, for the clerk to correct,
    and, for a proposed record, the record of the decision once made."""

    class Meta(StaffForm.Meta):
        model = DecisionRecord
        fields = [
            "reference",
            "title",
            "decision_maker",
            "date",
            "status",
            "is_key_decision",
            "agenda_item",
            "is_exempt",
            "decision",
            "reasons",
            "alternatives_rejected",
            "conflicts_of_interest",
            "dispensation",
            "urgency",
            "approved_by",
            "made_as",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "decision": forms.Textarea(attrs={"rows": 6}),
            "reasons": forms.Textarea(attrs={"rows": 4}),
            "alternatives_rejected": forms.Textarea(attrs={"rows": 3}),
            "conflicts_of_interest": forms.Textarea(attrs={"rows": 2}),
            "dispensation": forms.Textarea(attrs={"rows": 2}),
            "urgency": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "made_as": "Made as",
            "urgency": "Reason for urgency",
            "approved_by": "Approved by",
        }
        help_texts = {
            "made_as": "For a proposed record: the record of the decision once made.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        record = self.instance
        linked = Q(pk=record.made_as_id) if record.made_as_id else Q(pk__in=[])
        self.fields["made_as"].queryset = DecisionRecord.objects.filter(
            Q(status=DecisionRecord.Status.MADE, decision_maker=record.decision_maker)
            & ~Q(pk=record.pk)
            | linked
        ).order_by("-date", "reference")
        self.fields["made_as"].label_from_instance = _decision_label

    def clean(self):
        data = super().clean()
        if data.get("made_as") and data.get("status") != DecisionRecord.Status.PROPOSED:
            self.add_error("made_as", "Only a proposed record is made as another.")
        return data


class MinutesForm(MeetingRecordForm):
    """A set of minutes: the meeting they minute, the item that received them, whether
    they are exempt, and their pages."""

    minuted_committee = forms.ModelChoiceField(
        queryset=Committee.objects.all(), label="Minutes of the committee"
    )
    minuted_date = forms.DateField(
        label="Minutes of the meeting on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta(StaffForm.Meta):
        model = Minutes
        fields = ["agenda_item", "is_exempt", "first_page", "last_page"]
        labels = {"agenda_item": "Received under the agenda item"}

    field_order = ["minuted_committee", "minuted_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("minuted_committee", self.instance.meeting.committee_id)
            self.initial.setdefault("minuted_date", self.instance.meeting.date)

    def clean(self):
        data = super().clean()
        pages = self.instance.document.page_count
        first, last = data.get("first_page"), data.get("last_page")
        if first and last and not 1 <= first <= last <= pages:
            self.add_error("last_page", f"Give pages in order within the PDF's {pages} pages.")
        return data

    def save(self, commit=True):
        """The minutes move to the meeting named, found (or made, as a draft) by committee
        and date; their attendance moves with them."""
        minutes = super().save(commit=False)
        committee, day = self.cleaned_data["minuted_committee"], self.cleaned_data["minuted_date"]
        if (committee.pk, day) != (minutes.meeting.committee_id, minutes.meeting.date):
            minutes.meeting = Meeting.objects.on(committee, day) or Meeting.objects.create(
                committee=committee, date=day
            )
        if commit:
            minutes.save()
            minutes.attendances.update(meeting=minutes.meeting)
        return minutes


class AttendanceForm(StaffForm):
    """One councillor in a set of minutes' attendance, by the name as printed."""

    name = forms.CharField(label="Name", max_length=200)

    class Meta(StaffForm.Meta):
        model = Attendance
        fields = ["status", "role"]

    field_order = ["name", "status", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["name"] = self.instance.member.name

    def save(self, commit=True):
        self.instance.member = Member.objects.named_or_new(self.cleaned_data["name"].strip())
        return super().save(commit)


class BaseAttendanceFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        names = [
            form.cleaned_data["name"].strip().lower()
            for form in self.forms
            if form.cleaned_data.get("name") and not self._should_delete_form(form)
        ]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValidationError(f"Each councillor once: {', '.join(twice)} is listed twice.")


AttendanceFormSet = inlineformset_factory(
    Minutes,
    Attendance,
    form=AttendanceForm,
    formset=BaseAttendanceFormSet,
    extra=3,
    can_delete=True,
)


class BaseMinuteItemFormSet(BaseInlineFormSet):
    """Numbered minutes, in the order the rows stand: a minute added at the end comes last."""

    def save(self, commit=True):
        saved = super().save(commit=False)
        for minute in self.deleted_objects:
            minute.delete()
        kept = [
            form.instance
            for form in self.forms
            if form.instance in saved or (form.instance.pk and not self._should_delete_form(form))
        ]
        # Two passes, so that no two minutes hold the same place on the way.
        for offset in (10_000, 0):
            for position, minute in enumerate(kept, start=1):
                minute.minutes = self.instance
                minute.order = offset + position
                minute.save()
        return saved


MinuteItemFormSet = inlineformset_factory(
    Minutes,
    MinuteItem,
    formfield_callback=staff_formfield,
    formset=BaseMinuteItemFormSet,
    fields=["number", "heading", "agenda_item", "text"],
    labels={"heading": "Title"},
    widgets={"text": forms.Textarea(attrs={"rows": 3})},
    extra=1,
    can_delete=True,
)


class PaperRetypeForm(PaperActionForm):
    """A paper the import took for a report of its own that is an appendix to the report
    before it (its "Appendix A" heading missing, say)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper"].label = "This paper is an appendix to the report before it"

    def clean_paper(self):
        paper = self.cleaned_data["paper"]
        if paper.report_before() is None:
            raise ValidationError(f"No report comes before “{paper.title}” in its PDF.")
        return paper

    failure = "The change of type needs attention;"

    def save(self, *, by) -> str:
        appendix = paper_as_appendix(self.cleaned_data["paper"], by=by)
        return f"“{appendix.title}” is now {appendix.label}."


class AppendixRetypeForm(forms.Form):
    """An appendix that is a report of its own (its heading read as an appendix's)."""

    failure = "The change of type needs attention;"
    appendix = forms.ModelChoiceField(
        queryset=Appendix.objects.none(), label="This appendix is a report of its own"
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appendix"].queryset = Appendix.objects.filter(
            document__meeting=meeting
        ).select_related("report")
        self.fields["appendix"].label_from_instance = _appendix_label

    def save(self, *, by) -> str:
        report = paper_as_report(self.cleaned_data["appendix"], by=by)
        return f"“{report.title}” is now a report of its own."


def _appendix_label(appendix: Appendix) -> str:
    return (
        f"{appendix} of “{appendix.report.title}” "
        f"(pages {appendix.first_page}-{appendix.last_page} of its PDF)"
    )


class PaperFromPagesForm(forms.Form):
    """Pages of one of the meeting's PDFs made a paper, whatever the import made of them
    (pages it could not place, or a paper it misread): a report, an appendix, minutes or a
    decision record, read from the pages' text as that kind of paper."""

    failure = "Making a paper of the pages needs attention;"
    document = forms.ModelChoiceField(queryset=Document.objects.none(), label="In the PDF")
    first_page = forms.IntegerField(label="From page", min_value=1)
    last_page = forms.IntegerField(label="To page", min_value=1)
    kind = forms.ChoiceField(
        label="The pages are", choices=list(PAPER_KINDS.items()), widget=forms.RadioSelect
    )
    title = forms.CharField(
        label="Title",
        max_length=500,
        required=False,
        help_text="Read from the pages if left empty.",
    )
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, label="Agenda item"
    )
    report = forms.ModelChoiceField(
        queryset=Report.objects.none(), required=False, label="Appendix to the report"
    )
    minutes_committee = forms.ModelChoiceField(
        queryset=Committee.objects.all(),
        required=False,
        label="Minutes of the committee",
        empty_label="As their heading says",
    )
    minutes_date = forms.DateField(
        required=False,
        label="Minutes of the meeting on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["document"].queryset = meeting.documents.current()
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["report"].queryset = Report.objects.filter(document__meeting=meeting)
        self.fields["report"].label_from_instance = _paper_label

    def clean(self):
        data = super().clean()
        document, first, last = data.get("document"), data.get("first_page"), data.get("last_page")
        if not (document and first and last):
            return data
        if not first <= last <= document.page_count:
            self.add_error(
                "last_page",
                f"{document.original_name} has {document.page_count} pages: give pages in "
                "order, within it.",
            )
            return data
        kind = data.get("kind")
        if kind == "appendix":
            report = data.get("report")
            if report is None or report.document_id != document.pk:
                self.add_error(
                    "report", "Choose the report, in the same PDF, it is an appendix to."
                )
        within = Q(document=document, first_page__lte=last, last_page__gte=first)
        if kind in ("report", "appendix") and (
            Report.objects.filter(within).exists() or Appendix.objects.filter(within).exists()
        ):
            self.add_error(
                "first_page",
                "Those pages are part of a report or appendix already: split it, or leave it "
                "out, first.",
            )
        if kind == "minutes" and Minutes.objects.filter(within).exists():
            self.add_error("first_page", "Those pages are part of minutes already.")
        if kind == "decision":
            texts = document.pages.filter(number__gte=first, number__lte=last)
            read = reading.read_as("decision", list(texts.values_list("text", flat=True)))
            held = DecisionRecord.objects.filter(
                reference=read.reference or "", status=read.status or DecisionRecord.Status.MADE
            ).exclude(reference="")
            if held.exists():
                self.add_error(
                    "first_page",
                    f"Those pages are decision record {read.reference}, already in the portal "
                    f"({held.first().title}).",
                )
        if kind == "minutes" and bool(data.get("minutes_committee")) != bool(
            data.get("minutes_date")
        ):
            self.add_error("minutes_date", "Give both the committee and the date, or neither.")
        return data

    def save(self, *, by) -> str:
        data = self.cleaned_data
        minuted = None
        if data["kind"] == "minutes" and data.get("minutes_date"):
            committee, day = data["minutes_committee"], data["minutes_date"]
            minuted = Meeting.objects.on(committee, day) or Meeting.objects.create(
                committee=committee, date=day
            )
        paper = paper_from_pages(
            data["document"],
            first=data["first_page"],
            last=data["last_page"],
            kind=data["kind"],
            title=data.get("title") or "",
            agenda_item=data.get("agenda_item"),
            report=data.get("report"),
            minuted=minuted,
            by=by,
        )
        return f"Pages {data['first_page']} to {data['last_page']} are now “{paper}”."


class PaperLeaveOutForm(forms.Form):
    """A paper the import made of pages that are no paper at all: its pages stay in the
    pack, in no paper."""

    failure = "Leaving the pages out needs attention;"
    paper = forms.ChoiceField(label="These pages are no paper")

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.papers = {}
        for kind, model in PAPERS.items():
            for paper in model.objects.filter(
                document__meeting=meeting, first_page__isnull=False
            ).with_document():
                key = f"{kind}:{paper.pk}"
                self.papers[key] = paper
        self.fields["paper"].choices = [("", "Choose a paper")] + [
            (
                key,
                f"{paper} (pages {paper.page_numbers.start}-{paper.page_numbers.stop - 1} of "
                f"{paper.document})",
            )
            for key, paper in sorted(
                self.papers.items(), key=lambda pair: (pair[1].document_id, pair[1].first_page)
            )
        ]

    def clean_paper(self):
        paper = self.papers[self.cleaned_data["paper"]]
        if isinstance(paper, Report) and paper.appendices.exists():
            raise ValidationError(
                f"“{paper}” has appendices: make them reports of their own, or leave them out, "
                "first."
            )
        return paper

    def save(self, *, by) -> str:
        paper = self.cleaned_data["paper"]
        paper_leave_out(paper, by=by)
        return f"“{paper}” is no longer a paper; its pages stay in the pack."


class MakePublicForm(forms.Form):
    """The one way something exempt becomes public: staff name it (an agenda item with its
    papers, one paper, or pages in no paper) and say why. It is always shown first, with
    the pages that would become public in words, and kept in the audit trail."""

    makes_public = True
    failure = "Making it public needs attention;"
    target = forms.ChoiceField(label="What may now be public")
    reason = forms.CharField(
        label="Why it may now be public",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the audit trail, e.g. “The contract is signed: the committee agreed "
        "on 3 March that the report may be published.”",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.targets = {target.key: target for target in exempt_targets(meeting)}
        self.fields["target"].choices = [("", "Choose what is exempt now")] + [
            (key, target.label) for key, target in self.targets.items()
        ]

    def clean_target(self):
        target = self.targets[self.cleaned_data["target"]]
        if target.blocked:
            raise ValidationError(f"{target.label} cannot be made public alone: {target.blocked}.")
        return target.key

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < 10:
            raise ValidationError("Say why it may now be public, in a sentence the audit keeps.")
        return reason

    def save(self, *, by) -> str:
        data = self.cleaned_data
        return papers_make_public(self.meeting, target=data["target"], reason=data["reason"], by=by)


class ForwardPlanNoticeForm(StaffForm):
    """A notice of the forward plan, as staff enter it from the council's own plan.

    The decision and report choices are the last two years' (and the next), so that the
    lists stay short; older ones can be linked in the admin."""

    class Meta(StaffForm.Meta):
        model = ForwardPlanNotice
        fields = [
            "reference",
            "matter",
            "summary",
            "decision_maker",
            "expected_date",
            "is_key_decision",
            "status",
            "documents",
            "report",
            "is_private",
            "exempt_paragraph",
            "private_reason",
            "contact_name",
            "contact_email",
            "contact_phone",
            "wards",
            "first_published_on",
            "decision",
        ]
        widgets = {
            "matter": forms.TextInput(attrs={"size": 80}),
            "expected_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "first_published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "documents": forms.Textarea(attrs={"rows": 3}),
            "private_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        since = timezone.localdate() - datetime.timedelta(days=730)
        linked = Q(pk=self.instance.decision_id) if self.instance.decision_id else Q(pk__in=[])
        self.fields["decision"].queryset = DecisionRecord.objects.filter(
            Q(status=DecisionRecord.Status.MADE, date__gte=since) | linked
        )
        self.fields["decision"].label_from_instance = _decision_label
        report = Q(pk=self.instance.report_id) if self.instance.report_id else Q(pk__in=[])
        # Reports of current documents only: a withdrawn or replaced version's reports
        # would be listed again beside their new ones.
        current = Q(document__in=Document.objects.current(), document__meeting__date__gte=since)
        self.fields["report"].queryset = Report.objects.filter(current | report).select_related(
            "document__meeting__committee"
        )
        self.fields["report"].label_from_instance = _report_label


def _decision_label(record: DecisionRecord) -> str:
    when = f"{record.date:%d %b %Y}" if record.date else "undated"
    return f"{record} ({record.decision_maker}, {when})"


def _report_label(report: Report) -> str:
    meeting = report.document.meeting if report.document else None
    return f"{report.title} ({meeting})" if meeting else report.title


class CallInForm(StaffForm):
    """A made decision's call-in: whether it is exempt as urgent, when it was called in,
    and what the call-in concluded."""

    class Meta(StaffForm.Meta):
        model = DecisionRecord
        fields = [
            "call_in_exempt",
            "urgency",
            "called_in_on",
            "call_in_outcome",
            "call_in_outcome_on",
            "call_in_note",
        ]
        labels = {
            "call_in_exempt": "Exempt from call-in as urgent",
            "urgency": "Reason for urgency",
            "called_in_on": "Called in on",
            "call_in_outcome": "Outcome",
            "call_in_outcome_on": "Outcome decided on",
            "call_in_note": "Note on the outcome",
        }
        widgets = {
            "urgency": forms.Textarea(attrs={"rows": 3}),
            "called_in_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "call_in_outcome_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "call_in_note": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        data = super().clean()
        record = self.instance
        called, outcome, decided = (
            data.get("called_in_on"),
            data.get("call_in_outcome"),
            data.get("call_in_outcome_on"),
        )
        if data.get("call_in_exempt"):
            if called:
                self.add_error("called_in_on", "An urgent decision cannot be called in.")
            if not DecisionRecord.is_urgent(data.get("urgency") or ""):
                self.add_error("urgency", "Give the reason the decision was urgent.")
        if called and record.published_on and called < record.published_on:
            self.add_error("called_in_on", "A decision is called in after it is published.")
        if called and called > timezone.localdate():
            # A call-in is recorded once made; a day to come is a mistyped date, and
            # "the period ended" would be untrue while the period is still open.
            self.add_error(
                "called_in_on", "That day is still to come: record a call-in once it is made."
            )
        elif called and record.call_in_deadline and called > record.call_in_deadline:
            # Called in after the deadline, on a day past: the deadline is past too.
            self.add_error(
                "called_in_on",
                f"The call-in period ended on {record.call_in_deadline:%-d %B %Y}.",
            )
        if (outcome or decided) and not called:
            self.add_error("called_in_on", "Give the date it was called in before its outcome.")
        if decided and not outcome:
            self.add_error("call_in_outcome", "Choose the outcome decided on that date.")
        if decided and called and decided < called:
            self.add_error("call_in_outcome_on", "The outcome comes after the call-in.")
        return data


class MemberForm(StaffForm):
    """A councillor as members services keep them: name, party, ward, whether they sit
    now, their account on the portal and their register of interests (a PDF, checked as
    an upload is). A name another councillor goes by is refused: that is a merge."""

    class Meta(StaffForm.Meta):
        model = Member
        fields = ["name", "party", "ward", "is_current", "user", "register_of_interests"]
        labels = {
            "name": "Name",
            "ward": "Ward or division",
            "is_current": "A current councillor",
            "user": "Account on the portal",
            "register_of_interests": "Register of interests (PDF)",
        }
        help_texts = {
            "name": "As the council prints it. A new name keeps the old one as an alias.",
            "is_current": "Untick for a former councillor; their record stays public.",
            "user": "Accounts in the Councillors group; a superuser makes accounts in the "
            "admin. Linked, the councillor's “My meetings” lists their committees' meetings.",
            "register_of_interests": "A PDF, published at once on their page. Choose a file "
            "only to replace the one held.",
        }
        widgets = {
            "register_of_interests": forms.FileInput(attrs={"accept": "application/pdf,.pdf"})
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mine = Q(member=self.instance) if self.instance.pk else Q(pk__in=[])
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(groups__name=COUNCILLORS)
            .filter(Q(member__isnull=True) | mine)
            .order_by("last_name", "first_name", "username")
            .distinct()
        )
        self.fields["user"].label_from_instance = _account_label
        self.fields["user"].empty_label = "No account linked"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if self.instance.pk and name == self.instance.name:
            return name
        others = Member.objects.exclude(pk=self.instance.pk)
        taken = others.filter(
            Q(name__iexact=name)
            | Q(slug=slugify(name)[:200] or "-")
            | Q(aliases__name__iexact=name)
        ).first()
        if taken:
            raise ValidationError(
                f"{taken.name} already goes by that name: if they are one councillor, merge "
                "the two spellings instead."
            )
        return name

    def clean_register_of_interests(self):
        file = self.cleaned_data.get("register_of_interests")
        if isinstance(file, UploadedFile):
            _check_pdf(file)
        return file


def _account_label(user) -> str:
    full = user.get_full_name()
    return f"{full} ({user.username})" if full else user.username


class MembershipForm(StaffForm):
    """A councillor's place on a committee. The model's rule on dates is checked here
    first, so that its sentence stands beside the end date."""

    class Meta(StaffForm.Meta):
        model = Membership
        fields = ["committee", "role", "start_date", "end_date"]
        help_texts = {"role": ""}  # said once above the table, which shows no help texts
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _rule("membership_dates_in_order", Membership))
        return data


MembershipFormSet = inlineformset_factory(
    Member, Membership, form=MembershipForm, extra=2, can_delete=True
)


class MemberMergeForm(forms.Form):
    """The other spelling of a councillor, to merge into the one kept. Every councillor is
    a valid choice, so that choosing the same one is answered in words."""

    other = forms.ModelChoiceField(
        queryset=Member.objects.all(),
        label="The other spelling",
        help_text="Its attendance, committees, aliases and account move to the name kept.",
    )

    def __init__(self, *args, kept: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = kept
        field = self.fields["other"]
        field.widget.choices = [("", "Choose a councillor")] + [
            (member.pk, _member_label(member)) for member in Member.objects.exclude(pk=kept.pk)
        ]

    def clean_other(self):
        other = self.cleaned_data["other"]
        if other.pk == self.kept.pk:
            raise ValidationError(
                f"{other.name} cannot be merged into themselves: choose the other spelling."
            )
        return other


def _member_label(member: Member) -> str:
    details = ", ".join(part for part in (member.party, member.ward) if part)
    return f"{member.name} ({details})" if details else member.name
