"""API for case-management systems: customers, need decisions and choices
(issue 5 item 9).

The field names are a contract other systems code against. The identity
number goes in a POST body only and comes back masked.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError

from customers.models import (
    Choice,
    Customer,
    DecisionStatus,
    NeedDecision,
    SwitchReason,
)
from customers.selectors import (
    area_named,
    choice_history,
    customer_for_api,
    decision_for_api,
    interventions_named,
    officer_customer,
    officer_customers,
    officer_decision,
    officer_decisions,
    provider_numbered,
    service_named,
)
from customers.services import (
    choice_record,
    customer_register,
    decision_register,
    decision_transition,
)
from kundval.access import roles_policy
from kundval.models import Municipality, Role
from kundval.rest import ID_DIGITS
from kundval.validators import ascii_digits

# Service field names → the contract's.
API_FIELDS = {"identity_number": "personnummer", "__all__": "non_field_errors"}


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
        return officer_customers(user=self.request.user)

    def get_object(self):
        return customer_for_api(user=self.request.user, pk=self.kwargs["pk"])

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        municipality = data.pop("municipality")
        area = area_named(municipality_id=municipality.pk, slug=data.pop("area"))
        if area is None:
            raise ApiValidationError(
                {"area": [_("Choose an area of the municipality.")]}
            )
        serializer.instance = _as_api_errors(
            customer_register,
            user=self.request.user,
            municipality=municipality,
            identity_number=data.pop("personnummer"),
            area=area,
            **data,
        )


class DecisionSerializer(serializers.ModelSerializer):
    # Written as ids and slugs; read back the same way (to_representation).
    customer = serializers.IntegerField(write_only=True)
    service = serializers.SlugField(write_only=True)
    interventions = serializers.ListField(
        child=serializers.SlugField(), required=False, default=list, write_only=True
    )
    ends_on = serializers.DateField(allow_null=True, required=False, default=None)
    reasons = serializers.CharField(required=False, default="", allow_blank=True)

    class Meta:
        model = NeedDecision
        fields = [
            "id",
            "customer",
            "service",
            "hours_per_month",
            "starts_on",
            "ends_on",
            "interventions",
            "reasons",
            "status",
        ]
        read_only_fields = ["status"]

    def to_representation(self, decision):
        return {
            **super().to_representation(decision),
            "customer": decision.customer_id,
            "service": decision.service.slug,
            "interventions": sorted(i.slug for i in decision.interventions.all()),
        }


class DecisionViewSet(
    mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A need decision made in the case-management system: registered as
    decided. Scoped like the pages: another municipality's customer is 404."""

    access_policy = roles_policy(Role.CASE_OFFICER)
    serializer_class = DecisionSerializer

    def get_queryset(self):
        return officer_decisions(user=self.request.user)

    def get_object(self):
        return decision_for_api(user=self.request.user, pk=self.kwargs["pk"])

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        customer = officer_customer(user=user, pk=data.pop("customer"))
        service = service_named(
            municipality_id=customer.municipality_id, slug=data.pop("service")
        )
        if service is None:
            raise ApiValidationError(
                {"service": [_("Choose a service of the municipality.")]}
            )
        slugs = set(data.pop("interventions"))
        interventions = interventions_named(service=service, slugs=slugs)
        if len(interventions) != len(slugs):
            raise ApiValidationError({"interventions": [_("Unknown intervention.")]})
        with transaction.atomic():
            decision = _as_api_errors(
                decision_register,
                user=user,
                customer=customer,
                service=service,
                interventions=interventions,
                **data,
            )
            serializer.instance = decision_transition(
                user=user, decision=decision, to=DecisionStatus.DECIDED,
                note="API",
            )  # fmt: skip


class ChoiceSerializer(serializers.ModelSerializer):
    decision = serializers.IntegerField(source="decision_id")
    provider = serializers.CharField(allow_null=True, max_length=20)
    switch_reason = serializers.ChoiceField(
        choices=SwitchReason.choices, required=False, allow_blank=True, default=""
    )
    switch_note = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = Choice
        fields = [
            "id",
            "decision",
            "provider",
            "non_choice",
            "starts_on",
            "ends_on",
            "status",
            "switch_reason",
            "switch_note",
            "decline_reason",
        ]
        read_only_fields = ["non_choice", "ends_on", "status", "decline_reason"]

    def to_representation(self, choice):
        return {
            **super().to_representation(choice),
            "customer": choice.decision.customer_id,
            "provider": choice.provider.organisation_number,
            "provider_name": choice.provider.name,
        }


class ChoiceViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Record a choice (a switch when the customer has a provider that day),
    and read a customer's history: `GET /api/v1/choices/?customer={id}`."""

    access_policy = roles_policy(Role.CASE_OFFICER, Role.PROVIDER_USER)
    serializer_class = ChoiceSerializer

    def get_queryset(self):
        raw = self.request.query_params.get("customer", "")
        if not ascii_digits(raw) or len(raw) > ID_DIGITS:
            raise ApiValidationError({"customer": [_("Give the customer's id.")]})
        return choice_history(user=self.request.user, customer_id=int(raw))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        decision = officer_decision(user=user, pk=data["decision_id"])
        serializer.instance = _as_api_errors(
            choice_record,
            user=user,
            decision=decision,
            provider=provider_numbered(organisation_number=data["provider"]),
            starts_on=data["starts_on"],
            # A system that sends no reason still records the switch as one.
            switch_reason=data["switch_reason"] or SwitchReason.OTHER,
            switch_note=data["switch_note"],
        )


def _as_api_errors(service_function, **kwargs):
    """Run a service; its errors become DRF's (403, 400 by field)."""
    try:
        return service_function(**kwargs)
    except PermissionDenied:
        raise ApiPermissionDenied from None
    except ValidationError as error:
        raise ApiValidationError(
            {API_FIELDS.get(k, k): v for k, v in error.message_dict.items()}
            if hasattr(error, "error_dict")
            else {"non_field_errors": error.messages}
        ) from None
