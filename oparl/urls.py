"""The OParl 1.1 API under ``/oparl/v1.1/``."""

from django.urls import path

from . import views

app_name = "oparl"
urlpatterns = [
    path("", views.system, name="system"),
    path("bodies/", views.bodies, name="bodies"),
    path("body/", views.body, name="body"),
    path("body/legislative-terms/", views.legislative_terms, name="legislative_terms"),
    path("body/<slug:name>/", views.listing, name="list"),
    path("legislative-term/", views.legislative_term, name="legislative_term"),
    *(
        path(f"{kind}/<int:pk>/", views.detail(kind), name=kind.replace("/", "_"))
        for kind in views.KINDS
    ),
]
