from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = _("Providers")

    def ready(self):
        from kundval.scoping import register_provider_resolver
        from kundval.twofactor import register_reset_permission
        from providers.selectors import administers_colleague, provider_ids_of

        register_provider_resolver(provider_ids_of)
        register_reset_permission(administers_colleague)
