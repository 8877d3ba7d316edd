"""REST API of the shared base, under /api/v1/."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers, viewsets
from rest_framework.routers import DefaultRouter

from kundval.access import PUBLIC
from kundval.models import Area, Municipality, Service
from kundval.rest import ID_PATTERN
from kundval.selectors import municipalities_with_services


class Router(DefaultRouter):
    """Ids in paths are ASCII digits that fit a bigint, else no such URL
    (404): str.isdigit() takes "²", which int() then refuses. Slugs as before."""

    include_root_view = False

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        by_pk = getattr(viewset, "lookup_field", "pk") == "pk"
        if not by_pk or hasattr(viewset, "lookup_value_regex"):
            return super().get_lookup_regex(viewset, lookup_prefix)
        return self._base_pattern.format(
            lookup_prefix=lookup_prefix,
            lookup_url_kwarg=getattr(viewset, "lookup_url_kwarg", None) or "pk",
            lookup_value=ID_PATTERN,
        )


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
