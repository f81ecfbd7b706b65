from django.urls import path

from . import views

app_name = "staff"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("upload/", views.upload, name="upload"),
    path("uploads/<int:pk>/", views.upload_status, name="upload"),
    path("uploads/<int:pk>/again/", views.upload_again, name="upload_again"),
    path("meetings/<int:pk>/", views.review, name="review"),
    path("meetings/<int:pk>/publish/", views.publish, name="publish"),
    path("meetings/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("documents/<int:pk>/pages/", views.document_pages, name="document_pages"),
    path("documents/<int:pk>/pages/<int:page>/", views.page, name="page"),
    path(
        "documents/<int:pk>/pages/<int:page>/<str:size>/",
        views.page_picture,
        name="page_picture",
    ),
    path("audit/", views.audit, name="audit"),
    path("forward-plan/", views.forward_plan, name="forward_plan"),
    path("forward-plan/add/", views.forward_plan_add, name="forward_plan_add"),
    path("forward-plan/<int:pk>/", views.forward_plan_edit, name="forward_plan_edit"),
    path("forward-plan/<int:pk>/publish/", views.forward_plan_publish, name="forward_plan_publish"),
    path("councillors/", views.councillors, name="councillors"),
    path("councillors/add/", views.councillor_add, name="councillor_add"),
    path("councillors/<int:pk>/", views.councillor, name="councillor"),
    path("councillors/<int:pk>/merge/", views.councillor_merge, name="councillor_merge"),
    path("decisions/<int:pk>/call-in/", views.decision_call_in, name="decision_call_in"),
    path("documents/<int:pk>/attach/", views.attach, name="attach"),
    path("documents/<int:pk>/restore/", views.document_restore, name="document_restore"),
    path(
        "meetings/<int:pk>/<str:kind>/<int:record>/",
        views.record_edit,
        name="record_edit",
    ),
]
