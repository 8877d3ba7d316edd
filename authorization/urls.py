from django.urls import path

from authorization import (
    document_views,
    oversight_views,
    provider_views,
    review_views,
    views,
)

urlpatterns = [
    path("", views.announcement_list, name="call-list"),
    path("<int:pk>/", views.announcement_detail, name="call-detail"),
    path("<int:pk>/pdf/", views.announcement_pdf, name="call-pdf"),
]

provider_urlpatterns = [
    path("", provider_views.application_list, name="application-list"),
    path("ny/<int:call_pk>/", provider_views.application_new, name="application-new"),
    path("<int:pk>/", provider_views.application_edit, name="application-edit"),
    path(
        "<int:pk>/ansvarig/<slug:role>/",
        provider_views.manager_edit,
        name="application-manager",
    ),
    path("avtal/<int:pk>/", provider_views.contract, name="contract"),
    path(
        "auktorisation/<int:pk>/",
        oversight_views.provider_authorization,
        name="provider-authorization",
    ),
    path(
        "auktorisation/<int:pk>/rapport/",
        oversight_views.report_new,
        name="report-new",
    ),
    path(
        "auktorisation/rapport/<int:pk>/ivo/",
        oversight_views.report_ivo,
        name="report-ivo",
    ),
]

oversight_urlpatterns = [
    path("", oversight_views.oversight_list, name="oversight-list"),
    path("<int:pk>/", oversight_views.oversight_detail, name="oversight-detail"),
    path("rapport/<int:pk>/", oversight_views.report_decide, name="report-decide"),
]

deviation_urlpatterns = [
    path("", oversight_views.deviation_list, name="deviation-list"),
    path("<int:pk>/", oversight_views.deviation_detail, name="deviation-detail"),
]

document_urlpatterns = [
    path("<int:pk>/", document_views.document_download, name="document-download"),
]

review_urlpatterns = [
    path("", review_views.review_list, name="review-list"),
    path("<int:pk>/", review_views.review_detail, name="review-detail"),
]
