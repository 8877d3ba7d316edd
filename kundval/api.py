"""REST API of the shared base, under /api/v1/."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers, viewsets

from kundval.access import PUBLIC
from kundval.models import Area, Municipality, Service
from kundval.selectors import municipalities_with_services


class ServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Service
        fields = ["slug", "name", "kind"]


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["slug", "name"]


class MunicipalitySerializer(serializers.ModelSerializer):
    services = ServiceSerializer(many=True, read_only=True)
    areas = AreaSerializer(many=True, read_only=True)

    class Meta:
        model = Municipality
        fields = ["slug", "name", "organisation_number", "services", "areas"]


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Municipalities with their services and areas: open data, no login."""

    access_policy = PUBLIC
    queryset = municipalities_with_services()
    serializer_class = MunicipalitySerializer
    lookup_field = "slug"


class SchemaView(SpectacularAPIView):
    access_policy = PUBLIC


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its settings script served by this view (?script), not
    inline, and the page's style in a file: it works under the CSP."""

    access_policy = PUBLIC
    template_name = "kundval/api_docs.html"
