from django.urls import path

from . import staff_views

app_name = "staff"
urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("upload/", staff_views.upload, name="upload"),
    path("uploads/<int:pk>/", staff_views.upload_status, name="upload"),
    path("uploads/<int:pk>/again/", staff_views.upload_again, name="upload_again"),
    path("meetings/<int:pk>/", staff_views.review, name="review"),
    path("meetings/<int:pk>/publish/", staff_views.publish, name="publish"),
    path("meetings/<int:pk>/withdraw/", staff_views.withdraw, name="withdraw"),
    path("audit/", staff_views.audit, name="audit"),
]
