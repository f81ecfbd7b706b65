from django.contrib import admin

from decisions.models import DecisionRecord

from .base import PublicContentAdmin


@admin.register(DecisionRecord)
class DecisionRecordAdmin(PublicContentAdmin):
    list_display = ["reference", "title", "decision_maker", "date", "status", "is_key_decision"]
    list_filter = [
        "status",
        "is_key_decision",
        "decision_maker",
        ("date", admin.DateFieldListFilter),
    ]
    search_fields = ["reference", "title", "decision", "decision_maker"]
    date_hierarchy = "date"
    raw_id_fields = ["meeting", "agenda_item", "report", "document"]
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
