"""REST endpoints of budgets and ledger entries (routed by ``web.api.routes``).

The same rules as the pages (``funding.rules``): the office sees every budget, members and the
steering group their alliances' budgets; others get empty lists and 404 for single records.
Only the office books, and only allocations: the budget named in the request body is looked up
and the rules asked before the body is validated.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext as _
from rest_framework import mixins, permissions, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.api.authorise import named
from fachkraefte.web.api.filters import alliance_filter
from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.funding import rules, selectors, services
from fachkraefte.web.funding.models import Budget, LedgerEntry
from fachkraefte.web.funding.serializers import BudgetSerializer, LedgerEntrySerializer


class BudgetFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(
        field_name="programme__slug", label="Programm (Slug, z. B. sachsen-fachkraefteallianzen)"
    )
    alliance = alliance_filter()
    earmark = django_filters.CharFilter(field_name="earmark__slug", label="Zweckbindung (Slug)")

    class Meta:
        model = Budget
        fields = ["programme", "year", "alliance", "earmark"]


class BudgetViewSet(viewsets.ReadOnlyModelViewSet):
    """Budgets with their balances: the office all, alliance members their alliances'."""

    serializer_class = BudgetSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = BudgetFilter
    ordering_fields = ["year", "alliance__name"]
    ordering = ["programme__name", "-year", "alliance__name", "earmark__name"]
    queryset = Budget.objects.none()  # for the schema; the rows come from get_queryset

    def get_queryset(self):
        return selectors.budgets_visible(user=self.request.user)


class IdFilter(django_filters.Filter):
    """A record id as a whole number in the database's range (larger ones are a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, min_value=1, max_value=2**63 - 1, **kwargs)


class LedgerEntryFilter(django_filters.FilterSet):
    # Plain numbers, not record choices: a filter must not tell which budgets exist.
    budget = IdFilter(field_name="budget_id", label="Budget (id)")
    proposal = IdFilter(field_name="proposal_id", label="Antrag (id)")
    kind = django_filters.ChoiceFilter(choices=LedgerEntry.Kind.choices)

    class Meta:
        model = LedgerEntry
        fields = ["budget", "kind", "proposal"]


class LedgerEntryViewSet(
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Ledger entries of the budgets the user may see; the office books allocations (POST)."""

    serializer_class = LedgerEntrySerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = LedgerEntryFilter
    ordering_fields = ["booked_at", "amount"]
    ordering = ["-booked_at", "-id"]
    queryset = LedgerEntry.objects.none()

    def get_queryset(self):
        visible = selectors.budgets_visible(user=self.request.user)
        return LedgerEntry.objects.filter(budget__in=visible).select_related("booked_by")

    def _authorise(self, budget: Budget | None) -> None:
        if budget is not None and not rules.can_view_budget(self.request.user, budget):
            raise NotFound
        allowed = (
            rules.can_allocate(self.request.user, budget)
            if budget is not None
            else rules.can_manage_budgets(self.request.user)
        )
        if not allowed:
            raise PermissionDenied(_("Mittel weist nur die Koordinierungsstelle zu."))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._authorise(named(Budget.objects.all(), request.data, "budget"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        budget = data.pop("budget")
        self._authorise(budget)
        serializer.instance = api_service_call(
            services.budget_allocate, budget=budget, actor=self.request.user, **data
        )


router = DefaultRouter(trailing_slash=True)
router.register("budgets", BudgetViewSet, basename="budget")
router.register("ledger-entries", LedgerEntryViewSet, basename="ledgerentry")
urlpatterns = router.urls
