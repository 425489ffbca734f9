from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("send-report/<int:page_id>/", views.report_problem_send, name="report_problem_send"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
