"""API for partner systems: `POST /api/v1/complaints/` files a complaint
received elsewhere (a municipality's contact centre, an e-service), through
the same service as staff registration, with channel "api" (issue 15 item 8).

The field names are a contract other systems code against. Every request
carries an `Idempotency-Key`: the same key from the same user answers with
the complaint it filed first, so a retried request files no second one.
The complainant's contact details are written, never read back.

`GET /api/v1/survey-results/` is open data: the survey results per
provider, year and question, without those from too few answers.
"""

import re

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from customers.selectors import provider_numbered
from followup.models import (
    Category,
    Channel,
    Complaint,
    SeriousQuestion,
    SurveyKind,
    SurveyResult,
)
from followup.models.reports import QualityReport
from followup.models.surveys import FIRST_YEAR, LAST_YEAR
from followup.selectors.open_data import survey_results_open
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
    provider = provider_numbered(organisation_number=number)
    return provider.pk if provider else None


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


class SurveyResultSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(
        source="survey.municipality", read_only=True, slug_field="slug"
    )
    year = serializers.IntegerField(source="survey.year", read_only=True)
    kind = serializers.ChoiceField(
        source="survey.kind",
        choices=SurveyKind.choices,
        read_only=True,
        help_text="national: Socialstyrelsen's survey, a share positive; "
        "own: the municipality's own, a mean 1 to 5.",
    )
    provider = serializers.CharField(
        source="provider.organisation_number", read_only=True
    )
    provider_name = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = SurveyResult
        fields = [
            "municipality",
            "year",
            "kind",
            "provider",
            "provider_name",
            "question",
            "share_positive",
            "mean",
            "answered",
        ]


class OpenDataFilter(serializers.Serializer):
    """The list's filters, checked: a bad one is a 400."""

    municipality = serializers.SlugField(required=False, max_length=50)
    year = serializers.IntegerField(
        required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    provider = serializers.CharField(required=False, max_length=20)


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
        summary="Survey results (open data)",
        description="The survey results per provider, year and question: "
        "share positive (Socialstyrelsen's national survey, per cent) or mean "
        "(the municipality's own survey, 1 to 5), and the number answering. "
        "A result from fewer answers than the municipality's minimum is left "
        "out.",
        parameters=[
            OpenApiParameter("municipality", str, description="municipality slug"),
            OpenApiParameter("year", int, description="year of the survey"),
            OpenApiParameter(
                "provider", str, description="the provider's organisation number"
            ),
        ],
    )
)
class SurveyResultViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Open data: anyone may read it, no sign-in."""

    access_policy = PUBLIC
    authentication_classes = []
    serializer_class = SurveyResultSerializer
    queryset = SurveyResult.objects.none()

    def get_queryset(self):
        wanted = OpenDataFilter(data=self.request.query_params)
        wanted.is_valid(raise_exception=True)
        data = wanted.validated_data
        return survey_results_open(
            municipality=data.get("municipality", ""),
            year=data.get("year"),
            provider_id=_provider_id(data.get("provider")),
        )


@extend_schema_view(
    list=extend_schema(
        summary="Published annual quality reports (open data)",
        description="The published version of each provider's annual quality "
        "report (provider null: the municipal summary), with the address "
        "anyone may download the PDF from.",
        parameters=[
            OpenApiParameter("municipality", str, description="municipality slug"),
            OpenApiParameter("year", int, description="the report's year"),
            OpenApiParameter(
                "provider", str, description="the provider's organisation number"
            ),
        ],
    )
)
class QualityReportViewSet(viewsets.ReadOnlyModelViewSet):
    """The published version of each annual quality report: open data."""

    access_policy = PUBLIC
    authentication_classes = []
    serializer_class = QualityReportSerializer
    queryset = QualityReport.objects.none()

    def get_queryset(self):
        wanted = OpenDataFilter(data=self.request.query_params)
        wanted.is_valid(raise_exception=True)
        data = wanted.validated_data
        reports = reports_published()
        if data.get("municipality"):
            reports = reports.filter(municipality__slug=data["municipality"])
        if data.get("year"):
            reports = reports.filter(year=data["year"])
        if data.get("provider"):
            reports = reports.filter(provider_id=_provider_id(data["provider"]))
        return reports
