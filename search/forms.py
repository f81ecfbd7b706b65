"""The search page's form: GET, so that a search can be shared."""

from django import forms

from decisions.models import decision_makers
from meetings.forms import MeetingFilterForm, QuickSelect
from meetings.models import Committee, Meeting

from .index import MAX_QUERY, Filters
from .models import SearchEntry


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
        widget=QuickSelect,
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

    def narrowed(self) -> bool:
        """Whether any filter is chosen (or mistyped), so the filters are shown open."""
        if self.errors:
            return True
        return any(self.cleaned_data.get(name) for name in self.fields if name not in ("q", "sort"))

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            kinds=data.get("kind") or [],
            committee=data.get("committee") or None,
            decision_maker=data.get("decision_maker") or None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
