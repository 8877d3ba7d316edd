"""API for partner systems: `POST /api/v1/complaints/` files a complaint
received elsewhere (a municipality's contact centre, an e-service), through
the same service as staff registration, with channel "api" (issue 15 item 8).

The field names are a contract other systems code against. Every request
carries an `Idempotency-Key`: the same key from the same user answers with
the complaint it filed first, so a retried request files no second one.
The complainant's contact details are written, never read back.
"""

import re

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from customers.selectors import provider_by_number
from followup.models import Category, Channel, Complaint, SeriousQuestion
from followup.models.reports import FIRST_YEAR, LAST_YEAR, QualityReport
from followup.selectors.reports import reports_published
from followup.services import Filing, complaint_register
from followup.services.complaints import TEXT_LIMIT
from kundval.access import PUBLIC, roles_policy
from kundval.models import Municipality, Role
from kundval.rest import DepthLimitedJSONParser

IDEMPOTENCY_HEADER = "Idempotency-Key"
# Printable ASCII, as a UUID or any client's own scheme; bounded.
IDEMPOTENCY_KEY = re.compile(r"[!-~]{1,100}")


class ComplaintSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(
        slug_field="slug", queryset=Municipality.objects.all()
    )
    provider = serializers.CharField(
        max_length=20,
        allow_null=True,
        required=False,
        default=None,
        help_text="The organisation number of the provider it is about.",
    )
    about_municipality = serializers.BooleanField(default=False)
    category = serializers.ChoiceField(choices=Category.choices)
    text = serializers.CharField(max_length=TEXT_LIMIT)
    serious_answers = serializers.ListField(
        child=serializers.ChoiceField(choices=SeriousQuestion.choices),
        max_length=len(SeriousQuestion.values),
        default=list,
        help_text="The serious questions answered yes; any makes it serious.",
    )
    anonymous = serializers.BooleanField(default=False)
    name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", write_only=True
    )
    email = serializers.EmailField(
        required=False, allow_blank=True, default="", write_only=True
    )
    phone = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default="", write_only=True
    )

    class Meta:
        model = Complaint
        fields = [
            "id",
            "municipality",
            "provider",
            "about_municipality",
            "category",
            "text",
            "serious_answers",
            "serious",
            "anonymous",
            "name",
            "email",
            "phone",
            "status",
            "received_at",
            "answer_by",
        ]
        read_only_fields = ["serious", "status", "received_at", "answer_by"]

    def validate(self, data):
        if data["anonymous"] and any(data[f] for f in ("name", "email", "phone")):
            raise ApiValidationError(
                {"anonymous": [_("An anonymous complaint has no contact details.")]}
            )
        return data

    def to_representation(self, complaint):
        provider = complaint.provider
        return {
            **super().to_representation(complaint),
            "provider": provider.organisation_number if provider else None,
        }

    def filing(self) -> Filing:
        data = self.validated_data
        return Filing(
            municipality=data["municipality"],
            provider_id=_provider_id(data["provider"]),
            about_municipality=data["about_municipality"],
            category=data["category"],
            text=data["text"],
            serious_answers=tuple(data["serious_answers"]),
            anonymous=data["anonymous"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
        )


def _provider_id(number: str | None) -> int | None:
    if number is None:
        return None
    provider = provider_by_number(organisation_number=number)
    if provider is None:
        raise ApiValidationError(
            {"provider": [_("No provider has that organisation number.")]}
        )
    return provider.pk


class ComplaintViewSet(viewsets.GenericViewSet):
    """A complaint received by a partner system, filed in a municipality by a
    quality or case officer's token of it."""

    access_policy = roles_policy(Role.QUALITY_OFFICER, Role.CASE_OFFICER)
    serializer_class = ComplaintSerializer
    parser_classes = [DepthLimitedJSONParser]
    queryset = Complaint.objects.none()

    @extend_schema(
        summary="File a complaint",
        description="Filed as received through a partner system. A request "
        "sent again with the same Idempotency-Key answers with the complaint "
        "the first one filed, and files nothing more.",
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="Your unique key for this complaint, such as a "
                "UUID: 1 to 100 printable ASCII characters.",
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        key = request.headers.get(IDEMPOTENCY_HEADER, "")
        if not IDEMPOTENCY_KEY.fullmatch(key):
            raise ApiValidationError(
                {IDEMPOTENCY_HEADER: [_("Give a key of 1 to 100 ASCII characters.")]}
            )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        complaint = complaint_register(
            user=request.user,
            filing=serializer.filing(),
            channel=Channel.API,
            idempotency_key=key,
        )
        return Response(
            self.get_serializer(complaint).data, status=status.HTTP_201_CREATED
        )


class QualityReportSerializer(serializers.ModelSerializer):
    """A published annual quality report (provider null: the municipal
    summary), with the address anyone may download it from."""

    municipality = serializers.CharField(source="municipality.slug")
    provider_organisation_number = serializers.CharField(
        source="provider.organisation_number_display", allow_null=True, default=None
    )
    provider_name = serializers.CharField(
        source="provider.name", allow_null=True, default=None
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = QualityReport
        fields = [
            "id",
            "municipality",
            "provider_organisation_number",
            "provider_name",
            "year",
            "version",
            "published_at",
            "url",
        ]

    def get_url(self, report) -> str:
        return settings.SITE_URL + reverse("report-public", args=[report.pk])


@extend_schema_view(
    list=extend_schema(
        summary="Published annual quality reports",
        parameters=[
            OpenApiParameter("municipality", str, description="municipality slug"),
            OpenApiParameter("year", int, description=f"{FIRST_YEAR}–{LAST_YEAR}"),
            OpenApiParameter(
                "provider", str, description="the provider's organisation number"
            ),
        ],
    )
)
class QualityReportViewSet(viewsets.ReadOnlyModelViewSet):
    """The published version of each annual quality report: open data."""

    access_policy = PUBLIC
    serializer_class = QualityReportSerializer

    def get_queryset(self):
        reports = reports_published()
        params = self.request.query_params
        if params.get("municipality"):
            reports = reports.filter(municipality__slug=params["municipality"])
        if params.get("year"):
            reports = reports.filter(year=_year(params["year"]))
        if params.get("provider"):
            number = params["provider"].replace("-", "").strip()
            reports = reports.filter(provider__organisation_number=number)
        return reports


def _year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR):
        raise ApiValidationError({"year": [_("Give a year from 2000 to 2100.")]})
    return int(text)
