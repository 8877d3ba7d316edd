"""Applications: the transition table, edge by edge, and who may do what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from authorization.models import Announcement, Application, ApplicationStatus
from authorization.selectors import conditions_of
from authorization.services import (
    APPLICATION_TRANSITIONS,
    application_save,
    application_start,
    application_submit,
    application_transition,
)
from kundval.models import Area, Role
from tests.authorization.conftest import complete_application
from tests.demo_snapshot import seed_demo_without_volumes
from tests.factories import MunicipalityFactory, ProviderFactory, member, provider_user
from tests.transitions import check_pair, every_pair

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def world(settings):
    settings.DEBUG = True
    seed_demo_without_volumes()
    call = Announcement.objects.get(service__municipality__slug="nacka")
    provider = ProviderFactory()
    return {
        "call": call,
        "provider": provider,
        "provider_user": provider_user(provider),
        "quality": member(Role.QUALITY_OFFICER, call.service.municipality),
        "other_quality": member(Role.QUALITY_OFFICER, MunicipalityFactory()),
        "other_provider_user": provider_user(ProviderFactory()),
    }


def _actor(world, role):
    return world["provider_user"] if role == Role.PROVIDER_USER else world["quality"]


@pytest.mark.parametrize(("source", "target"), every_pair(APPLICATION_TRANSITIONS))
def test_every_pair_of_the_application_table(world, source, target):
    application = Application.objects.create(
        provider=world["provider"], announcement=world["call"], status=source
    )
    moved = check_pair(
        APPLICATION_TRANSITIONS,
        source,
        target,
        move=lambda who: application_transition(
            user=_actor(world, who), application=application, to=target, note="skäl"
        ),
        state_of=lambda: Application.objects.get(pk=application.pk).status,
    )
    events = [(e.from_status, e.to_status, e.note) for e in application.events.all()]
    assert events == ([(source, target, "skäl")] if moved else [])


@pytest.mark.parametrize("edge,role", APPLICATION_TRANSITIONS.edges.items())
def test_outsiders_cannot_make_a_change(world, edge, role):
    source, target = edge
    application = Application.objects.create(
        provider=world["provider"], announcement=world["call"], status=source
    )
    outsiders = [world["other_quality"], world["other_provider_user"]]
    outsiders.append(
        world["quality"] if role == Role.PROVIDER_USER else world["provider_user"]
    )
    for outsider in outsiders:
        with pytest.raises(PermissionDenied):
            application_transition(
                user=outsider, application=application, to=target, note="x"
            )
    application.refresh_from_db()
    assert application.status == source


def test_decisions_need_reasons(world):
    application = Application.objects.create(
        provider=world["provider"], announcement=world["call"], status=S.SUBMITTED
    )
    with pytest.raises(ValidationError):
        application_transition(
            user=world["quality"], application=application, to=S.REFUSED, note=" "
        )


def test_provider_answers_every_condition_then_submits(world):
    application = application_start(
        user=world["provider_user"],
        provider=world["provider"],
        announcement=world["call"],
    )
    conditions = list(conditions_of(world["call"]))
    boo = world["call"].areas.get(name="Boo")
    partial = {conditions[0].pk: "Vi har en plan."}
    application_save(
        user=world["provider_user"],
        application=application,
        answers=partial,
        area_ids=[boo.pk],
    )
    with pytest.raises(ValidationError, match="Nycklar och värdehandlingar"):
        application_submit(user=world["provider_user"], application=application)
    answers = {
        condition.pk: "Så här uppfyller vi villkoret." for condition in conditions
    }
    application_save(
        user=world["provider_user"],
        application=application,
        answers=answers,
        area_ids=[boo.pk],
    )
    complete_application(world["provider_user"], application)
    submitted = application_submit(user=world["provider_user"], application=application)
    assert submitted.status == S.SUBMITTED
    with pytest.raises(ValidationError):
        application_save(
            user=world["provider_user"],
            application=submitted,
            answers=answers,
            area_ids=[],
        )


def test_areas_must_come_from_the_call(world):
    application = application_start(
        user=world["provider_user"],
        provider=world["provider"],
        announcement=world["call"],
    )
    foreign = Area.objects.filter(municipality__slug="trosa").first()
    with pytest.raises(ValidationError):
        application_save(
            user=world["provider_user"],
            application=application,
            answers={},
            area_ids=[foreign.pk],
        )
    assert not application.areas.exists()


def test_only_the_providers_own_users_may_apply_or_edit(world):
    with pytest.raises(PermissionDenied):
        application_start(
            user=world["other_provider_user"],
            provider=world["provider"],
            announcement=world["call"],
        )
    application = application_start(
        user=world["provider_user"],
        provider=world["provider"],
        announcement=world["call"],
    )
    with pytest.raises(PermissionDenied):
        application_save(
            user=world["other_provider_user"],
            application=application,
            answers={},
            area_ids=[],
        )


def test_an_authorized_provider_cannot_apply_again(world):
    from authorization.models import Authorization

    authorized = Authorization.objects.filter(service=world["call"].service).first()
    user = provider_user(authorized.provider)
    with pytest.raises(ValidationError, match="redan auktoriserade"):
        application_start(
            user=user, provider=authorized.provider, announcement=world["call"]
        )
