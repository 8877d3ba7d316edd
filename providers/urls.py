from django.urls import path

from providers import views

urlpatterns = [
    path("registrera/", views.register, name="provider-register"),
    path("", views.home, name="provider-home"),
    path("kollegor/", views.colleagues, name="provider-colleagues"),
    path("profil/", views.profile, name="provider-profile"),
]
