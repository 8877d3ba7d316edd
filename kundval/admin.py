"""Django admin for operators (staff users). The access log is read-only."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from kundval.models import (
    AccessLog,
    Area,
    Job,
    Membership,
    Municipality,
    Service,
    TwoFactorReset,
)
from kundval.twofactor import two_factor_reset


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "organisation_number"]
    inlines = [ServiceInline, AreaInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "role"]
    list_filter = ["municipality", "role"]
    search_fields = ["user__username"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records changed only through the portal, where who and why are kept."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "role", "municipality", "customer_id", "what"]
    list_filter = ["municipality", "role"]
    search_fields = ["user__username", "request_id"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["kind", "status", "progress", "created_at"]
    readonly_fields = ["kind", "status", "progress", "message", "created_by"]


@admin.register(TwoFactorReset)
class TwoFactorResetAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "by"]
    search_fields = ["user__username", "by__username"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class KundvalUserAdmin(UserAdmin):
    """Django's user admin, with the two-factor reset of the portal (recorded)."""

    actions = ["reset_two_factor"]

    @admin.action(description=_("Reset two-factor sign-in"))
    def reset_two_factor(self, request, queryset):
        for user in queryset.exclude(pk=request.user.pk):
            two_factor_reset(by=request.user, user=user)
        self.message_user(request, _("Two-factor sign-in reset."), messages.SUCCESS)
