from django.urls import path

from followup import account_views, follow_up_views, report_views, survey_views, views

public_urlpatterns = [
    path("", views.complaint_new, name="complaint-new"),
    path("tack/", views.complaint_receipt, name="complaint-receipt"),
]

quality_urlpatterns = [
    path("", views.quality_complaints, name="complaint-list"),
    path("registrera/", views.complaint_register_page, name="complaint-register"),
    path("<int:pk>/", views.complaint_detail, name="complaint-detail"),
    path("<int:pk>/tilldela/", views.complaint_assign_page, name="complaint-assign"),
    path("<int:pk>/status/", views.complaint_move, name="complaint-move"),
]

provider_urlpatterns = [
    path("", views.provider_complaints, name="provider-complaints"),
    path("<int:pk>/", views.provider_complaint, name="provider-complaint"),
]

survey_urlpatterns = [
    path("", survey_views.survey_list, name="survey-list"),
    path("importera/", survey_views.survey_upload, name="survey-upload"),
    path("<int:pk>/", survey_views.survey_detail, name="survey-detail"),
]

account_provider_urlpatterns = [
    path("", account_views.provider_accounts, name="account-provider-list"),
    path(
        "paborja/", account_views.provider_account_start, name="account-provider-start"
    ),
    path("<int:pk>/", account_views.provider_account, name="account-provider-detail"),
]

account_quality_urlpatterns = [
    path("", account_views.quality_accounts, name="account-quality-list"),
    path("<int:pk>/", account_views.quality_account, name="account-quality-detail"),
    path(
        "<int:pk>/beslut/",
        account_views.quality_account_decide,
        name="account-quality-decide",
    ),
]

follow_up_quality_urlpatterns = [
    path("", follow_up_views.follow_up_plan_page, name="follow-up-plan"),
    path("ny/", follow_up_views.follow_up_new, name="follow-up-new"),
    path("<int:pk>/", follow_up_views.follow_up_detail, name="follow-up-detail"),
    path(
        "<int:pk>/planera/",
        follow_up_views.follow_up_replan_page,
        name="follow-up-replan",
    ),
    path("<int:pk>/fynd/", follow_up_views.follow_up_finding, name="follow-up-finding"),
    path(
        "<int:pk>/atgard/", follow_up_views.follow_up_measure, name="follow-up-measure"
    ),
    path("<int:pk>/status/", follow_up_views.follow_up_move, name="follow-up-move"),
    path(
        "fynd/<int:pk>/sanktion/",
        follow_up_views.finding_sanction_page,
        name="follow-up-sanction",
    ),
]

follow_up_provider_urlpatterns = [
    path("", follow_up_views.provider_follow_ups, name="provider-follow-ups"),
    path("<int:pk>/", follow_up_views.provider_follow_up, name="provider-follow-up"),
    path(
        "atgard/<int:pk>/",
        follow_up_views.provider_measure,
        name="provider-measure",
    ),
]

report_quality_urlpatterns = [
    path("", report_views.report_list, name="report-list"),
    path("starta/", report_views.report_batch, name="report-batch"),
    path("<int:pk>/ladda-ner/", report_views.report_download, name="report-download"),
    path(
        "<int:pk>/publicera/", report_views.report_publish_view, name="report-publish"
    ),
]

report_public_urlpatterns = [
    path("<int:pk>/", report_views.report_public, name="report-public"),
]
