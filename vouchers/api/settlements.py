"""API for finance systems: `GET /api/v1/settlements/?municipality=<slug>&
month=YYYY-MM` reads a month's settlements, any status (issue 6 item 7).

The shape is vouchers.exports.settlement_payload, the same JSON as
`manage.py settle --format json`: amounts and hours as decimal strings. A
municipality the user is not finance officer of is 404, as if it did not
exist (as the rest of the API treats rows out of scope)."""

from datetime import date

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from kundval.access import roles_policy
from kundval.models import Role
from kundval.selectors import municipality_of
from vouchers.exports import settlement_payload
from vouchers.months import month_parse
from vouchers.settlement.selectors import settlements_for_api

LINES = inline_serializer(
    "SettlementLine",
    many=True,
    fields={
        "kind": serializers.ChoiceField(
            choices=["band", "correction", "supplement"],
            help_text="correction: time of an earlier, locked month.",
        ),
        "band": serializers.CharField(help_text="The band's or supplement's name."),
        "unit": serializers.CharField(help_text="hour, visit, month or percent."),
        "hours": serializers.CharField(allow_null=True, help_text="Per-hour lines."),
        "quantity": serializers.CharField(),
        "rate": serializers.CharField(),
        "amount": serializers.CharField(help_text="SEK, two decimals."),
    },
)
SETTLEMENTS = inline_serializer(
    "Settlement",
    many=True,
    fields={
        "provider": serializers.CharField(help_text="Organisation number."),
        "provider_name": serializers.CharField(),
        "month": serializers.CharField(help_text="YYYY-MM"),
        "status": serializers.ChoiceField(choices=["draft", "approved", "exported"]),
        "lines": LINES,
        "unpaid_hours": serializers.CharField(
            help_text="Approved time outside every band: not paid."
        ),
        "unapproved_hours": serializers.CharField(
            help_text="Time the customer has not approved: not paid."
        ),
        "total": serializers.CharField(help_text="SEK, two decimals."),
    },
)


class SettlementViewSet(viewsets.GenericViewSet):
    """A month's provider settlements in one municipality, for finance."""

    access_policy = roles_policy(Role.FINANCE_OFFICER)
    pagination_class = None

    @extend_schema(
        summary="A month's provider settlements",
        parameters=[
            OpenApiParameter(
                "municipality", OpenApiTypes.STR, required=True, description="Slug."
            ),
            OpenApiParameter(
                "month", OpenApiTypes.STR, required=True, description="YYYY-MM."
            ),
        ],
        responses={
            200: SETTLEMENTS,
            400: OpenApiResponse(description="A parameter missing or bad, named."),
            404: OpenApiResponse(description="Not a municipality of yours."),
        },
    )
    def list(self, request, *args, **kwargs):
        slug, month = _params(request.query_params)
        municipality = municipality_of(
            user=request.user, role=Role.FINANCE_OFFICER, slug=slug
        )
        settlements = settlements_for_api(
            user=request.user, municipality_id=municipality.pk, month=month
        )
        return Response([settlement_payload(s) for s in settlements])


def _params(query) -> tuple[str, date]:
    errors = {}
    slug = query.get("municipality", "").strip()
    if not slug:
        errors["municipality"] = [_("Give the municipality's slug.")]
    month = None
    try:
        month = month_parse(query.get("month", ""))
    except ValueError as error:
        errors["month"] = [str(error)]
    if errors:
        raise ApiValidationError(errors)
    return slug, month
