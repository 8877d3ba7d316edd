from django.urls import path

from customers import choice_views, figure_views, provider_views, views

urlpatterns = [
    path("", views.customer_search, name="customer-search"),
    path("ny/", views.customer_new, name="customer-new"),
    path("arbetslista/", choice_views.work_list, name="work-list"),
    path("statistik/", figure_views.figures, name="choice-figures"),
    path("<int:pk>/", views.customer_detail, name="customer-page"),
    path("beslut/<int:pk>/", views.decision_change, name="decision-change"),
    path("beslut/<int:pk>/andra/", views.decision_amend_view, name="decision-amend"),
    path("beslut/<int:pk>/brev/", views.decision_letter, name="decision-letter"),
    path("beslut/<int:pk>/val/", choice_views.choice_new, name="choice-new"),
    path(
        "val/<int:pk>/aterkalla/",
        choice_views.choice_withdraw_page,
        name="choice-withdraw",
    ),
]

provider_urlpatterns = [
    path("", provider_views.provider_customers, name="provider-customers"),
    path("<int:pk>/", provider_views.order_page, name="order-page"),
    path("<int:pk>/svar/", provider_views.order_answer, name="order-answer"),
    path(
        "<int:pk>/genomforandeplan/", provider_views.care_plan_new, name="care-plan-new"
    ),
]
