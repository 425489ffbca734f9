from django.urls import path

from . import views

app_name = "adminsecurity"

urlpatterns = [
    path("", views.ManageView.as_view(), name="two_factor_manage"),
    path("verify/", views.VerifyView.as_view(), name="two_factor_verify"),
    path("setup/", views.SetupView.as_view(), name="two_factor_setup"),
    path("enrol/", views.EnrolView.as_view(), name="two_factor_enrol"),
    path("enrolment-code/<int:user_id>/", views.IssueEnrolmentCodeView.as_view(), name="issue_enrolment_code"),
]
