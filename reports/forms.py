"""Forms of the search page (GET, so a search can be shared) and of staff uploads."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone

from decisions.models import decision_makers
from meetings.forms import MeetingFilterForm
from meetings.models import Committee, Meeting

from .models import Document, SearchEntry
from .search import MAX_QUERY, Filters


class SearchForm(MeetingFilterForm):
    q = forms.CharField(required=False, label="Search for", strip=True)
    kind = forms.MultipleChoiceField(
        required=False,
        label="Type of paper",
        choices=SearchEntry.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=[
            ("relevance", "Relevance"),
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
        ],
    )
    field_order = ["q", "kind", "committee", "decision_maker", "date_from", "date_to", "sort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices(
            Committee.objects.with_meetings_in(Meeting.objects.public())
            .filter(is_active=True)
            .values_list("slug", "name"),
            decision_makers(),
        )

    def clean_q(self) -> str:
        text = " ".join(self.cleaned_data["q"].split())
        self.cut = len(text) > MAX_QUERY
        return text[:MAX_QUERY]

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            kinds=data.get("kind") or [],
            committee=data.get("committee") or None,
            decision_maker=data.get("decision_maker") or None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
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
