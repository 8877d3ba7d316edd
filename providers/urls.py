from django.urls import path

from providers import views

urlpatterns = [
    path("registrera/", views.register, name="provider-register"),
    path("registrera/skickat/", views.registered, name="provider-registered"),
    path("", views.home, name="provider-home"),
    path("kollegor/", views.colleagues, name="provider-colleagues"),
    path(
        "kollegor/<int:pk>/tvastegs/",
        views.colleague_two_factor_reset,
        name="provider-colleague-two-factor-reset",
    ),
    path("profil/", views.profile, name="provider-profile"),
]
