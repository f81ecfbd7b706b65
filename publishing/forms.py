"""The staff upload form: PDFs checked for size and type before anything parses them."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone

from meetings.models import Meeting
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
