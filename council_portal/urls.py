"""The portal's URLs: public pages from each app, the admin for staff."""

from django.contrib import admin
from django.urls import path

from meetings import views as meeting_views

urlpatterns = [
    path("", meeting_views.home, name="home"),
    path("admin/", admin.site.urls),
]
