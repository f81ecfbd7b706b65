from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("reports/<int:pk>/", views.paper_detail, {"kind": "report"}, name="report"),
    path("reports/<int:pk>/pdf/", views.paper_pdf, {"kind": "report"}, name="report_pdf"),
    path("appendices/<int:pk>/", views.paper_detail, {"kind": "appendix"}, name="appendix"),
    path("appendices/<int:pk>/pdf/", views.paper_pdf, {"kind": "appendix"}, name="appendix_pdf"),
    path("minutes/<int:pk>/", views.paper_detail, {"kind": "minutes"}, name="minutes"),
    path("minutes/<int:pk>/pdf/", views.paper_pdf, {"kind": "minutes"}, name="minutes_pdf"),
    path("documents/<int:pk>/pdf/", views.document_pdf, name="document_pdf"),
]
