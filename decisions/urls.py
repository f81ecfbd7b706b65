from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("decisions/", views.register, name="register"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/pdf/", views.decision_pdf, name="decision_pdf"),
]
