"""The staff upload form: PDFs checked for size and type before anything parses them."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone

from meetings.models import Committee, Meeting, unique_slug
from reports.models import Document


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
    files = PdfFilesField(
        label="PDF files",
        help_text="Agenda packs, supplementary packs, minutes, decision records or single reports.",
    )
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        label="Meeting",
        empty_label="The meeting printed in the PDF",
        help_text="Choose one only when the PDF does not name its meeting.",
    )
    committee = forms.CharField(
        required=False,
        max_length=200,
        label="Committee",
        help_text="The body, when the PDF does not name it.",
    )
    replaces = forms.ModelChoiceField(
        queryset=Document.objects.none(),
        required=False,
        label="Replaces",
        empty_label="Nothing: a new document",
        help_text="The earlier version this corrects; it stays readable by staff.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recent = timezone.localdate() - datetime.timedelta(days=730)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(date__gte=recent).select_related("committee").order_by("-date")
        )
        self.fields["replaces"].queryset = (
            Document.objects.current()
            .filter(uploaded_at__date__gte=recent)
            .select_related("meeting__committee")
            .order_by("-uploaded_at")
        )

    def clean(self):
        data = super().clean()
        if data.get("replaces") and len(data.get("files") or []) > 1:
            self.add_error("replaces", "Replace one document at a time.")
        return data


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


class AttachForm(MeetingDetailsForm):
    """The meeting a paper with no meeting belongs to: one already in the portal, or a
    new one (committee, date, time, venue)."""

    existing = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        label="A meeting already in the portal",
        empty_label="None of these: a new meeting, below",
    )
    field_order = ["existing", "committee", "new_committee", "date", "start_time", "venue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recent = timezone.localdate() - datetime.timedelta(days=730)
        self.fields["existing"].queryset = (
            Meeting.objects.filter(date__gte=recent).select_related("committee").order_by("-date")
        )
        for name in ("date",):
            self.fields[name].required = False

    def clean(self):
        if self.cleaned_data.get("existing"):
            return self.cleaned_data
        data = super().clean()
        if not data.get("date"):
            self.add_error("date", "Give the meeting's date, or choose a meeting above.")
        return data

    def validate_unique(self):
        if not self.cleaned_data.get("existing"):
            super().validate_unique()

    def meeting(self) -> Meeting:
        """The chosen meeting, or the new one, made as a draft."""
        data = self.cleaned_data
        if data.get("existing"):
            return data["existing"]
        committee = data["committee"]
        if data.get("new_committee"):
            committee = Committee.objects.named(data["new_committee"]).first() or (
                Committee.objects.create(
                    name=data["new_committee"],
                    slug=unique_slug(Committee, data["new_committee"]),
                )
            )
        return Meeting.objects.create(
            committee=committee,
            date=data["date"],
            start_time=data.get("start_time"),
            venue=data.get("venue") or "",
        )
