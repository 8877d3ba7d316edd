from django.urls import path

from authorization import views

urlpatterns = [
    path("", views.announcement_list, name="call-list"),
    path("<int:pk>/", views.announcement_detail, name="call-detail"),
    path("<int:pk>/pdf/", views.announcement_pdf, name="call-pdf"),
]
