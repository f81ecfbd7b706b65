"""The sign-up form: an address, and what to follow (committees, a search with the
search page's own filters, decisions)."""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from meetings.access import PUBLIC
from search.forms import SearchForm
from search.index import has_words

from .models import Alert, Subscriber, normalise_email


class SignUpForm(forms.Form):
    email = forms.EmailField(label="Your e-mail address", max_length=254)
    committees = forms.ModelMultipleChoiceField(
        queryset=PUBLIC.committees().filter(is_active=True).order_by("name"),
        to_field_name="slug",
        required=False,
        label="Committees whose meetings to follow",
        widget=forms.CheckboxSelectMultiple,
    )
    decisions = forms.ChoiceField(
        choices=[("", "No decisions"), ("all", "Every decision"), ("key", "Key decisions only")],
        required=False,
        label="Decisions",
        widget=forms.RadioSelect,
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        # The search page's own form, from the same fields, so a search is saved as the
        # search page (and its feed) would read it.
        self.search = SearchForm(data if data is not None else kwargs.get("initial"))

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def search_query(self) -> str:
        """The search's words and filters as a query string; empty without words."""
        if not (self.search.is_valid() and has_words(self.search.cleaned_data["q"])):
            return ""
        data = self.search.cleaned_data
        query = QueryDict(mutable=True)
        query["q"] = data["q"]
        query.setlist("kind", data["kind"])
        for name in ("committee", "decision_maker", "date_from", "date_to"):
            if data.get(name):
                query[name] = str(data[name])
        return query.urlencode()

    def clean(self):
        data = super().clean()
        if self.search.data.get("q") and not self.search.is_valid():
            raise forms.ValidationError("Check the search's filters.")
        if not (data.get("committees") or data.get("decisions") or self.search_query()):
            raise forms.ValidationError(
                "Choose something to follow: a committee, a search or decisions."
            )
        return data

    def save(self) -> tuple[Subscriber, list[Alert]]:
        """The address (made if new) and its new alerts, pending until confirmed. The
        same whether or not the address was known, so nothing tells them apart."""
        subscriber, _ = Subscriber.objects.get_or_create(email=self.cleaned_data["email"])
        alerts = [
            Alert(subscriber=subscriber, kind=Alert.Kind.COMMITTEE, committee=committee)
            for committee in self.cleaned_data["committees"]
        ]
        if query := self.search_query():
            alerts.append(Alert(subscriber=subscriber, kind=Alert.Kind.SEARCH, search=query))
        if decisions := self.cleaned_data["decisions"]:
            alerts.append(
                Alert(subscriber=subscriber, kind=Alert.Kind.DECISIONS, key_only=decisions == "key")
            )
        return subscriber, Alert.objects.bulk_create(alerts)
