from django.contrib import admin, messages
from django.template.response import TemplateResponse

from meetings.models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeAlias,
    Meeting,
    Member,
    MemberAlias,
    Membership,
)

from ..forms import ExemptStaysForm
from ..services import member_merge
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
    form = ExemptStaysForm
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


@admin.register(Meeting)
class MeetingAdmin(PublicContentAdmin):
    list_display = ["committee", "date", "start_time", "venue", "status", "published_at"]
    list_filter = ["status", "committee", ("date", admin.DateFieldListFilter)]
    list_select_related = ["committee"]
    search_fields = ["committee__name", "venue"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(PublicContentAdmin):
    list_display = ["number", "title", "meeting", "first_page", "last_page", "is_exempt"]
    list_filter = ["is_exempt", "meeting__committee"]
    list_select_related = ["meeting__committee"]
    search_fields = ["title", "number", "meeting__committee__name"]
    autocomplete_fields = ["meeting"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["committee"]


@admin.register(Member)
class MemberAdmin(PublicContentAdmin):
    list_display = ["name", "party", "ward", "is_current", "user"]
    list_filter = ["is_current", "party"]
    search_fields = ["name", "aliases__name", "ward"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    inlines = [MembershipInline, MemberAliasInline]
    actions = ["merge"]

    @admin.action(description="Merge two spellings of one councillor", permissions=["change"])
    def merge(self, request, queryset):
        """Asks which of the two selected names to keep, then merges the other into it."""
        members = list(queryset.order_by("name"))
        if len(members) != 2:
            self.message_user(request, "Select exactly two councillors to merge.", messages.ERROR)
            return None
        kept_pk = request.POST.get("kept")
        if request.POST.get("confirm") and kept_pk in {str(m.pk) for m in members}:
            kept = next(m for m in members if str(m.pk) == kept_pk)
            merged = next(m for m in members if m is not kept)
            name = merged.name
            member_merge(kept, merged, by=request.user)
            self.message_user(request, f"{name} is now an alias of {kept.name}.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge two councillors",
            "members": members,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/meetings/member/merge.html", context)


@admin.register(Attendance)
class AttendanceAdmin(PublicContentAdmin):
    list_display = ["member", "meeting", "status", "role"]
    list_filter = ["status", "meeting__committee"]
    list_select_related = ["member", "meeting__committee"]
    search_fields = ["member__name", "meeting__committee__name"]
    fields = ["minutes", "member", "status", "role"]
    raw_id_fields = ["minutes"]
    autocomplete_fields = ["member"]
