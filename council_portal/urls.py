"""The portal's URLs: public pages from each app, feeds, calendars and downloads to
follow them, the admin for staff."""

from django.contrib import admin
from django.urls import include, path

from meetings import views as meeting_views

from . import accounts, health

urlpatterns = [
    path("", meeting_views.home, name="home"),
    path("", include("meetings.urls")),
    path("", include("reports.urls")),
    path("", include("decisions.urls")),
    path("", include("search.urls")),
    path("", include("follow.urls")),
    path("oparl/v1.1/", include("oparl.urls")),
    path("", include("alerts.urls")),
    path("staff/", include("publishing.urls")),
    path("accounts/login/", accounts.SignInView.as_view(), name="login"),
    path("accounts/password_reset/", accounts.password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
