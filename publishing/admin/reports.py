from django.contrib import admin

from meetings.models import Attendance
from reports.models import Appendix, Document, MinuteItem, Minutes, Page, Report

from ..forms import ExemptStaysForm
from .base import PublicContentAdmin


@admin.register(Document)
class DocumentAdmin(PublicContentAdmin):
    list_display = ["original_name", "kind", "meeting", "page_count", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "meeting__committee", ("uploaded_at", admin.DateFieldListFilter)]
    list_select_related = ["meeting__committee", "uploaded_by"]
    search_fields = ["original_name", "sha256", "meeting__committee__name"]
    readonly_fields = ["sha256", "page_count", "uploaded_by", "uploaded_at"]
    autocomplete_fields = ["meeting"]


@admin.register(Page)
class PageAdmin(PublicContentAdmin):
    list_display = ["document", "number", "printed_number"]
    list_select_related = ["document"]
    search_fields = ["document__original_name", "text"]
    raw_id_fields = ["document"]


class AppendixInline(admin.TabularInline):
    model = Appendix
    form = ExemptStaysForm
    extra = 0
    fields = ["label", "title", "document", "first_page", "last_page", "is_exempt"]
    raw_id_fields = ["document"]


@admin.register(Report)
class ReportAdmin(PublicContentAdmin):
    list_display = ["title", "agenda_item", "report_from", "first_page", "last_page", "is_exempt"]
    list_filter = ["is_exempt", "agenda_item__meeting__committee"]
    list_select_related = ["agenda_item__meeting__committee"]
    search_fields = ["title", "report_from", "contact"]
    raw_id_fields = ["document", "agenda_item"]
    inlines = [AppendixInline]


@admin.register(Appendix)
class AppendixAdmin(PublicContentAdmin):
    list_display = ["label", "title", "report", "first_page", "last_page"]
    list_select_related = ["report"]
    search_fields = ["title", "label", "report__title"]
    raw_id_fields = ["document", "report"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["member", "status", "role"]
    autocomplete_fields = ["member"]


class MinuteItemInline(admin.TabularInline):
    model = MinuteItem
    extra = 0
    fields = ["order", "number", "heading", "agenda_item"]
    raw_id_fields = ["agenda_item"]


@admin.register(Minutes)
class MinutesAdmin(PublicContentAdmin):
    list_display = ["meeting", "document", "first_page", "last_page"]
    list_filter = ["meeting__committee"]
    list_select_related = ["meeting__committee", "document"]
    search_fields = ["meeting__committee__name", "items__heading"]
    raw_id_fields = ["document", "meeting"]
    inlines = [MinuteItemInline, AttendanceInline]
