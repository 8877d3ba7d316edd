"""Django's admin site for staff users who have also passed the second
factor. A module of its own: the admin builds its site by importing this,
before kundval/admin.py may register anything on it."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from kundval.twofactor import needs_second_factor


class KundvalAdminSite(admin.AdminSite):
    """The admin for staff users who have also passed the second factor."""

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and not needs_second_factor(request)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and needs_second_factor(request):
            return redirect_to_login(request.get_full_path(), reverse("two-factor"))
        return super().login(request, extra_context)
