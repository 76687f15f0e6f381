"""API representations of payment requests, repayments and a project's money per cost type."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fachkraefte.web.calls.models import CostType
from fachkraefte.web.payments.models import PaymentLine, PaymentRequest, Repayment

MONEY = {"max_digits": 14, "decimal_places": 2}


class PaymentLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = PaymentLine
        fields = ["cost_type", "amount"]


class PaymentRequestSerializer(serializers.ModelSerializer):
    """A payment request with its lines; ``total`` is the sum of the lines."""

    lines = PaymentLineSerializer(many=True, read_only=True)
    total = serializers.SerializerMethodField()
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = PaymentRequest
        fields = [
            "id",
            "project",
            "number",
            "status",
            "note",
            "decision_note",
            "lines",
            "total",
            "requested_by",
            "submitted_at",
            "decided_at",
            "paid_on",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(**MONEY))
    def get_total(self, payment_request: PaymentRequest) -> str:
        total = sum((line.amount for line in payment_request.lines.all()), Decimal("0.00"))
        return serializers.DecimalField(**MONEY).to_representation(total)


class PaymentRequestWriteSerializer(serializers.Serializer):
    project = serializers.IntegerField(
        min_value=1, required=False, help_text="Projekt (id); nur beim Anlegen"
    )
    lines = serializers.DictField(
        child=serializers.DecimalField(min_value=Decimal("0"), **MONEY),
        help_text='Beträge je Ausgabeart, z. B. {"personnel": "2500.00"}; '
        f"Ausgabearten: {', '.join(CostType.values)}",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        default="",
        help_text="Vermerk; bei einer Ablehnung die Begründung (Pflicht)",
    )


class PaySerializer(serializers.Serializer):
    paid_on = serializers.DateField(required=False, help_text="Auszahlungstag (Standard: heute)")
    reference = serializers.CharField(required=False, allow_blank=True, max_length=120, default="")


class RepaymentSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(min_value=Decimal("0.01"), **MONEY)
    booked_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    project = serializers.IntegerField(source="project_id", min_value=1)

    class Meta:
        model = Repayment
        fields = [
            "id",
            "project",
            "cost_type",
            "amount",
            "reason",
            "received_on",
            "booked_by",
            "created_at",
        ]
        read_only_fields = ["id", "booked_by", "created_at"]


class CostTypeMoneySerializer(serializers.Serializer):
    cost_type = serializers.CharField()
    approved = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY)
    approved_unpaid = serializers.DecimalField(**MONEY)
    requested_open = serializers.DecimalField(**MONEY)
    repaid = serializers.DecimalField(**MONEY)
    remaining = serializers.DecimalField(**MONEY)


class ProjectMoneySerializer(serializers.Serializer):
    """``selectors.project_money``: per cost type and in total, with the ledger's open
    commitment of the project."""

    project = serializers.IntegerField(source="project.pk")
    rows = CostTypeMoneySerializer(many=True)
    approved = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY)
    approved_unpaid = serializers.DecimalField(**MONEY)
    requested_open = serializers.DecimalField(**MONEY)
    repaid = serializers.DecimalField(**MONEY)
    remaining = serializers.DecimalField(**MONEY)
    open_commitment = serializers.DecimalField(**MONEY)
