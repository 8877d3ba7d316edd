"""factory_boy factories for the shared base."""

import factory
from django.contrib.auth import get_user_model
from stdnum import luhn

from kundval.models import Area, Membership, Municipality, Role, Service, ServiceKind

PASSWORD = "correct-horse-battery"


def _orgnr(n: int) -> str:
    base = f"2{n:08d}"
    return base + luhn.calc_check_digit(base)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Kommun {n}")
    slug = factory.Sequence(lambda n: f"kommun-{n}")
    organisation_number = factory.Sequence(_orgnr)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    municipality = factory.SubFactory(MunicipalityFactory)
    slug = "hemtjanst"
    name = "Hemtjänst"
    kind = ServiceKind.HOME_CARE


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    municipality = factory.SubFactory(MunicipalityFactory)
    slug = factory.Sequence(lambda n: f"omrade-{n}")
    name = factory.Sequence(lambda n: f"Område {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.CASE_OFFICER


def member(role: str, municipality: Municipality, **user_fields):
    """A new user holding `role` in `municipality`."""
    user = UserFactory(**user_fields)
    return MembershipFactory(user=user, role=role, municipality=municipality).user


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "providers.Provider"

    name = factory.Sequence(lambda n: f"Utförare {n} AB")
    slug = factory.Sequence(lambda n: f"utforare-{n}")
    kind = "private"
    organisation_number = factory.Sequence(lambda n: _company_orgnr(n))
    f_tax_confirmed = True
    street_address = "Storgatan 1"
    postal_code = "13181"
    city = "Nacka"
    contact_email = "kontakt@example.se"
    contact_phone = "08-000 00 00"
    signatory_name = "Sam Signatär"


def _company_orgnr(n: int) -> str:
    base = f"55{20 + n % 80:02d}{n:05d}"
    return base + luhn.calc_check_digit(base)


def provider_user(provider) -> object:
    """A new user acting for `provider`."""
    from providers.models import ProviderMembership

    return ProviderMembership.objects.create(user=UserFactory(), provider=provider).user


def authorize(provider, service, areas, *, ceiling=None, valid_from=None):
    """An authorization in force for `provider` in `service` and `areas`."""
    from django.utils import timezone

    from authorization.models import Announcement, Application, Authorization

    call, _created = Announcement.objects.get_or_create(
        service=service,
        defaults={
            "title": f"Auktorisation {service.name}",
            "description": "x",
            "rates_summary": "x",
            "contact_name": "x",
            "contact_email": "x@example.se",
            "contact_phone": "x",
            "published_at": timezone.now(),
        },
    )
    application = Application.objects.create(
        provider=provider, announcement=call, status="approved"
    )
    authorization = Authorization.objects.create(
        application=application,
        provider=provider,
        service=service,
        valid_from=valid_from or timezone.localdate(),
        capacity_ceiling=ceiling,
        contract_accepted_at=timezone.now(),
    )
    authorization.areas.set(areas)
    return authorization
