"""API for time-reporting systems: `POST /api/v1/visits/` reports performed
time, `GET /api/v1/visits/?month=YYYY-MM` reads it back (issue 6 item 7).

The field names are a contract other systems code against:
`{"choice", "start", "end", "category", "staff", "approved"}`. A batch is
all or nothing: any bad item is 400 `{"items": {"<index>": {"<field>":
[...]}}}` and nothing is stored; a choice that is not of the user's
providers is 404, as if it did not exist.
"""

from datetime import date, datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from kundval.access import roles_policy
from kundval.models import InterventionCategory, Role
from kundval.rest import DepthLimitedJSONParser
from vouchers.calendar import STOCKHOLM
from vouchers.models import Visit, VisitSource
from vouchers.months import month_parse
from vouchers.selectors import provider_visits, visits_for_api
from vouchers.services.visits import (
    ChoiceNotFound,
    VisitInput,
    VisitsInvalid,
    visits_record,
)

MOST_ITEMS = 10_000


class OffsetDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an offset: a time-reporting system must say which
    clock it means (the contract); a naive time is refused."""

    def to_internal_value(self, value):
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:  # An offset of 24 h or more: no clock has it.
                raise serializers.ValidationError(
                    _("Give an offset under 24 hours, such as +01:00.")
                ) from None
            if parsed is not None and parsed.tzinfo is None:
                raise serializers.ValidationError(
                    _("Give the offset, such as 2026-03-02T08:00:00+01:00.")
                )
        return super().to_internal_value(value)


class VisitItemSerializer(serializers.Serializer):
    choice = serializers.IntegerField(
        min_value=1, help_text="The id of the customer's choice of your provider."
    )
    start = OffsetDateTimeField(help_text="ISO 8601 with offset.")
    end = OffsetDateTimeField(help_text="ISO 8601 with offset; at most 24 h on.")
    category = serializers.ChoiceField(choices=InterventionCategory.choices)
    staff = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )
    approved = serializers.BooleanField(
        default=False,
        help_text="The customer has approved the time (a receipt at the door).",
    )


class VisitSerializer(serializers.ModelSerializer):
    start = serializers.DateTimeField(source="starts_at")
    end = serializers.DateTimeField(source="ends_at")
    customer = serializers.IntegerField(source="customer_id")
    approved = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = [
            "id",
            "choice",
            "customer",
            "start",
            "end",
            "category",
            "staff",
            "approved",
            "approved_at",
            "overlaps",
            "settle_month",
            "cancelled_month",
            "replaces",
            "source",
        ]

    def get_approved(self, visit) -> bool:
        return visit.approved_at is not None


class VisitViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Performed time of the user's providers."""

    access_policy = roles_policy(Role.PROVIDER_USER)
    serializer_class = VisitSerializer
    # The contract is JSON; a form or anything else is 415, not a 400
    # that blames the items.
    parser_classes = [DepthLimitedJSONParser]

    def get_queryset(self):
        return provider_visits(user=self.request.user)

    @extend_schema(
        summary="Performed time of a month",
        parameters=[
            OpenApiParameter(
                "month",
                OpenApiTypes.STR,
                description="YYYY-MM: visits that started in that month "
                "(Swedish time); default this month.",
            )
        ],
    )
    def list(self, request, *args, **kwargs):
        page = visits_for_api(
            user=request.user,
            month=_month(request.query_params.get("month")),
            paginate=self.paginate_queryset,
        )
        return self.get_paginated_response(VisitSerializer(page, many=True).data)

    @extend_schema(
        summary="Report performed time",
        description="A JSON list of visits, all stored or none. Any bad item "
        'is 400 naming it: `{"items": {"2": {"end": ["..."]}}}`. A choice '
        'not of your provider is 404 with `{"items": [indexes]}`.',
        request=VisitItemSerializer(many=True),
        responses={
            201: inline_serializer(
                "VisitsCreated",
                {"ids": serializers.ListField(child=serializers.IntegerField())},
            ),
            400: OpenApiResponse(description="Bad items; nothing stored."),
            404: OpenApiResponse(description="A choice not of your provider."),
        },
    )
    def create(self, request, *args, **kwargs):
        items = _items(request.data)
        try:
            visits = visits_record(
                user=request.user, items=items, source=VisitSource.API
            )
        except ChoiceNotFound as missing:
            raise _not_found(missing.indexes) from None
        except VisitsInvalid as invalid:
            raise ApiValidationError(
                {"items": {str(n): errors for n, errors in invalid.by_item.items()}}
            ) from None
        return Response(
            {"ids": [visit.pk for visit in visits]}, status=status.HTTP_201_CREATED
        )


def _items(data) -> list[VisitInput]:
    if not isinstance(data, list) or not data:
        raise ApiValidationError(
            {"non_field_errors": [_("Send a JSON list of visits.")]}
        )
    if len(data) > MOST_ITEMS:
        raise ApiValidationError(
            {"non_field_errors": [_("At most 10 000 visits at a time.")]}
        )
    serializer = VisitItemSerializer(data=data, many=True)
    if not serializer.is_valid():
        errors = serializer.errors
        # DRF gives a list with {} for good items, or only the bad by index.
        pairs = errors.items() if isinstance(errors, dict) else enumerate(errors)
        raise ApiValidationError({"items": {str(n): e for n, e in pairs if e}})
    return [
        VisitInput(
            choice_id=item["choice"],
            starts_at=item["start"],
            ends_at=item["end"],
            category=item["category"],
            staff=item["staff"],
            approved=item["approved"],
        )
        for item in serializer.validated_data
    ]


def _not_found(indexes: list[int]) -> NotFound:
    error = NotFound(_("No such choice of your provider."))
    error.detail = {"detail": error.detail, "items": indexes}
    return error


def _month(raw: str | None) -> date:
    if not raw:
        return datetime.now(STOCKHOLM).date().replace(day=1)
    try:
        return month_parse(raw)
    except ValueError as error:
        raise ApiValidationError({"month": [str(error)]}) from None
