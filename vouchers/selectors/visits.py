"""The provider's reads of its performed time: the month's visits (the page
and the API), the choices the visit form offers, one visit, and the
providers a CSV is uploaded for. Scoped to the user's providers; a read
that shows a customer writes its access-log rows here."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from customers.selectors import accepted_choices, customer_read
from kundval.models import Role
from kundval.scoping import scope_of, visible
from kundval.services import access_log_record_many
from providers.models import Provider
from vouchers.calendar import STOCKHOLM
from vouchers.models import Visit
from vouchers.months import next_month

CUSTOMER = "decision__customer__municipality"


def provider_visits(*, user) -> QuerySet[Visit]:
    """The visits of the user's providers in time order, with customer. A
    query, not a read: nothing is shown, so nothing is logged."""
    visits = visible(Visit.objects.all(), user, Role.PROVIDER_USER)
    return visits.select_related("customer__municipality").order_by("starts_at", "pk")


def visit_month_page(
    *, user, month: date, page_number: str | None, per_page: int
) -> Page:
    """A page of the visits that start in `month` (Swedish time), with
    customer and provider. Logs each customer on the page, and only those,
    as "visits"."""
    visits = _starting_in(provider_visits(user=user), month).select_related("provider")
    page = Paginator(visits, per_page).get_page(page_number)
    access_log_record_many(
        user=user, customers=[v.customer for v in page], what="visits"
    )
    return page


def visits_for_api(
    *, user, month: date, paginate: Callable[[QuerySet[Visit]], list[Visit]]
) -> list[Visit]:
    """The page of the visits starting in `month` that `GET /api/v1/visits/`
    returns; `paginate` is the API's paginator, which reads the page asked
    for from the request. Logs each customer on the page, and only those, as
    "api visits"."""
    page = paginate(_starting_in(provider_visits(user=user), month))
    access_log_record_many(
        user=user, customers=[v.customer for v in page], what="api visits"
    )
    return page


def visit_for_provider(*, user, pk: int) -> Visit:
    """A visit of the user's providers, with its customer, to show in the
    change form or to remove; 404 for what scoping hides. Logged as
    "visit"."""
    visit = get_object_or_404(provider_visits(user=user), pk=pk)
    customer_read(user=user, customer=visit.customer, what="visit")
    return visit


def reportable_choices(*, user) -> QuerySet:
    """Accepted choices of the user's providers that ran this month or the
    last, by customer name: what the visit form offers, so late time can
    still be reported. By membership, not kundval.scoping.visible: that
    hides a choice once it has ended, and its last time may come later.
    A query, not a read: reportable_choices_read logs it when shown."""
    since = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    return (
        accepted_choices(lasts_until=since)
        .filter(provider__in=scope_of(user).provider_ids)
        .select_related(CUSTOMER, "decision__service")
        .order_by("decision__customer__name", "pk")
    )


def reportable_choices_read(*, user, choices: QuerySet) -> None:
    """Log the customers of `choices` (reportable_choices) as "visit form".
    Apart from reportable_choices because the form names them only when it
    is shown: a visit saved from it redirects and reads none."""
    access_log_record_many(
        user=user, customers=[c.decision.customer for c in choices], what="visit form"
    )


def upload_providers(*, user) -> QuerySet[Provider]:
    """The providers the user reports time for, by name: whom a CSV may be
    uploaded for."""
    providers = Provider.objects.filter(pk__in=scope_of(user).provider_ids)
    return providers.order_by("name")


def _starting_in(visits: QuerySet[Visit], month: date) -> QuerySet[Visit]:
    return visits.filter(
        starts_at__gte=_midnight(month), starts_at__lt=_midnight(next_month(month))
    )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=STOCKHOLM)
