"""Django admin for operators: conditions and calls. Decisions are made in the
portal, where they are recorded with who, when and why, so they are read-only here."""

from django.contrib import admin

from authorization.models import Announcement, Application, Authorization, Condition
from kundval.admin import ReadOnlyAdmin


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "service", "sanction", "position"]
    list_filter = ["municipality", "service"]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "service", "published_at"]
    filter_horizontal = ["areas"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["provider", "announcement", "status", "updated_at"]
    list_filter = ["status"]


@admin.register(Authorization)
class AuthorizationAdmin(ReadOnlyAdmin):
    list_display = ["provider", "service", "valid_from", "contract_accepted_at"]
