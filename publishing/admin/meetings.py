from django.contrib import admin

from meetings.models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeAlias,
    Meeting,
    Member,
    MemberAlias,
)

from .base import PublicContentAdmin


class CommitteeAliasInline(admin.TabularInline):
    model = CommitteeAlias
    extra = 1


@admin.register(Committee)
class CommitteeAdmin(PublicContentAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CommitteeAliasInline]


class MemberAliasInline(admin.TabularInline):
    model = MemberAlias
    extra = 1


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = [
        "order",
        "number",
        "title",
        "first_page",
        "last_page",
        "is_exempt",
        "exempt_paragraph",
    ]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(Meeting)
class MeetingAdmin(PublicContentAdmin):
    list_display = ["committee", "date", "start_time", "venue", "status", "published_at"]
    list_filter = ["status", "committee", ("date", admin.DateFieldListFilter)]
    list_select_related = ["committee"]
    search_fields = ["committee__name", "venue"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline, AttendanceInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(PublicContentAdmin):
    list_display = ["number", "title", "meeting", "first_page", "last_page", "is_exempt"]
    list_filter = ["is_exempt", "meeting__committee"]
    list_select_related = ["meeting__committee"]
    search_fields = ["title", "number", "meeting__committee__name"]
    autocomplete_fields = ["meeting"]


@admin.register(Member)
class MemberAdmin(PublicContentAdmin):
    list_display = ["name", "party", "is_current"]
    list_filter = ["is_current", "party"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MemberAliasInline]


@admin.register(Attendance)
class AttendanceAdmin(PublicContentAdmin):
    list_display = ["member", "meeting", "status", "role"]
    list_filter = ["status", "meeting__committee"]
    list_select_related = ["member", "meeting__committee"]
    search_fields = ["member__name", "meeting__committee__name"]
    autocomplete_fields = ["meeting", "member"]
