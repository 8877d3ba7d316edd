from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class KundvalConfig(AppConfig):
    name = "kundval"
    verbose_name = _("Kundval")


class KundvalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose site also asks for the second factor."""

    default = False  # named in INSTALLED_APPS; kundval's own is KundvalConfig
    default_site = "kundval.admin_site.KundvalAdminSite"
