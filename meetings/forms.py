"""The filters the decisions register and the search page share."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

ANY = [("", "Any")]


class QuickSelect(forms.Select):
    """A ``<select>`` written in one go, as Django's own would be: its widget templates
    take about 60 µs an option, and the filters list every committee and decision maker
    on each search and register page."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, " selected" if str(choice) in chosen else "", label)
                for choice, label in self.choices
            ),
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attributes, options)


class MeetingFilterForm(forms.Form):
    """Committee, decision maker and a date range; subclasses fill in the choices."""

    committee = forms.ChoiceField(required=False, label="Committee", widget=QuickSelect)
    decision_maker = forms.ChoiceField(required=False, label="Decision maker", widget=QuickSelect)
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def set_choices(self, committees, makers) -> None:
        """``committees`` as (slug, name) pairs, ``makers`` as names."""
        self.fields["committee"].choices = [*ANY, *committees]
        self.fields["decision_maker"].choices = [*ANY, *((m, m) for m in makers if m)]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return data
