"""The access-log row of a read of one customer, as
customers.services.customer_read writes it. The selectors cannot call that
service: customers.services imports customers.selectors, and importing back
would make a cycle."""

from customers.models import Customer
from kundval.services import access_log_record


def logged(*, user, customer: Customer, what: str) -> Customer:
    """Record that `user` read `customer` (`what`: the kind of read)."""
    access_log_record(
        user=user,
        municipality=customer.municipality,
        customer_id=customer.pk,
        what=what,
    )
    return customer
