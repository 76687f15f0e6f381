"""REST endpoints of calls (routed by ``web.api.routes``): read by anyone as the pages are;
written by the office and, for drafts, the steering group of the call's alliance."""

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
from fachkraefte.web.api.filters import alliance_filter, known_slug, land_filter
from fachkraefte.web.calls import rules, selectors, services
from fachkraefte.web.calls.models import Call
from fachkraefte.web.calls.serializers import CallSerializer, CallTransitionSerializer
from fachkraefte.web.calls.workflows import CALL_WORKFLOW
from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.programmes.models import Programme


class CallFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Call.Status.choices)
    programme = django_filters.CharFilter(
        field_name="programme__slug",
        label="Programm (Slug, z. B. sachsen-fachkraefteallianzen)",
        validators=[known_slug(Programme, lambda: _("Slug eines Programms"))],
    )
    alliance = alliance_filter()
    land = land_filter("programme__land_id")

    class Meta:
        model = Call
        fields = ["status", "programme", "alliance", "land"]


def _require_signed_in(request: Request) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticated


@extend_schema_view(
    list=extend_schema(summary="Förderaufrufe (öffentlich; Entwürfe nur für ihre Verfasser)"),
    create=extend_schema(summary="Aufruf entwerfen (Koordinierungsstelle, Steuerungsgruppe)"),
    partial_update=extend_schema(summary="Entwurf eines Aufrufs ändern"),
    update=extend_schema(summary="Entwurf eines Aufrufs ändern"),
)
class CallViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CallSerializer
    queryset = Call.objects.none()
    lookup_field = "slug"
    filterset_class = CallFilter
    ordering_fields = ["opens_on", "closes_on", "title"]
    ordering = ["-opens_on", "title"]
    search_fields = ["title", "summary"]

    def get_queryset(self):
        return (
            selectors.calls_visible(user=self.request.user)
            .select_related("programme", "alliance", "earmark")
            .prefetch_related("action_fields", "priorities", "districts", "criteria", "documents")
            .order_by("-opens_on", "title")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require_signed_in(request)
        alliance = named(Alliance.objects.all(), request.data, "alliance", field="slug")
        if not rules.may_create_call(request.user, alliance):
            raise PermissionDenied(
                _("Aufrufe entwerfen die Koordinierungsstelle und die Steuerungsgruppe.")
            )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if Call.objects.filter(slug=data["slug"]).exists():
            raise ApiValidationError({"slug": [_("Diesen Kurznamen trägt schon ein Aufruf.")]})
        try:
            call = api_service_call(services.call_create, actor=request.user, **data)
        except IntegrityError as error:
            raise ApiValidationError(
                {"slug": [_("Diesen Kurznamen trägt schon ein Aufruf.")]}
            ) from error
        return Response(self.get_serializer(call).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require_signed_in(request)
        call = self.get_object()
        if not rules.may_edit_call(request.user, call):
            raise PermissionDenied(_("Nur Entwürfe lassen sich ändern, von ihren Verfassern."))
        serializer = self.get_serializer(
            call, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = {
            k: v
            for k, v in serializer.validated_data.items()
            if k not in {"slug", "programme", "alliance"}
        }
        call = api_service_call(services.call_update, actor=request.user, call=call, **data)
        return Response(self.get_serializer(call).data)

    @extend_schema(
        request=CallTransitionSerializer,
        responses={
            200: CallSerializer,
            400: OpenApiResponse(description="Dieser Schritt ist nicht vorgesehen"),
            403: OpenApiResponse(description="Nur die Koordinierungsstelle"),
        },
        summary="Aufruf veröffentlichen oder beenden (Zielstatus published/closed)",
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, slug: str | None = None) -> Response:
        _require_signed_in(request)
        call = get_object_or_404(self.get_queryset(), slug=slug)
        steps = CALL_WORKFLOW.next_steps(request.user, call)
        if steps and not any(step.allowed for step in steps):
            # before the body is read: who may take no step learns nothing from validation
            raise PermissionDenied(
                _("Aufrufe veröffentlicht und beendet die Koordinierungsstelle.")
            )
        serializer = CallTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        to = serializer.validated_data["status"]
        service = {"published": services.call_publish, "closed": services.call_close}.get(to)
        if service is None:
            api_service_call(CALL_WORKFLOW.check, request.user, call, to)
        else:
            api_service_call(service, actor=request.user, call=call)
        call.refresh_from_db()
        return Response(self.get_serializer(call).data)


router = DefaultRouter(trailing_slash=True)
router.register("calls", CallViewSet, basename="call")
urlpatterns = router.urls
