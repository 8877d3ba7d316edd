"""Shared set-up: Nacka's demo call, and an application submitted to it."""

import pytest
from django.core.management import call_command

from authorization.models import Announcement
from authorization.selectors import conditions_of
from authorization.services import (
    application_save,
    application_start,
    application_submit,
)
from tests.factories import provider_user


@pytest.fixture
def nacka_call(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    return Announcement.objects.get(service__municipality__slug="nacka")


def submit_application(call, provider, area_slugs=("boo",)):
    """A new user of `provider` answers every condition and submits."""
    applicant = provider_user(provider)
    application = application_start(
        user=applicant, provider=provider, announcement=call
    )
    application_save(
        user=applicant,
        application=application,
        answers={c.pk: "Så uppfyller vi det." for c in conditions_of(call)},
        area_ids=list(
            call.areas.filter(slug__in=area_slugs).values_list("pk", flat=True)
        ),
    )
    return application_submit(user=applicant, application=application), applicant
