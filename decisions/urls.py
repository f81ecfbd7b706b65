from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("decisions/", views.register, name="register"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/pdf/", views.decision_pdf, name="decision_pdf"),
    path("forward-plan/", views.forward_plan, name="forward_plan"),
    path(
        "forward-plan/<int:year>/<int:month>/", views.forward_plan_month, name="forward_plan_month"
    ),
    path("forward-plan/<int:pk>/", views.forward_plan_notice, name="forward_plan_notice"),
]
