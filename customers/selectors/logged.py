"""The one read of a customer's data: it writes the access-log row first.
Every selector that shows a customer calls it (or, for a list,
kundval.services.access_log_record_many), so no page shows one unlogged."""

from customers.models import Customer
from kundval.services import access_log_record


def customer_read(*, user, customer: Customer, what: str) -> Customer:
    """Record that `user` read `customer` (`what`: the kind of read)."""
    access_log_record(
        user=user,
        municipality_id=customer.municipality_id,
        customer_id=customer.pk,
        what=what,
    )
    return customer
