"""REST endpoints of workshops (routed by ``web.api.routes``): workshops and events read as
the pages show them; registrations are one's own only (register, cancel, accept an offer)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.api.authorise import named
from fachkraefte.web.api.filters import alliance_filter, land_filter
from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.workshops import registration_services, rules, selectors
from fachkraefte.web.workshops.models import Registration, Workshop
from fachkraefte.web.workshops.serializers import RegistrationSerializer, WorkshopSerializer


class WorkshopFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Workshop.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Workshop.Status.choices)
    alliance = alliance_filter()
    land = land_filter("districts__land", distinct=True)
    district = django_filters.CharFilter(field_name="districts__ags", label="Kreis (AGS)")

    class Meta:
        model = Workshop
        fields = ["kind", "status", "alliance", "land", "district"]


@extend_schema_view(
    list=extend_schema(summary="Werkstätten und Veranstaltungen (die sichtbaren)"),
    retrieve=extend_schema(summary="Eine Werkstatt oder Veranstaltung"),
)
class WorkshopViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = WorkshopSerializer
    queryset = Workshop.objects.none()
    lookup_field = "slug"
    filterset_class = WorkshopFilter
    ordering_fields = ["starts_at", "title"]
    ordering = ["starts_at", "title"]
    search_fields = ["title", "description", "venue"]

    def get_queryset(self):
        return (
            selectors.workshops_visible(user=self.request.user)
            .select_related("alliance", "organiser", "regierungsbezirk")
            .prefetch_related("districts", "agenda")
            .order_by("starts_at", "title")
        )


@extend_schema_view(
    list=extend_schema(summary="Zukunftsdialoge und Online-Werkstätten (Veranstaltungen)"),
    retrieve=extend_schema(summary="Eine Veranstaltung"),
)
class EventViewSet(WorkshopViewSet):
    def get_queryset(self):
        return super().get_queryset().exclude(kind=Workshop.Kind.WERKSTATT)


def _require_signed_in(request: Request) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticated


@extend_schema_view(
    list=extend_schema(summary="Eigene Anmeldungen"),
    retrieve=extend_schema(summary="Eine eigene Anmeldung"),
    create=extend_schema(summary="Anmelden (bei vollem Haus: auf die Warteliste)"),
)
class RegistrationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = RegistrationSerializer
    permission_classes = [IsAuthenticated]
    queryset = Registration.objects.none()
    ordering = ["-created_at"]

    def get_queryset(self):
        _require_signed_in(self.request)
        return selectors.own_registrations(user=self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require_signed_in(request)
        visible = selectors.workshops_visible(user=request.user)
        workshop = named(visible, request.data, "workshop", field="slug")
        if workshop is None or not rules.may_register(request.user, workshop):
            raise PermissionDenied(_("Eine Anmeldung ist hier nicht möglich."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = api_service_call(
            registration_services.registration_create,
            actor=request.user,
            workshop=workshop,
            organisation_name=serializer.validated_data.get("organisation_name", ""),
        )
        return Response(self.get_serializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: RegistrationSerializer, 403: OpenApiResponse(description="nicht möglich")},
        summary="Abmelden (auch von der Warteliste oder ein angebotener Platz)",
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        registration = get_object_or_404(self.get_queryset(), pk=pk)
        if not rules.may_cancel_registration(request.user, registration):
            raise PermissionDenied(_("Diese Anmeldung lässt sich nicht mehr zurücknehmen."))
        registration = api_service_call(
            registration_services.registration_cancel,
            actor=request.user,
            registration=registration,
        )
        return Response(self.get_serializer(registration).data)

    @extend_schema(
        request=None,
        responses={
            200: RegistrationSerializer,
            400: OpenApiResponse(description="Angebot abgelaufen"),
            403: OpenApiResponse(description="kein Platzangebot"),
        },
        summary="Angebotenen Platz annehmen",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        registration = get_object_or_404(self.get_queryset(), pk=pk)
        if not rules.may_accept_offer(request.user, registration):
            raise PermissionDenied(_("Für diese Anmeldung ist kein Platz angeboten."))
        registration = api_service_call(
            registration_services.registration_accept,
            actor=request.user,
            registration=registration,
        )
        return Response(self.get_serializer(registration).data)


router = DefaultRouter(trailing_slash=True)
router.register("workshops", WorkshopViewSet, basename="workshop")
router.register("events", EventViewSet, basename="event")
router.register("workshop-registrations", RegistrationViewSet, basename="workshop-registration")
urlpatterns = router.urls
