"""Django admin for operators: providers and who acts for them. Profile changes
are recorded by the portal with who and when, so their record is read-only."""

from django.contrib import admin

from kundval.admin import ReadOnlyAdmin
from providers.models import Provider, ProviderChange, ProviderMembership


class MembershipInline(admin.TabularInline):
    model = ProviderMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "city"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]


@admin.register(ProviderChange)
class ProviderChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "provider", "field", "old_value", "new_value", "by"]
    search_fields = ["provider__name", "by__username"]
