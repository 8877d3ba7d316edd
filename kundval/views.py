"""Pages of the shared base: public start page, role start pages, health,
and the 400 and 404 answers (JSON under /api/)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from kundval import tasks
from kundval.access import public, require_roles
from kundval.celery import app as celery_app
from kundval.errors import is_api, json_error
from kundval.forms import AccessLogFilterForm, LoginForm, PasswordResetByMailForm
from kundval.models import MUNICIPAL_ROLES, Role
from kundval.scoping import scope_of
from kundval.selectors import (
    access_log_page,
    first_municipality_of,
    latest_jobs,
    municipalities_with_services,
    role_start_municipalities,
)
from kundval.services import job_create

# Each role's start page, in the order a user with several roles lands on.
ROLE_START_PAGES = {
    Role.ADMINISTRATOR: "start-administrator",
    Role.QUALITY_OFFICER: "start-quality",
    Role.CASE_OFFICER: "start-case-officer",
    Role.FINANCE_OFFICER: "start-finance",
    Role.PROVIDER_USER: "provider-home",  # in the providers app
}


@public
def home(request):
    context = {"municipalities": municipalities_with_services()}
    return render(request, "kundval/home.html", context)


def _oidc_enabled() -> bool:
    return settings.OIDC_ENABLED


login = public(
    auth_views.LoginView.as_view(
        authentication_form=LoginForm,
        template_name="registration/login.html",
        redirect_authenticated_user=True,
        # A callable: the template asks at each request, not at import.
        extra_context={"oidc_enabled": _oidc_enabled},
    )
)


# A forgotten password: the same answer whether or not the address has an
# account (docs/sign-in.md).
password_reset = public(
    auth_views.PasswordResetView.as_view(
        form_class=PasswordResetByMailForm,
        template_name="registration/password_reset.html",
        success_url=reverse_lazy("password-reset-sent"),
    )
)
password_reset_sent = public(
    TemplateView.as_view(template_name="registration/password_reset_sent.html")
)

# The link in an invitation, a registration and a password reset leads here.
password_set = public(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="registration/password_set.html",
        success_url=reverse_lazy("password-set-done"),
    )
)
password_set_done = public(
    TemplateView.as_view(template_name="registration/password_set_done.html")
)

# Django's LogoutView answers only POST (405 to GET), so a link can't log out.
logout = public(auth_views.LogoutView.as_view())


@require_roles(*MUNICIPAL_ROLES, Role.PROVIDER_USER)
def start(request):
    held = scope_of(request.user).roles
    # require_roles let the user in, so one of the roles matches.
    return redirect(next(url for role, url in ROLE_START_PAGES.items() if role in held))


def _role_page(request, role: str, template: str, extra: dict | None = None):
    context = {
        "role_label": Role(role).label,
        "municipalities": role_start_municipalities(user=request.user, role=role),
        "other_roles": _other_start_pages(request.user, role),
        **(extra or {}),
    }
    return render(request, template, context)


def _other_start_pages(user, current: str) -> list[tuple[str, str]]:
    held = scope_of(user).roles
    return [
        (url_name, Role(role).label)
        for role, url_name in ROLE_START_PAGES.items()
        if role in held and role != current
    ]


@require_roles(Role.CASE_OFFICER)
def start_case_officer(request):
    return _role_page(request, Role.CASE_OFFICER, "kundval/start_case_officer.html")


@require_roles(Role.QUALITY_OFFICER)
def start_quality(request):
    return _role_page(request, Role.QUALITY_OFFICER, "kundval/start_quality.html")


@require_roles(Role.QUALITY_OFFICER)
def access_log_review(request):
    form = AccessLogFilterForm(request.GET)
    page = access_log_page(
        reader=request.user,
        filters=form.cleaned_data if form.is_valid() else None,
        page_number=request.GET.get("sida"),
        per_page=50,
    )
    filter_query = request.GET.copy()
    filter_query.pop("sida", None)
    context = {"form": form, "page": page, "filter_query": filter_query.urlencode()}
    return render(request, "kundval/access_log.html", context)


@require_roles(Role.FINANCE_OFFICER)
def start_finance(request):
    return _role_page(request, Role.FINANCE_OFFICER, "kundval/start_finance.html")


@require_roles(Role.ADMINISTRATOR)
def start_administrator(request):
    jobs = latest_jobs(user=request.user, count=5)
    return _role_page(
        request,
        Role.ADMINISTRATOR,
        "kundval/start_administrator.html",
        {"jobs": jobs, "broker": _broker_status()},
    )


@require_POST
@require_roles(Role.ADMINISTRATOR)
def system_check_start(request):
    municipality = first_municipality_of(user=request.user, role=Role.ADMINISTRATOR)
    job_create(
        kind="system_check",
        task=tasks.system_check,
        user=request.user,
        municipality_id=getattr(municipality, "pk", None),
    )
    messages.success(request, _("The system check has been started."))
    return redirect("start-administrator")


@public
def healthz(request):
    database = _database_status()
    body = {"database": database, "broker": _broker_status()}
    return JsonResponse(body, status=200 if database == "ok" else 503)


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # any driver error means the database does not answer
        return "unavailable"


def _broker_status() -> str:
    if celery_app.conf.task_always_eager:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:  # kombu raises many kinds; all mean "not reachable"
        return "unavailable"


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: the refusal in plain words and the portal's layout.

    Most often the form was open longer than the session, or the browser
    refuses cookies. The reason is for the log (Django writes it to
    django.security.csrf), not for the page.
    """
    return render(request, "403_csrf.html", status=403)


def page_not_found(request, exception):
    """handler404: JSON under /api/ (a client reads it), else the page."""
    if is_api(request):
        return json_error(_("Not found."), 404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception):
    """handler400 (e.g. a body over DATA_UPLOAD_MAX_MEMORY_SIZE): JSON under
    /api/, else the page."""
    if is_api(request):
        return json_error(_("The request cannot be read."), 400)
    return defaults.bad_request(request, exception)
