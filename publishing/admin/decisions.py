from django.contrib import admin

from decisions.models import DecisionRecord, ForwardPlanNotice

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


@admin.register(ForwardPlanNotice)
class ForwardPlanNoticeAdmin(PublicContentAdmin):
    list_display = [
        "reference",
        "matter",
        "decision_maker",
        "expected_date",
        "status",
        "published_at",
    ]
    list_filter = [
        "status",
        "is_key_decision",
        "is_private",
        ("expected_date", admin.DateFieldListFilter),
    ]
    search_fields = ["reference", "matter", "summary", "decision_maker"]
    date_hierarchy = "expected_date"
    raw_id_fields = ["report", "decision"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "reference",
                    "matter",
                    "summary",
                    "decision_maker",
                    "expected_date",
                    "is_key_decision",
                    "status",
                ]
            },
        ),
        ("Documents", {"fields": ["documents", "report"]}),
        ("In private", {"fields": ["is_private", "exempt_paragraph", "private_reason"]}),
        ("Contact", {"fields": ["contact_name", "contact_email", "contact_phone", "wards"]}),
        ("Publication", {"fields": ["first_published_on", "published_at"]}),
        ("The decision", {"fields": ["decision"]}),
    ]
