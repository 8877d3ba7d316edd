"""The shared base's selectors scope to the reader: another municipality's
rows, or those of a municipality where the user holds another role, are not
returned."""

import pytest
from django.http import Http404

from kundval.models import Job, Role
from kundval.scoping import visible_municipalities
from kundval.selectors import (
    access_log_page,
    first_municipality_of,
    latest_jobs,
    municipality_of,
    role_start_municipalities,
)
from kundval.services import access_log_record
from tests.factories import MunicipalityFactory, member

pytestmark = pytest.mark.django_db
FINANCE = Role.FINANCE_OFFICER


@pytest.fixture
def towns():
    nacka, trosa = MunicipalityFactory(name="Nacka"), MunicipalityFactory(name="Trosa")
    return {"nacka": nacka, "trosa": trosa, "finance": member(FINANCE, nacka)}


def test_only_the_municipalities_where_the_role_is_held(towns):
    finance, nacka, trosa = towns["finance"], towns["nacka"], towns["trosa"]
    member(Role.ADMINISTRATOR, trosa, username="annan")
    assert list(visible_municipalities(finance, FINANCE)) == [nacka]
    assert list(role_start_municipalities(user=finance, role=FINANCE)) == [nacka]
    assert not visible_municipalities(finance, Role.ADMINISTRATOR).exists()
    assert first_municipality_of(user=finance, role=FINANCE) == nacka
    assert first_municipality_of(user=finance, role=Role.ADMINISTRATOR) is None


def test_a_municipality_by_slug_is_404_unless_the_role_is_held_there(towns):
    finance = towns["finance"]
    nacka = municipality_of(user=finance, role=FINANCE, slug=towns["nacka"].slug)
    assert nacka == towns["nacka"]
    with pytest.raises(Http404):
        municipality_of(user=finance, role=FINANCE, slug=towns["trosa"].slug)
    with pytest.raises(Http404):
        municipality_of(user=finance, role=Role.QUALITY_OFFICER, slug=nacka.slug)


def test_the_latest_jobs_are_those_of_the_administrators_municipalities(towns):
    admin = member(Role.ADMINISTRATOR, towns["nacka"])
    own = [Job.objects.create(kind="k", municipality=towns["nacka"]) for _ in range(3)]
    Job.objects.create(kind="k", municipality=towns["trosa"])
    assert len(latest_jobs(user=admin, count=2)) == 2
    assert set(latest_jobs(user=admin, count=5)) == set(own)
    assert not latest_jobs(user=towns["finance"], count=5).exists()


def test_the_access_log_page_is_the_readers_and_empty_for_bad_filters(towns):
    quality = member(Role.QUALITY_OFFICER, towns["nacka"])
    for town in ("nacka", "trosa"):
        access_log_record(
            user=towns["finance"],
            municipality_id=towns[town].pk,
            customer_id=1,
            what=town,
        )
    page = access_log_page(reader=quality, filters={}, page_number=None, per_page=50)
    assert [entry.what for entry in page] == ["nacka"]
    page = access_log_page(reader=quality, filters=None, page_number="1", per_page=50)
    assert not page.object_list
