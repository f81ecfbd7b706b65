"""The admin's base for what the public may see."""

from django.contrib import admin

from reports.services import public_content_changed


class PublicContentAdmin(admin.ModelAdmin):
    """Every change saved in the admin reaches the public pages: the decisions register's
    flags follow it and the cached pages are forgotten."""

    def log_addition(self, request, obj, message):
        public_content_changed()
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        public_content_changed()
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        public_content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        public_content_changed()
