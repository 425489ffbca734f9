from django.urls import path

from . import views

urlpatterns = [
    path("send-report/<int:page_id>/", views.report_problem_send, name="report_problem_send"),
    path("send-report/<int:page_id>/sent/", views.report_problem_sent, name="report_problem_sent"),
]
