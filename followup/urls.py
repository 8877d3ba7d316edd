from django.urls import path

from followup import report_views, survey_views, views

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
