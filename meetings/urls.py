from django.urls import path, register_converter

from . import views


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(IsoDateConverter, "isodate")

app_name = "meetings"
urlpatterns = [
    path("committees/", views.committee_list, name="committees"),
    path("committees/<slug:slug>/", views.committee_detail, name="committee"),
    path("committees/<slug:slug>/<int:year>/", views.committee_detail, name="committee_year"),
    path("committees/<slug:slug>/<isodate:date>/", views.meeting_detail, name="meeting"),
    path(
        "committees/<slug:slug>/<isodate:date>/items/<str:number>/",
        views.agenda_item_detail,
        name="agenda_item",
    ),
    path(
        "committees/<slug:slug>/<isodate:date>/items/<str:number>/pdf/",
        views.agenda_item_pdf,
        name="agenda_item_pdf",
    ),
    path("councillors/", views.councillor_list, name="councillors"),
    path("councillors/<slug:slug>/", views.councillor_detail, name="councillor"),
    path(
        "councillors/<slug:slug>/interests/",
        views.councillor_interests,
        name="councillor_interests",
    ),
    path("my-meetings/", views.my_meetings, name="my_meetings"),
    path("meetings/", views.calendar_redirect, name="calendar_now"),
    path("meetings/<int:year>/<int:month>/", views.calendar_month, name="calendar"),
]
