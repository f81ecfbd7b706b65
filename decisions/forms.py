"""The decisions register's filters, read from GET parameters so a view can be shared."""

from django import forms

from meetings.forms import ANY, MeetingFilterForm, QuickSelect
from meetings.models import Committee
from search.index import NOTHING_TO_SEARCH, entries_matching, has_words

from .models import DecisionRecord, decision_makers


class DecisionFilterForm(MeetingFilterForm):
    q = forms.CharField(
        required=False,
        max_length=500,
        label="Words in the title or decision",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    key_decision = forms.ChoiceField(
        required=False,
        widget=QuickSelect,
        label="Key decision",
        choices=[*ANY, ("yes", "Key decisions only"), ("no", "Not key decisions")],
    )
    status = forms.ChoiceField(
        required=False,
        widget=QuickSelect,
        label="Status",
        choices=[*ANY, *DecisionRecord.Status.choices],
    )
    call_in = forms.ChoiceField(
        required=False,
        widget=QuickSelect,
        label="Call-in",
        choices=[*ANY, ("open", "Open for call-in now"), ("called_in", "Called in")],
    )
    field_order = ["q", "committee", "decision_maker", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        committees = (
            Committee.objects.with_decisions_in(DecisionRecord.objects.public())
            .filter(is_active=True)
            .values_list("slug", "name")
        )
        self.set_choices(committees, decision_makers())

    def words_note(self) -> str:
        """Why no record matches, when the words ask for nothing to search for."""
        text = self.cleaned_data.get("q") if self.is_valid() else ""
        return NOTHING_TO_SEARCH if text and not has_words(text) else ""

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
            "with_words": (
                entries_matching(data["q"]).filter(kind="decision").values("source_id")
                if data.get("q")
                else None
            ),
            "call_in": data.get("call_in") or None,
        }
