"""Open data: the published calls, with the fields the national ad site needs."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from authorization.models import Announcement
from authorization.selectors import announcements_published
from kundval.access import PUBLIC


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
