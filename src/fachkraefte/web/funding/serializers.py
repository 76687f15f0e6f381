"""API representations of budgets (with their balances) and ledger entries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fachkraefte.web.funding.ledger import balances
from fachkraefte.web.funding.models import Budget, LedgerEntry


class BalancesSerializer(serializers.Serializer):
    allocated = serializers.DecimalField(max_digits=14, decimal_places=2)
    passed_on = serializers.DecimalField(max_digits=14, decimal_places=2)
    committed = serializers.DecimalField(max_digits=14, decimal_places=2)
    released = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2)
    returned = serializers.DecimalField(max_digits=14, decimal_places=2)
    open_commitments = serializers.DecimalField(max_digits=14, decimal_places=2)
    available = serializers.DecimalField(max_digits=14, decimal_places=2)


class BudgetSerializer(serializers.ModelSerializer):
    """A budget; ``balances`` are derived from its entries (available = allocated − passed on −
    committed + released + returned)."""

    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    alliance = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    earmark = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    balances = serializers.SerializerMethodField()

    class Meta:
        model = Budget
        fields = ["id", "programme", "year", "alliance", "earmark", "planning_until", "balances"]

    @extend_schema_field(BalancesSerializer)
    def get_balances(self, budget: Budget) -> dict[str, Decimal]:
        own = balances(budget)
        data: dict[str, Any] = {name: getattr(own, name) for name in BalancesSerializer().fields}
        return BalancesSerializer(data).data


class LedgerEntrySerializer(serializers.ModelSerializer):
    """One booking. Through the API the office books allocations only; commitments come with the
    steering group's decision, payments and returns with the funder's records."""

    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    booked_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "budget",
            "kind",
            "amount",
            "source",
            "proposal",
            "agenda_item",
            "reference",
            "note",
            "booked_by",
            "booked_at",
        ]
        read_only_fields = ["kind", "source", "proposal", "agenda_item", "booked_by", "booked_at"]
