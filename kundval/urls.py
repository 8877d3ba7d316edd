"""Root URLs: wiring only. Every view declares its access (kundval.access)."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from authorization.api import AnnouncementViewSet, ProviderViewSet
from authorization.urls import (
    deviation_urlpatterns,
    document_urlpatterns,
    oversight_urlpatterns,
    provider_urlpatterns,
    review_urlpatterns,
)
from customers.api import ChoiceViewSet, CustomerViewSet, DecisionViewSet
from customers.urls import provider_urlpatterns as customer_provider_urlpatterns
from followup.api import ComplaintViewSet, QualityReportViewSet, SurveyResultViewSet
from followup.urls import account_provider_urlpatterns as followup_account_provider
from followup.urls import account_quality_urlpatterns as followup_account_quality
from followup.urls import (
    follow_up_provider_urlpatterns,
    follow_up_quality_urlpatterns,
    report_public_urlpatterns,
    report_quality_urlpatterns,
)
from followup.urls import provider_urlpatterns as followup_provider_urlpatterns
from followup.urls import public_urlpatterns as followup_public_urlpatterns
from followup.urls import quality_urlpatterns as followup_quality_urlpatterns
from followup.urls import survey_urlpatterns as followup_survey_urlpatterns
from kundval import api, oidc, twofactor_views, views
from kundval.access import public
from vouchers.api.settlements import SettlementViewSet
from vouchers.api.visits import VisitViewSet
from vouchers.urls import finance_urlpatterns as voucher_finance_urlpatterns
from vouchers.urls import provider_urlpatterns as voucher_provider_urlpatterns

router = api.Router()
router.register("municipalities", api.MunicipalityViewSet, basename="municipality")
router.register("announcements", AnnouncementViewSet, basename="announcement")
router.register("providers", ProviderViewSet, basename="provider")
router.register("customers", CustomerViewSet, basename="customer")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("choices", ChoiceViewSet, basename="choice")
router.register("visits", VisitViewSet, basename="visit")
router.register("settlements", SettlementViewSet, basename="settlement")
router.register("complaints", ComplaintViewSet, basename="complaint-api")
router.register("survey-results", SurveyResultViewSet, basename="survey-result")
router.register("quality-reports", QualityReportViewSet, basename="quality-report-api")

urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.login, name="login"),
    path("logga-ut/", views.logout, name="logout"),
    path("sprak/", public(set_language), name="set_language"),
    path("konto/losenord/glomt/", views.password_reset, name="password-reset"),
    path(
        "konto/losenord/skickat/",
        views.password_reset_sent,
        name="password-reset-sent",
    ),
    path("konto/losenord/<uidb64>/<token>/", views.password_set, name="password-set"),
    path("konto/losenord/klart/", views.password_set_done, name="password-set-done"),
    path("oidc/authenticate/", oidc.start, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.callback, name="oidc_authentication_callback"),
    path("konto/tvastegs/", twofactor_views.verify, name="two-factor"),
    path("konto/tvastegs/aktivera/", twofactor_views.enrol, name="two-factor-enrol"),
    path(
        "konto/tvastegs/koder/",
        twofactor_views.recovery_codes,
        name="two-factor-codes",
    ),
    path("start/", views.start, name="start"),
    path("handlaggare/", views.start_case_officer, name="start-case-officer"),
    path("handlaggare/kunder/", include("customers.urls")),
    path("kvalitet/", views.start_quality, name="start-quality"),
    path("kvalitet/atkomstlogg/", views.access_log_review, name="access-log"),
    path("kvalitet/ansokningar/", include(review_urlpatterns)),
    path("kvalitet/auktorisationer/", include(oversight_urlpatterns)),
    path("kvalitet/avvikelser/", include(deviation_urlpatterns)),
    path("kvalitet/klagomal/", include(followup_quality_urlpatterns)),
    path("kvalitet/enkater/", include(followup_survey_urlpatterns)),
    path("kvalitet/kvalitetsredovisningar/", include(followup_account_quality)),
    path("kvalitet/uppfoljning/", include(follow_up_quality_urlpatterns)),
    path("kvalitet/kvalitetsrapporter/", include(report_quality_urlpatterns)),
    path("ekonomi/", views.start_finance, name="start-finance"),
    path("ekonomi/", include(voucher_finance_urlpatterns)),
    path("administration/", views.start_administrator, name="start-administrator"),
    path(
        "administration/systemkontroll/",
        views.system_check_start,
        name="system-check-start",
    ),
    path(
        "administration/tvastegs/",
        twofactor_views.reset_list,
        name="two-factor-reset-list",
    ),
    path(
        "administration/tvastegs/<int:pk>/aterstall/",
        twofactor_views.reset,
        name="two-factor-reset",
    ),
    path("anordnare/ansokningar/", include(provider_urlpatterns)),
    path("anordnare/kunder/", include(customer_provider_urlpatterns)),
    path("anordnare/tid/", include(voucher_provider_urlpatterns)),
    path("anordnare/klagomal/", include(followup_provider_urlpatterns)),
    path("anordnare/kvalitetsredovisning/", include(followup_account_provider)),
    path("anordnare/uppfoljning/", include(follow_up_provider_urlpatterns)),
    path("synpunkter/", include(followup_public_urlpatterns)),
    path("rapporter/", include(report_public_urlpatterns)),
    path("anordnare/", include("providers.urls")),
    path("annonser/", include("authorization.urls")),
    path("dokument/", include(document_urlpatterns)),
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", api.SchemaView.as_view(), name="api-schema"),
    path("api/docs/", api.DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("django-admin/", admin.site.urls),
]

handler400 = views.bad_request
handler404 = views.page_not_found
