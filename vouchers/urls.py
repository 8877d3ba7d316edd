"""The vouchers pages: the provider's under /anordnare/tid/, the finance
officer's under /ekonomi/."""

from vouchers.views import fees, rates, settlements, tariffs, visits

provider_urlpatterns = visits.urlpatterns + settlements.provider_urlpatterns
finance_urlpatterns = (
    tariffs.urlpatterns + rates.urlpatterns + settlements.urlpatterns + fees.urlpatterns
)
