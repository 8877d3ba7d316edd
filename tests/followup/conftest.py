"""A municipality with a quality unit, an authorized provider and one of
another municipality, and a way to file complaints in them."""

from uuid import uuid4

import pytest

from followup.models import Category
from followup.services import Filing, complaint_file
from kundval.models import Role
from tests.factories import (
    AreaFactory,
    MunicipalityFactory,
    ProviderFactory,
    ServiceFactory,
    authorize,
    member,
    provider_user,
)


def _authorized_provider(municipality):
    provider = ProviderFactory()
    service = ServiceFactory(municipality=municipality)
    authorize(provider, service, [AreaFactory(municipality=municipality)])
    return provider


@pytest.fixture
def world(db):
    home = MunicipalityFactory()
    other = MunicipalityFactory()
    provider = _authorized_provider(home)
    elsewhere = _authorized_provider(other)
    return {
        "municipality": home,
        "provider": provider,
        "provider_user": provider_user(provider),
        "other_provider": elsewhere,
        "other_provider_user": provider_user(elsewhere),
        "quality": member(Role.QUALITY_OFFICER, home, email="kvalitet@example.se"),
        "colleague": member(Role.QUALITY_OFFICER, home, email="kollega@example.se"),
        "other_quality": member(Role.QUALITY_OFFICER, other),
        "case_officer": member(Role.CASE_OFFICER, home),
    }


def filing(world, **changes) -> Filing:
    fields = {
        "municipality": world["municipality"],
        "provider_id": world["provider"].pk,
        "about_municipality": False,
        "category": Category.TIMES,
        "text": "Hemtjänsten kom två timmar för sent.",
        "name": "Greta Klagande",
        "email": "greta@example.se",
        "phone": "070-123 45 67",
    }
    return Filing(**(fields | changes))


def file(world, *, address="192.0.2.1", **changes):
    return complaint_file(
        filing=filing(world, **changes), submission_key=uuid4().hex, address=address
    )
