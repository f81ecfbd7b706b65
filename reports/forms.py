"""The search page's form, read from GET parameters so a search can be shared."""

from django import forms

from decisions.models import DecisionRecord
from meetings.models import Committee

from .models import SearchEntry
from .search import MAX_QUERY, Filters

ANY = [("", "Any")]


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search for", strip=True)
    kind = forms.MultipleChoiceField(
        required=False,
        label="Type of paper",
        choices=SearchEntry.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    committee = forms.ChoiceField(required=False, label="Committee")
    decision_maker = forms.ChoiceField(required=False, label="Decision maker")
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].choices = [
            *ANY,
            *Committee.objects.filter(is_active=True).values_list("slug", "name"),
        ]
        makers = (
            DecisionRecord.objects.public()
            .order_by("decision_maker")
            .values_list("decision_maker", flat=True)
            .distinct()
        )
        self.fields["decision_maker"].choices = [*ANY, *((m, m) for m in makers if m)]

    def clean_q(self) -> str:
        text = " ".join(self.cleaned_data["q"].split())
        self.cut = len(text) > MAX_QUERY
        return text[:MAX_QUERY]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            kinds=data.get("kind") or [],
            committee=data.get("committee") or None,
            decision_maker=data.get("decision_maker") or None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
