"""Reads of complaints: scoped lists (the quality unit all of its
municipality's, a provider only its own), the overdue ones, and the
complainant's contact details, shown only to those handling a complaint."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from customers.selectors import customer_read
from followup.models import Category, Complaint, ComplaintStatus
from kundval.models import Role
from kundval.scoping import holds_role, visible

S = ComplaintStatus
OPEN = [S.RECEIVED, S.ASSIGNED, S.INVESTIGATING, S.REOPENED]
# What a list shows: never the complainant's name, address or phone.
LIST_FIELDS = [
    "pk",
    "municipality__name",
    "provider__name",
    "about_municipality",
    "category",
    "serious",
    "status",
    "received_at",
    "answer_by",
]


def _rows(complaints: QuerySet[Complaint]) -> list[dict]:
    """A list's rows: the fields of LIST_FIELDS and the labels of the codes."""
    categories, states = dict(Category.choices), dict(ComplaintStatus.choices)
    return [
        row
        | {
            "category_label": categories[row["category"]],
            "status_label": states[row["status"]],
        }
        for row in complaints.values(*LIST_FIELDS)
    ]


def complaints_for_quality(*, user) -> list[dict]:
    """Every complaint of the user's municipalities, serious ones first."""
    complaints = visible(Complaint.objects.all(), user, Role.QUALITY_OFFICER)
    return _rows(complaints.order_by("-serious", "-received_at"))


def complaints_for_provider(*, user) -> list[dict]:
    """The complaints about the user's providers, and nothing else."""
    return _rows(visible(Complaint.objects.all(), user, Role.PROVIDER_USER))


def _detail(queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
    related = ("municipality", "provider", "handler")
    return queryset.select_related(*related).defer("name", "email", "phone")


def complaint_for_quality(*, user, pk: int) -> Complaint:
    complaints = visible(Complaint.objects.all(), user, Role.QUALITY_OFFICER)
    return get_object_or_404(_detail(complaints), pk=pk)


def complaint_for_provider(*, user, pk: int) -> Complaint:
    complaints = visible(Complaint.objects.all(), user, Role.PROVIDER_USER)
    return get_object_or_404(_detail(complaints), pk=pk)


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    phone: str


def complaint_contact(*, user, complaint: Complaint) -> Contact | None:
    """The complainant's contact details, for those handling the complaint:
    its named handler, or the provider concerned once it investigates or
    answers. None for anyone else. A read of a linked customer's data is
    logged."""
    if not _handles(user, complaint):
        return None
    row = Complaint.objects.values("name", "email", "phone").get(pk=complaint.pk)
    if complaint.customer_id:
        customer_read(user=user, customer=complaint.customer, what="complaint")
    return Contact(**row)


def _handles(user, complaint: Complaint) -> bool:
    if complaint.handler_id == user.pk:
        return True
    provider_turn = complaint.status in (S.INVESTIGATING, S.REOPENED)
    return provider_turn and holds_role(
        user, Role.PROVIDER_USER, provider_id=complaint.provider_id
    )


def complaints_overdue(*, on=None) -> QuerySet[Complaint]:
    """Open complaints past a deadline on the day `on` (today): receipt not
    confirmed, no handler named, or no answer."""
    day = on or timezone.localdate()
    late = (
        Q(confirmed_at__isnull=True, confirm_by__lt=day)
        | Q(handler__isnull=True, assign_by__lt=day)
        | Q(answer_by__lt=day)
    )
    return Complaint.objects.filter(late, status__in=OPEN)


def complaints_overdue_for_quality(*, user) -> list[dict]:
    """The overdue complaints of the user's municipalities, for the work list."""
    overdue = visible(complaints_overdue(), user, Role.QUALITY_OFFICER)
    return _rows(overdue.order_by("answer_by"))


def handlers_for(complaint: Complaint) -> QuerySet:
    """The quality officers of the complaint's municipality, to assign."""
    return (
        get_user_model()
        .objects.filter(
            memberships__municipality_id=complaint.municipality_id,
            memberships__role=Role.QUALITY_OFFICER,
        )
        .order_by("username")
    )
