"""Sign up for e-mail alerts, confirm, manage them, and unsubscribe in one click."""

from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("alerts/", views.sign_up, name="sign_up"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/manage/<str:token>/", views.manage, name="manage"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
