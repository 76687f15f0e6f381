"""REST endpoints of the state programmes with their composition rules (routed by ``web.api.routes``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.programmes import rules, services
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.serializers import ProgrammeSerializer


class ProgrammeViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """State programmes with their composition rules: readable by anyone; created and changed
    (programme and its rules, audited) by the coordination office and admins only."""

    queryset = Programme.objects.select_related("land").prefetch_related("composition_rules")
    serializer_class = ProgrammeSerializer
    lookup_field = "slug"
    filterset_fields = ["land"]
    search_fields = ["name"]
    ordering_fields = ["name"]
    ordering = ["name"]

    def _check(self) -> None:
        if not rules.can_edit_programmes(self.request.user):
            raise PermissionDenied(_("Nur die Koordinierungsstelle darf Programme ändern."))

    # authorise before the serializer validates
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._check()
        return super().create(request, *args, **kwargs)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._check()
        return super().update(request, *args, **kwargs)

    @staticmethod
    def _fields(validated: dict) -> tuple[dict, list | None]:
        data = dict(validated)
        rule_list = data.pop("composition_rules", None)
        return data, rule_list

    def perform_create(self, serializer) -> None:
        self._check()
        data, rule_list = self._fields(serializer.validated_data)
        serializer.instance = api_service_call(
            services.programme_create,
            actor=self.request.user,
            rules=[{k: v for k, v in rule.items() if k != "id"} for rule in rule_list or []],
            **data,
        )

    def perform_update(self, serializer) -> None:
        self._check()
        data, rule_list = self._fields(serializer.validated_data)
        programme = api_service_call(
            services.programme_update,
            actor=self.request.user,
            programme=serializer.instance,
            **data,
        )
        if rule_list is not None:
            api_service_call(
                services.programme_replace_rules,
                actor=self.request.user,
                programme=programme,
                rules=rule_list,
            )
        serializer.instance = Programme.objects.prefetch_related("composition_rules").get(
            pk=programme.pk
        )


router = DefaultRouter(trailing_slash=True)
router.register("programmes", ProgrammeViewSet, basename="programme")
urlpatterns = router.urls
