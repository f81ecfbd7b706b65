"""The decisions register's filters, read from GET parameters so a view can be shared."""

from django import forms

from meetings.models import Committee

from .models import DecisionRecord

ANY = [("", "Any")]


class DecisionFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=500, label="Words", widget=forms.HiddenInput)
    committee = forms.ChoiceField(required=False, label="Committee")
    decision_maker = forms.ChoiceField(required=False, label="Decision maker")
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    key_decision = forms.ChoiceField(
        required=False,
        label="Key decision",
        choices=[*ANY, ("yes", "Key decisions only"), ("no", "Not key decisions")],
    )
    status = forms.ChoiceField(
        required=False, label="Status", choices=[*ANY, *DecisionRecord.Status.choices]
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].choices = [
            *ANY,
            *Committee.objects.filter(meetings__decisions__in=decisions)
            .distinct()
            .order_by("name")
            .values_list("slug", "name"),
        ]
        makers = decisions.order_by("decision_maker").values_list("decision_maker", flat=True)
        self.fields["decision_maker"].choices = [
            *ANY,
            *((maker, maker) for maker in makers.distinct() if maker),
        ]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return data

    def filters(self) -> dict:
        """The valid filters, as keyword arguments for ``DecisionRecordQuerySet.matching``."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        key = {"yes": True, "no": False}.get(data.get("key_decision") or "")
        return {
            "committee": data.get("committee") or None,
            "decision_maker": data.get("decision_maker") or None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "key_decision": key,
            "status": data.get("status") or None,
            "text": data.get("q") or None,
        }
