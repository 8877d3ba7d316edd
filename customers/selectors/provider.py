"""The provider's reads of its customers: the inbox with the list of its
customers, and one order. A provider sees a customer only while a choice of
it lasts (customers.models.access). Every read that shows a customer writes
its access-log rows here, so no page can show one unlogged."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from customers.models import CarePlan, Choice, Notice
from customers.selectors.logged import customer_read
from kundval.models import Role
from kundval.scoping import visible
from kundval.services import access_log_record_many

CUSTOMER = "decision__customer__municipality"


@dataclass
class ProviderCustomerList:
    """What the provider's customer page shows: unread notices, a page of
    choices."""

    notices: list[Notice]
    page: Page


def provider_customer_list(
    *, user, page_number: str | None, per_page: int
) -> ProviderCustomerList:
    """The provider's unread notices (at most `per_page`) and a page of its
    choices, the ordered before the accepted, then by customer name. Logs
    each customer named, and only those, as "provider list"."""
    notices = list(
        visible(Notice.objects.all(), user, Role.PROVIDER_USER)
        .filter(read_at__isnull=True)
        .select_related(f"choice__{CUSTOMER}", "choice__decision__service")[:per_page]
    )
    choices = (
        _choices(user)
        .select_related(CUSTOMER, "decision__service", "provider")
        .order_by(F("status").desc(), "decision__customer__name", "pk")
    )
    page = Paginator(choices, per_page).get_page(page_number)
    shown = [n.choice.decision.customer for n in notices]
    shown += [c.decision.customer for c in page]
    access_log_record_many(user=user, customers=shown, what="provider list")
    return ProviderCustomerList(notices=notices, page=page)


def order_for_provider(*, user, pk: int) -> Choice:
    """The choice the order page shows, with its customer, service and
    provider; 404 for what scoping hides. Logged as "order": the page shows
    the customer's name, address and decision."""
    choice = get_object_or_404(
        _choices(user).select_related(CUSTOMER, "decision__service", "provider"),
        pk=pk,
    )
    customer_read(user=user, customer=choice.decision.customer, what="order")
    return choice


def provider_choice(*, user, pk: int) -> Choice:
    """A choice of the user's providers to act on (accept, decline, write a
    care plan); 404 for what scoping hides. It shows nothing, so it logs
    nothing: a page that shows the order gets it from order_for_provider."""
    return get_object_or_404(
        _choices(user).select_related(CUSTOMER, "decision__service"), pk=pk
    )


def care_plans_of(*, choice: Choice) -> QuerySet[CarePlan]:
    """The choice's care plans, newest first, with who wrote each. Part of
    the order page, whose read order_for_provider has logged."""
    return choice.care_plans.select_related("written_by")


def _choices(user) -> QuerySet[Choice]:
    return visible(Choice.objects.all(), user, Role.PROVIDER_USER)
