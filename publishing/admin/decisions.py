from django.contrib import admin

from decisions.models import DecisionRecord

from .base import PublicContentAdmin


@admin.register(DecisionRecord)
class DecisionRecordAdmin(PublicContentAdmin):
    list_display = ["reference", "title", "decision_maker", "date", "status", "is_key_decision"]
    list_filter = [
        "status",
        "is_key_decision",
        "call_in_exempt",
        "call_in_outcome",
        "decision_maker",
        ("date", admin.DateFieldListFilter),
    ]
    search_fields = ["reference", "title", "decision", "decision_maker"]
    date_hierarchy = "date"
    raw_id_fields = ["meeting", "agenda_item", "report", "document", "made_as"]
    readonly_fields = ["call_in_deadline", "may_be_implemented_from"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "reference",
                    "title",
                    "decision_maker",
                    "date",
                    "status",
                    "is_key_decision",
                    "made_as",
                ]
            },
        ),
        (
            "Publication and call-in",
            {
                "fields": [
                    "published_on",
                    "call_in_deadline",
                    "may_be_implemented_from",
                    "call_in_exempt",
                    "called_in_on",
                    "call_in_outcome",
                    "call_in_outcome_on",
                    "call_in_note",
                ]
            },
        ),
        ("Where it was taken", {"fields": ["meeting", "agenda_item", "report"]}),
        (
            "The record",
            {
                "fields": [
                    "decision",
                    "reasons",
                    "alternatives_rejected",
                    "conflicts_of_interest",
                    "dispensation",
                    "urgency",
                    "approved_by",
                ]
            },
        ),
        ("Source", {"fields": ["document", "first_page", "last_page"]}),
    ]
