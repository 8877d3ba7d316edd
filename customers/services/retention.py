"""Erasing a customer's personal data once retention has run out
(docs/retention.md). A system action, not a person's: the run that calls it
(vouchers.services.retention) chose the customers with
customers.selectors.retention_due."""

from datetime import date

from django.db import transaction

from customers.models import (
    CarePlan,
    Choice,
    ChoiceEvent,
    Customer,
    DecisionEvent,
    NeedDecision,
    Notice,
)

# A declined choice must say why (choice_declined_with_reason): the reason
# is replaced by this mark instead of emptied.
ERASED = "(gallrad)"


@transaction.atomic
def customer_erase(*, customer_id: int, on: date) -> bool:
    """Erase what names or describes the customer: identity, name, address,
    contact, the free texts of decisions, choices and their events, care
    plans and inbox notices. The rows the accounting records need stay,
    pseudonymised. False if the customer was erased already (a second run
    changes nothing)."""
    customer = Customer.objects.select_for_update().get(pk=customer_id)
    if customer.erased_on is not None:
        return False
    decisions = NeedDecision.objects.filter(customer=customer)
    choices = Choice.objects.filter(decision__in=decisions)
    DecisionEvent.objects.filter(decision__in=decisions).update(note="")
    ChoiceEvent.objects.filter(choice__in=choices).update(note="")
    CarePlan.objects.filter(choice__in=choices).delete()
    Notice.objects.filter(choice__in=choices).delete()
    choices.update(switch_reason="", switch_note="")
    choices.exclude(decline_reason="").update(decline_reason=ERASED)
    NeedDecision.interventions.through.objects.filter(
        needdecision__in=decisions
    ).delete()
    decisions.update(reasons="")
    _pseudonymise(customer, on)
    return True


def _pseudonymise(customer: Customer, on: date) -> None:
    customer.identity_number = None
    customer.name = customer.street_address = customer.postal_code = ""
    customer.city = customer.contact_person = ""
    customer.protected_identity = False
    customer.erased_on = on
    customer.save()
