"""The care plan (genomförandeplan) the provider and the customer agree,
written by the provider once it has accepted the order."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import CarePlan, Choice, ChoiceStatus
from customers.services.choices import provider_answers

C = ChoiceStatus


@transaction.atomic
def care_plan_write(
    *, user, choice: Choice, how: str, agreed_on: date, follow_up_on: date
) -> CarePlan:
    """The provider writes the care plan of an accepted order."""
    choice = Choice.objects.select_for_update().get(pk=choice.pk)
    provider_answers(user, choice)
    if choice.status != C.ACCEPTED:
        raise ValidationError(_("Accept the order before writing the care plan."))
    if agreed_on > timezone.localdate():
        raise ValidationError(
            {"agreed_on": _("The day of agreement cannot be in the future.")}
        )
    if follow_up_on <= agreed_on:
        raise ValidationError(
            {
                "follow_up_on": _(
                    "The follow-up comes after the day the plan was agreed."
                )
            }
        )
    plan = CarePlan(
        choice=choice,
        how=how.strip(),
        agreed_on=agreed_on,
        follow_up_on=follow_up_on,
        written_by=user,
    )
    plan.full_clean()
    plan.save()
    return plan
