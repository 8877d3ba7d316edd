"""API for case-management systems: customers (issue 5 item 9).

The field names are a contract other systems code against. The identity
number goes in a POST body only and comes back masked.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError

from customers.models import Customer
from customers.services import customer_read, customer_register
from kundval.access import roles_policy
from kundval.models import Area, Municipality, Role
from kundval.scoping import visible

# Service field names → the contract's.
API_FIELDS = {"identity_number": "personnummer"}


class CustomerSerializer(serializers.ModelSerializer):
    personnummer = serializers.CharField(write_only=True, max_length=20)
    personnummer_masked = serializers.CharField(
        source="identity_masked", read_only=True
    )
    municipality = serializers.SlugRelatedField(
        slug_field="slug", queryset=Municipality.objects.all()
    )
    area = serializers.SlugField()

    class Meta:
        model = Customer
        fields = [
            "id",
            "personnummer",
            "personnummer_masked",
            "name",
            "municipality",
            "area",
            "street_address",
            "postal_code",
            "city",
            "contact_person",
            "protected_identity",
        ]

    def to_representation(self, customer):
        data = super().to_representation(customer)
        data["area"] = customer.area.slug
        return data


class CustomerViewSet(
    mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Register a customer (case officers) and read one; every read is logged."""

    access_policy = roles_policy(Role.CASE_OFFICER)
    serializer_class = CustomerSerializer

    def get_queryset(self):
        customers = Customer.objects.select_related("municipality", "area")
        return visible(customers, self.request.user, Role.CASE_OFFICER)

    def get_object(self):
        customer = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return customer_read(user=self.request.user, customer=customer, what="api")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        municipality = data.pop("municipality")
        area = Area.objects.filter(municipality=municipality, slug=data.pop("area"))
        if not area:
            raise ApiValidationError(
                {"area": [_("Choose an area of the municipality.")]}
            )
        try:
            serializer.instance = customer_register(
                user=self.request.user,
                municipality=municipality,
                identity_number=data.pop("personnummer"),
                area=area[0],
                **data,
            )
        except PermissionDenied:
            raise ApiPermissionDenied from None
        except ValidationError as error:
            raise ApiValidationError(
                {API_FIELDS.get(k, k): v for k, v in error.message_dict.items()}
            ) from None
