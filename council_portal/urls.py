"""The portal's URLs: public pages from each app, the admin for staff; the sitemap and
robots.txt for search engines."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from meetings import views as meeting_views

from . import accounts
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", meeting_views.home, name="home"),
    path("", include("meetings.urls")),
    path("", include("reports.urls")),
    path("", include("decisions.urls")),
    path("", include("search.urls")),
    path("staff/", include("publishing.urls")),
    path("accounts/login/", accounts.SignInView.as_view(), name="login"),
    path("accounts/password_reset/", accounts.password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]
