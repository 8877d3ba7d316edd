"""Django admin for operators: which provider is each service's non-choice
alternative. Customers and their choices are kept in the portal only, where
every read is logged; they are deliberately not in the admin."""

from django.contrib import admin

from customers.models import DefaultProvider


@admin.register(DefaultProvider)
class DefaultProviderAdmin(admin.ModelAdmin):
    list_display = ["service", "provider"]
    list_select_related = ["service__municipality", "provider"]
    raw_id_fields = ["provider"]
