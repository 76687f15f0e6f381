"""REST endpoints for alliances and their bodies (included by ``web.api.routes``).

The same rules as the pages (``alliances.rules``): public records are readable by anyone; internal
ones (project groups, experts, strategy versions, commitments, roles, representatives) only list
what ``internal_alliances`` allows, so that counts and searches leak nothing, and answer 404 for
others. Every write goes through the services, which record the audit trail.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.alliances import commitment_services, rules, selectors, serializers, services
from fachkraefte.web.alliances.models import (
    ActionField,
    Alliance,
    AllianceRole,
    Commitment,
    Expert,
    Membership,
    Priority,
    ProjectGroup,
    StrategyVersion,
)
from fachkraefte.web.api.authorise import named
from fachkraefte.web.api.filters import alliance_filter, known_slug, land_filter
from fachkraefte.web.audit.api import AuditEntryViewSet
from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.programmes.models import Programme


def _manages_some_alliance(user: Any) -> bool:
    return any(rules.can_manage(user, a) for a in rules.internal_alliances(user))


def _filterset(model_class, **extra: django_filters.Filter):
    """A FilterSet with ``?alliance=<slug>`` plus ``extra`` filters."""
    attrs = {
        "alliance": alliance_filter(),
        **extra,
        "Meta": type("Meta", (), {"model": model_class, "fields": []}),
    }
    return type(f"{model_class.__name__}FilterSet", (django_filters.FilterSet,), attrs)


class AllianceFilter(django_filters.FilterSet):
    land = land_filter("districts__land", distinct=True)
    programme = django_filters.CharFilter(
        field_name="programme__slug",
        label="Programm (Slug)",
        validators=[known_slug(Programme, lambda: _("Slug eines Landesprogramms"))],
    )

    class Meta:
        model = Alliance
        fields: list[str] = []


class AllianceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Alliances (public); created by the coordination office, edited by their managers."""

    queryset = Alliance.objects.select_related("programme").prefetch_related("districts")
    serializer_class = serializers.AllianceSerializer
    lookup_field = "slug"
    filterset_class = AllianceFilter
    search_fields = ["name", "districts__name"]
    ordering_fields = ["name", "founded_on", "member_count"]
    ordering = ["name"]

    def get_queryset(self):
        return super().get_queryset().annotate(member_count=Count("memberships", distinct=True))

    # Authorise before validating (``web.api.authorise``); perform_* ask again on the
    # validated data, which is what the service writes.
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not rules.can_create_alliance(request.user):
            raise PermissionDenied
        return super().create(request, *args, **kwargs)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not rules.can_manage(request.user, self.get_object()):
            raise PermissionDenied
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer) -> None:
        if not rules.can_create_alliance(self.request.user):
            raise PermissionDenied
        data = dict(serializer.validated_data)
        serializer.instance = api_service_call(
            services.alliance_create, actor=self.request.user, **data
        )
        serializer.instance.member_count = 0

    def perform_update(self, serializer) -> None:
        alliance = serializer.instance
        if not rules.can_manage(self.request.user, alliance):
            raise PermissionDenied
        data = dict(serializer.validated_data)
        api_service_call(
            services.alliance_update, actor=self.request.user, alliance=alliance, **data
        )

    @extend_schema(responses=serializers.CompositionStatusSerializer)
    @action(detail=True, methods=["get"])
    def composition(self, request: Request, slug: str | None = None) -> Response:
        """Which required seats of the programme's composition rules are filled, by whom."""
        alliance = self.get_object()
        status = selectors.alliance_composition(alliance=alliance)
        payload = {
            "alliance": alliance.slug,
            "programme": alliance.programme.slug if alliance.programme else None,
            "complete": status.complete if status else None,
            "missing_required": status.missing_required if status else 0,
            "seats": [
                {
                    "rule": seat.rule.key,
                    "label": seat.rule.label,
                    "required": seat.rule.required,
                    "min_count": seat.rule.min_count,
                    "applicable": seat.applicable,
                    "filled": seat.filled,
                    "missing": seat.missing,
                    "filled_by": [{"membership": m.key, "name": m.name} for m in seat.filled_by],
                }
                for seat in (status.seats if status else ())
            ],
        }
        return Response(serializers.CompositionStatusSerializer(payload).data)


class ScopedViewSet(viewsets.ModelViewSet):
    """Records of one alliance, written through services after the rules are checked.

    ``internal`` records are listed only for alliances the user may see inside (404 otherwise);
    changing any of them needs ``can_manage`` (403 for those who may see but not manage).
    """

    internal = False
    alliance_path = "alliance"
    create_service: Any = None
    update_service: Any = None
    delete_service: Any = None
    instance_keyword = ""

    def get_permissions(self):
        if self.internal:
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.internal:
            allowed = rules.internal_alliances(self.request.user)
            queryset = queryset.filter(**{f"{self.alliance_path}__in": allowed})
        return queryset

    def alliance_of(self, instance: Any) -> Alliance:
        return instance.alliance

    def check_manage(self, alliance: Alliance) -> None:
        if self.internal and not rules.can_view_internal(self.request.user, alliance):
            raise NotFound
        if not rules.can_manage(self.request.user, alliance):
            raise PermissionDenied

    def authorise_create(self, request: Request) -> None:
        """Before validation: the alliance named in the body, else "manages any alliance"."""
        alliance = named(Alliance.objects.all(), request.data, "alliance", field="slug")
        if alliance is not None:
            self.check_manage(alliance)
        elif not _manages_some_alliance(request.user):
            raise PermissionDenied

    def authorise_update(self, request: Request, instance: Any) -> None:
        self.check_manage(self.alliance_of(instance))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.authorise_create(request)
        return super().create(request, *args, **kwargs)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.authorise_update(request, self.get_object())
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        self.check_manage(data["alliance"])
        serializer.instance = api_service_call(self.create_service, actor=self.request.user, **data)

    def perform_update(self, serializer) -> None:
        instance = serializer.instance
        self.check_manage(self.alliance_of(instance))
        data = dict(serializer.validated_data)
        data.pop("alliance", None)
        api_service_call(
            self.update_service,
            actor=self.request.user,
            **{self.instance_keyword: instance},
            **data,
        )

    def perform_destroy(self, instance: Any) -> None:
        self.check_manage(self.alliance_of(instance))
        api_service_call(
            self.delete_service, actor=self.request.user, **{self.instance_keyword: instance}
        )


class MembershipViewSet(ScopedViewSet):
    """Member organisations (public); added and removed by the alliance's managers."""

    http_method_names = ["get", "post", "delete", "head", "options"]
    queryset = Membership.objects.select_related("alliance", "organisation")
    serializer_class = serializers.MembershipSerializer
    filterset_class = _filterset(
        Membership, organisation=django_filters.NumberFilter(field_name="organisation")
    )
    ordering_fields = ["organisation__name", "joined_on"]
    ordering = ["organisation__name"]
    create_service = staticmethod(services.membership_create)
    delete_service = staticmethod(services.membership_delete)
    instance_keyword = "membership"


class ActionFieldViewSet(ScopedViewSet):
    queryset = ActionField.objects.select_related("alliance")
    serializer_class = serializers.ActionFieldSerializer
    filterset_class = _filterset(ActionField)
    ordering_fields = ["position", "title"]
    ordering = ["alliance__name", "position", "id"]
    create_service = staticmethod(services.action_field_create)
    update_service = staticmethod(services.action_field_update)
    delete_service = staticmethod(services.action_field_delete)
    instance_keyword = "action_field"


class PriorityViewSet(ScopedViewSet):
    queryset = Priority.objects.select_related("alliance")
    serializer_class = serializers.PrioritySerializer
    filterset_class = _filterset(
        Priority, action_field=django_filters.NumberFilter(field_name="action_field")
    )
    ordering_fields = ["position", "title"]
    ordering = ["alliance__name", "position", "id"]
    create_service = staticmethod(services.priority_create)
    update_service = staticmethod(services.priority_update)
    delete_service = staticmethod(services.priority_delete)
    instance_keyword = "priority"


class ProjectGroupViewSet(ScopedViewSet):
    internal = True
    queryset = ProjectGroup.objects.select_related("alliance")
    serializer_class = serializers.ProjectGroupSerializer
    filterset_class = _filterset(ProjectGroup)
    search_fields = ["name", "topic"]
    ordering_fields = ["name"]
    ordering = ["alliance__name", "name"]
    create_service = staticmethod(services.project_group_create)
    update_service = staticmethod(services.project_group_update)
    delete_service = staticmethod(services.project_group_delete)
    instance_keyword = "project_group"


class ExpertViewSet(ScopedViewSet):
    """Experts a member nominates for a project group (members for their own organisation)."""

    internal = True
    http_method_names = ["get", "post", "delete", "head", "options"]
    alliance_path = "project_group__alliance"
    queryset = Expert.objects.select_related("project_group__alliance", "nominated_by")
    serializer_class = serializers.ExpertSerializer
    filterset_class = _filterset(
        Expert,
        alliance=alliance_filter("project_group__alliance__slug"),
        project_group=django_filters.NumberFilter(field_name="project_group"),
        nominated_by=django_filters.NumberFilter(field_name="nominated_by"),
    )
    search_fields = ["name", "expertise"]
    ordering_fields = ["name"]
    ordering = ["name"]
    instance_keyword = "expert"

    def alliance_of(self, instance: Expert) -> Alliance:
        return instance.project_group.alliance

    def _check_nominate(self, alliance: Alliance, membership: Membership | None) -> None:
        if not rules.can_view_internal(self.request.user, alliance):
            raise NotFound
        if not rules.can_nominate_expert(self.request.user, alliance, membership):
            raise PermissionDenied

    def authorise_create(self, request: Request) -> None:
        user = request.user
        visible = rules.internal_alliances(user)
        group = named(
            ProjectGroup.objects.filter(alliance__in=visible), request.data, "project_group"
        )
        if group is None:
            if not any(rules.can_nominate_expert(user, a, None) for a in visible):
                raise PermissionDenied
            return
        membership = named(group.alliance.memberships.all(), request.data, "nominated_by")
        self._check_nominate(group.alliance, membership)

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        self._check_nominate(data["project_group"].alliance, data["nominated_by"])
        serializer.instance = api_service_call(
            services.expert_create, actor=self.request.user, **data
        )

    def perform_destroy(self, instance: Expert) -> None:
        self._check_nominate(instance.project_group.alliance, instance.nominated_by)
        api_service_call(services.expert_delete, actor=self.request.user, expert=instance)


class StrategyVersionViewSet(ScopedViewSet):
    """Saved versions of the Handlungskonzept; a new version is a POST, versions never change."""

    internal = True
    http_method_names = ["get", "post", "head", "options"]
    queryset = StrategyVersion.objects.select_related("alliance", "created_by")
    serializer_class = serializers.StrategyVersionSerializer
    filterset_class = _filterset(StrategyVersion)
    search_fields = ["title", "text"]
    ordering_fields = ["number", "created_at"]
    ordering = ["alliance__name", "-number"]
    create_service = staticmethod(services.strategy_version_create)


class CommitmentViewSet(ScopedViewSet):
    """Members' commitments; a member may change only the status of their organisation's ones."""

    internal = True
    queryset = Commitment.objects.select_related("alliance", "membership__organisation")
    serializer_class = serializers.CommitmentSerializer
    filterset_class = _filterset(
        Commitment,
        status=django_filters.ChoiceFilter(choices=Commitment.Status.choices),
        membership=django_filters.NumberFilter(field_name="membership"),
        action_field=django_filters.NumberFilter(field_name="action_field"),
    )
    search_fields = ["title", "description"]
    ordering_fields = ["due_on", "title", "status"]
    ordering = ["due_on", "title"]
    create_service = staticmethod(commitment_services.commitment_create)
    update_service = staticmethod(commitment_services.commitment_update)
    delete_service = staticmethod(commitment_services.commitment_delete)
    instance_keyword = "commitment"

    def authorise_update(self, request: Request, instance: Commitment) -> None:
        if not rules.can_update_commitment_status(request.user, instance):
            raise PermissionDenied

    def perform_update(self, serializer) -> None:
        """Managers change any field; members the status only; the service decides both and
        moves the status through ``COMMITMENT_WORKFLOW``."""
        data = dict(serializer.validated_data)
        data.pop("alliance", None)
        api_service_call(
            commitment_services.commitment_update,
            actor=self.request.user,
            commitment=serializer.instance,
            **data,
        )


class AllianceRoleViewSet(ScopedViewSet):
    """Persons' roles in an alliance (member, steering group); managers add and remove them."""

    internal = True
    http_method_names = ["get", "post", "delete", "head", "options"]
    queryset = AllianceRole.objects.select_related("alliance", "user", "membership")
    serializer_class = serializers.AllianceRoleSerializer
    filterset_class = _filterset(
        AllianceRole, kind=django_filters.ChoiceFilter(choices=AllianceRole.Kind.choices)
    )
    ordering_fields = ["kind", "user__username"]
    ordering = ["alliance__name", "kind", "user__username"]
    create_service = staticmethod(services.role_create)
    delete_service = staticmethod(services.role_delete)
    instance_keyword = "role"


router = DefaultRouter(trailing_slash=True)
router.register("alliances", AllianceViewSet, basename="alliance")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("action-fields", ActionFieldViewSet, basename="action-field")
router.register("priorities", PriorityViewSet, basename="priority")
router.register("project-groups", ProjectGroupViewSet, basename="project-group")
router.register("experts", ExpertViewSet, basename="expert")
router.register("strategy-versions", StrategyVersionViewSet, basename="strategy-version")
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register("alliance-roles", AllianceRoleViewSet, basename="alliance-role")
router.register("audit-entries", AuditEntryViewSet, basename="audit-entry")
urlpatterns = router.urls
