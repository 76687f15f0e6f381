"""REST endpoints of organisations and their named representatives (routed by ``web.api.routes``).

Organisations are public; representatives are listed only as far as ``selectors.visible_representatives``
allows. Writes are checked against ``organisations.rules`` and go through the services (audited).
"""

from __future__ import annotations

from typing import Any

from rest_framework import mixins, permissions, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.api.authorise import named
from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.organisations import rules, selectors, services
from fachkraefte.web.organisations.models import Organisation, Representative
from fachkraefte.web.organisations.serializers import (
    OrganisationSerializer,
    RepresentativeSerializer,
)


class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Organisation.objects.select_related("region")
    serializer_class = OrganisationSerializer
    filterset_fields = ["category", "region"]
    search_fields = ["name"]
    ordering_fields = ["name", "category", "inhabitants"]
    ordering = ["name"]

    # authorise before the serializer validates: no validation message to someone without the right
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not rules.can_create_organisation(request.user):
            raise PermissionDenied
        return super().create(request, *args, **kwargs)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not rules.can_edit_organisation(request.user, self.get_object()):
            raise PermissionDenied
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer) -> None:
        if not rules.can_create_organisation(self.request.user):
            raise PermissionDenied
        serializer.instance = api_service_call(
            services.organisation_create,
            actor=self.request.user,
            **serializer.validated_data,
        )

    def perform_update(self, serializer) -> None:
        if not rules.can_edit_organisation(self.request.user, serializer.instance):
            raise PermissionDenied
        api_service_call(
            services.organisation_update,
            actor=self.request.user,
            organisation=serializer.instance,
            **serializer.validated_data,
        )


class RepresentativeViewSet(viewsets.ModelViewSet):
    """Named persons: visible to the coordination office and to roles in the organisation's alliances."""

    permission_classes = [permissions.IsAuthenticated]
    queryset = Representative.objects.select_related("organisation")
    serializer_class = RepresentativeSerializer
    filterset_fields = ["organisation"]
    search_fields = ["name", "function"]
    ordering_fields = ["name"]
    ordering = ["organisation__name", "name"]

    def get_queryset(self):
        return selectors.visible_representatives(user=self.request.user).select_related(
            "organisation"
        )

    def _check(self, organisation: Organisation) -> None:
        if not rules.can_edit_organisation(self.request.user, organisation):
            raise PermissionDenied

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        organisation = named(Organisation.objects.all(), request.data, "organisation")
        if organisation is not None:
            self._check(organisation)
        elif not rules.can_create_organisation(request.user):
            # those who may add an organisation are those who may edit one
            raise PermissionDenied
        return super().create(request, *args, **kwargs)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._check(self.get_object().organisation)
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer) -> None:
        self._check(serializer.validated_data["organisation"])
        serializer.instance = api_service_call(
            services.representative_create,
            actor=self.request.user,
            **serializer.validated_data,
        )

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        self._check(serializer.instance.organisation)
        if "organisation" in data:
            self._check(data["organisation"])
        api_service_call(
            services.representative_update,
            actor=self.request.user,
            representative=serializer.instance,
            **data,
        )

    def perform_destroy(self, instance: Representative) -> None:
        self._check(instance.organisation)
        api_service_call(
            services.representative_delete,
            actor=self.request.user,
            representative=instance,
        )


router = DefaultRouter(trailing_slash=True)
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("representatives", RepresentativeViewSet, basename="representative")
urlpatterns = router.urls
