"""The filters the decisions register and the search page share."""

from django import forms

ANY = [("", "Any")]


class MeetingFilterForm(forms.Form):
    """Committee, decision maker and a date range; subclasses fill in the choices."""

    committee = forms.ChoiceField(required=False, label="Committee")
    decision_maker = forms.ChoiceField(required=False, label="Decision maker")
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
