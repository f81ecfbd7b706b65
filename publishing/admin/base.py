"""The admin's base for what the public may see."""

from django.contrib import admin
from django.db import transaction

from meetings.models import Meeting
from search.index import index_meeting

from ..exemption import exemption_spread
from ..services import public_content_changed


def meeting_of(obj) -> Meeting | None:
    """The meeting whose papers an object belongs to: a paper's pack decides where it is
    indexed, so the document's meeting comes first."""
    document = getattr(obj, "document", None)
    if document is not None:
        return document.meeting
    if isinstance(obj, Meeting):
        return obj
    return getattr(obj, "meeting", None)


class PublicContentAdmin(admin.ModelAdmin):
    """Every change saved in the admin reaches the public: exempt labels rise to what the
    meeting now implies, the decisions register's flags follow, the meeting's search
    entries are rebuilt from what the public may now read, and the cached pages are
    forgotten. An exempt label cannot be lowered here: only "Make public", in the staff
    area, lowers one, naming it and saying why."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if getattr(obj, "is_exempt", False):
            fields.append("is_exempt")
        return fields

    def log_addition(self, request, obj, message):
        self._follow([meeting_of(obj)])
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._follow([meeting_of(obj)])
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        meeting = meeting_of(obj) if not isinstance(obj, Meeting) else None
        super().delete_model(request, obj)
        self._follow([meeting])

    @transaction.atomic  # the admin's "delete selected" runs outside one
    def delete_queryset(self, request, queryset):
        meetings = [meeting_of(obj) for obj in queryset if not isinstance(obj, Meeting)]
        super().delete_queryset(request, queryset)
        self._follow(meetings)

    @staticmethod
    def _follow(meetings: list[Meeting | None]) -> None:
        changed = {meeting for meeting in meetings if meeting is not None}
        exemption_spread(*changed)
        public_content_changed()
        for meeting in changed:
            index_meeting(meeting)
