from django.urls import path

from customers import views

urlpatterns = [
    path("", views.customer_search, name="customer-search"),
    path("ny/", views.customer_new, name="customer-new"),
    path("<int:pk>/", views.customer_detail, name="customer-page"),
    path("beslut/<int:pk>/", views.decision_change, name="decision-change"),
    path("beslut/<int:pk>/brev/", views.decision_letter, name="decision-letter"),
]
