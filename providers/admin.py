"""Django admin for operators: providers and who acts for them."""

from django.contrib import admin

from providers.models import Provider, ProviderMembership


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
