from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KundvalConfig(AppConfig):
    name = "kundval"
    verbose_name = _("Kundval")
