"""Open data: the published calls, with the fields the national ad site needs."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets

from authorization.models import Announcement, Authorization
from authorization.selectors import announcements_published, authorized_providers
from kundval.access import PUBLIC
from providers.models import Provider

# The filters of the provider list, each a slug: see authorized_providers.
SLUGS = ("municipality", "service", "area")


class AnnouncementSerializer(serializers.ModelSerializer):
    authority = serializers.CharField(source="service.municipality.name")
    authority_organisation_number = serializers.CharField(
        source="service.municipality.organisation_number"
    )
    service = serializers.CharField(source="service.name")
    service_kind = serializers.CharField(source="service.kind")
    areas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    link = serializers.SerializerMethodField()
    closing_date = serializers.SerializerMethodField()

    class Meta:
        model = Announcement
        fields = [
            "id",
            "title",
            "authority",
            "authority_organisation_number",
            "service",
            "service_kind",
            "description",
            "areas",
            "link",
            "contact_name",
            "contact_email",
            "contact_phone",
            "published_at",
            "closing_date",
        ]

    def get_link(self, announcement) -> str:
        return settings.SITE_URL + reverse("call-detail", args=[announcement.pk])

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_closing_date(self, announcement) -> None:
        """Always null: under LOV applications are taken continuously."""
        return None


class AnnouncementViewSet(viewsets.ReadOnlyModelViewSet):
    access_policy = PUBLIC
    queryset = announcements_published()
    serializer_class = AnnouncementSerializer


class ServedAreaSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(
        source="service.municipality", read_only=True, slug_field="slug"
    )
    service = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    areas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = Authorization
        fields = ["municipality", "service", "areas", "valid_from"]


class ProviderSerializer(serializers.ModelSerializer):
    organisation_number = serializers.CharField(source="organisation_number_display")
    authorizations = ServedAreaSerializer(
        source="authorizations_in_force", many=True, read_only=True
    )

    class Meta:
        model = Provider
        fields = ["slug", "name", "kind", "organisation_number", "authorizations"]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("municipality", str, description="municipality slug"),
            OpenApiParameter(
                "service", str, description="service slug, e.g. hemtjanst"
            ),
            OpenApiParameter("area", str, description="area slug"),
        ]
    )
)
class ProviderViewSet(viewsets.ReadOnlyModelViewSet):
    """Authorized providers (contract accepted, not revoked): open data."""

    access_policy = PUBLIC
    serializer_class = ProviderSerializer
    lookup_field = "slug"

    def get_queryset(self):
        params = self.request.query_params
        return authorized_providers(**{name: params.get(name, "") for name in SLUGS})
