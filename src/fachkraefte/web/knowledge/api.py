"""REST endpoints of the catalogue (routed by ``web.api.routes``): published entries for anyone,
the others for their keepers; proposed and edited by the office and alliance members, reviewed
by the office. Each write asks the rules before it reads the body."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import IntegrityError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.api.authorise import named
from fachkraefte.web.api.filters import land_filter
from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.knowledge import rules, selectors, services
from fachkraefte.web.knowledge.models import Curation, GoodPractice, Measure
from fachkraefte.web.knowledge.serializers import (
    EntryTransitionSerializer,
    GoodPracticeSerializer,
    MeasureSerializer,
)
from fachkraefte.web.knowledge.workflows import CURATION_WORKFLOW


class MeasureFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Curation.choices)
    activity = django_filters.ChoiceFilter(choices=Measure.Activity.choices)
    land = land_filter("land_id")

    class Meta:
        model = Measure
        fields = ["state", "activity", "land"]


class PracticeFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Curation.choices)
    sector = django_filters.ChoiceFilter(choices=GoodPractice.Sector.choices)
    land = land_filter("district__land")

    class Meta:
        model = GoodPractice
        fields = ["state", "sector", "land"]


def _signed_in(request: Request) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticated


class _CatalogueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "slug"
    queryset = Measure.objects.none()
    model: type = Measure
    record_name = "measure"
    create_service: Any = None
    update_service: Any = None

    def get_queryset(self):
        return selectors.entries_visible(model=self.model, user=self.request.user).order_by(
            *self.model._meta.ordering
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _signed_in(request)
        alliance = named(Alliance.objects.all(), request.data, "alliance", field="slug")
        if not rules.may_propose(request.user, alliance):
            raise PermissionDenied(
                _("Einträge schlagen die Koordinierungsstelle und Mitglieder einer Allianz vor.")
            )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("alliance", None)
        if self.model.objects.filter(slug=data["slug"]).exists():
            raise ApiValidationError({"slug": [_("Diesen Kurznamen trägt schon ein Eintrag.")]})
        try:
            entry = api_service_call(
                type(self).create_service, actor=request.user, alliance=alliance, **data
            )
        except IntegrityError as error:
            raise ApiValidationError(
                {"slug": [_("Diesen Kurznamen trägt schon ein Eintrag.")]}
            ) from error
        return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _signed_in(request)
        entry = self.get_object()
        if not rules.may_edit_entry(request.user, entry):
            raise PermissionDenied(_("Dieser Eintrag lässt sich von Ihnen nicht ändern."))
        serializer = self.get_serializer(
            entry, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k not in {"slug", "alliance"}}
        entry = api_service_call(
            type(self).update_service, actor=request.user, **{self.record_name: entry}, **data
        )
        return Response(self.get_serializer(entry).data)

    @extend_schema(
        request=EntryTransitionSerializer,
        responses={
            200: OpenApiResponse(description="Der Eintrag im neuen Stand"),
            400: OpenApiResponse(description="Dieser Schritt ist nicht vorgesehen"),
            403: OpenApiResponse(description="Nicht erlaubt"),
        },
        summary="Zur Prüfung geben, veröffentlichen, zurückgeben, archivieren (Zielstatus)",
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, slug: str | None = None) -> Response:
        _signed_in(request)
        entry = get_object_or_404(self.get_queryset(), slug=slug)
        steps = CURATION_WORKFLOW.next_steps(request.user, entry)
        if steps and not any(step.allowed for step in steps):
            raise PermissionDenied(_("Sie dürfen den Stand dieses Eintrags nicht ändern."))
        serializer = EntryTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = api_service_call(
            services.entry_transition,
            actor=request.user,
            entry=entry,
            to=serializer.validated_data["state"],
        )
        return Response(self.get_serializer(entry).data)


@extend_schema_view(
    list=extend_schema(summary="Maßnahmen (veröffentlichte; Entwürfe für ihre Bearbeiter)"),
    create=extend_schema(summary="Maßnahme vorschlagen (Koordinierungsstelle, Allianzmitglieder)"),
)
class MeasureViewSet(_CatalogueViewSet):
    serializer_class = MeasureSerializer
    queryset = Measure.objects.none()
    model = Measure
    record_name = "measure"
    create_service = staticmethod(services.measure_create)
    update_service = staticmethod(services.measure_update)
    filterset_class = MeasureFilter
    ordering_fields = ["title", "starts_on"]
    search_fields = ["title", "summary", "provider"]


@extend_schema_view(
    list=extend_schema(summary="Gute Praxis (veröffentlichte; Entwürfe für ihre Bearbeiter)"),
    create=extend_schema(summary="Gute Praxis vorschlagen"),
)
class GoodPracticeViewSet(_CatalogueViewSet):
    serializer_class = GoodPracticeSerializer
    queryset = GoodPractice.objects.none()
    model = GoodPractice
    record_name = "practice"
    create_service = staticmethod(services.practice_create)
    update_service = staticmethod(services.practice_update)
    filterset_class = PracticeFilter
    ordering_fields = ["published_month", "employer", "title"]
    search_fields = ["title", "employer", "summary"]


router = DefaultRouter(trailing_slash=True)
router.register("measures", MeasureViewSet, basename="measure")
router.register("good-practices", GoodPracticeViewSet, basename="good-practice")
urlpatterns = router.urls
