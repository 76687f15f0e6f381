"""REST endpoints of projects and milestones (included under /api/ by ``web.api.routes``).

The same rules and services as the pages: lists hold only what the user may open; writes ask
the rules first (403/404), then read the body, then call the service (its refusals are 400s).
"""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.api.authorise import named
from fachkraefte.web.api.filters import alliance_filter
from fachkraefte.web.api.steps import AnswerReadAgain, workflow_step
from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.projects import rules, selectors, services
from fachkraefte.web.projects.models import Milestone, Project
from fachkraefte.web.projects.serializers import (
    MilestoneDoneSerializer,
    MilestoneSerializer,
    ProjectBudgetSerializer,
    ProjectCreateSerializer,
    ProjectSerializer,
    ProjectTransitionSerializer,
)
from fachkraefte.web.projects.workflows import PROJECT
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.proposals.rules import may_view as may_view_proposal


class ProjectFilter(django_filters.FilterSet):
    alliance = alliance_filter("alliance__slug")

    class Meta:
        model = Project
        fields = {"status": ["exact"], "funding_year": ["exact"]}


@extend_schema_view(
    list=extend_schema(summary="Projekte, die Sie sehen dürfen"),
    retrieve=extend_schema(summary="Ein Projekt mit Finanzplan, Meilensteinen und Ergebnissen"),
)
class ProjectViewSet(
    AnswerReadAgain, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = ProjectSerializer
    permission_classes = [IsAuthenticated]
    queryset = Project.objects.none()
    filterset_class = ProjectFilter
    ordering_fields = ["title", "funding_year", "approved_amount", "status"]
    ordering = ["-funding_year", "title", "id"]
    search_fields = ["title", "recipient"]

    def get_queryset(self):
        return (
            selectors.projects_visible(user=self.request.user)
            .prefetch_related("budget_lines", "districts", "people__user", "milestones")
            .order_by("-funding_year", "title", "id")
        )

    @extend_schema(
        request=ProjectCreateSerializer,
        responses={201: ProjectSerializer, 403: OpenApiResponse(description="Nicht erlaubt")},
        summary="Projekt aus einem befürworteten Antrag anlegen (Koordinierungsstelle)",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        proposal = named(Proposal.objects.all(), request.data, "proposal")
        if proposal is None or not may_view_proposal(request.user, proposal):
            raise NotFound("Kein Antrag mit dieser ID.")
        existing = Project.objects.filter(proposal=proposal).first()
        if existing is None and not rules.may_create_from(request.user, proposal):
            raise PermissionDenied(
                "Projekte legt die Koordinierungsstelle aus befürworteten Anträgen an."
            )
        if existing is not None and not rules.may_view(request.user, existing):
            raise PermissionDenied("Sie dürfen dieses Projekt nicht sehen.")
        project = api_service_call(
            services.project_create_from_proposal, proposal=proposal, actor=request.user
        )
        return self.answer(project, status.HTTP_200_OK if existing else status.HTTP_201_CREATED)

    @extend_schema(
        request=ProjectTransitionSerializer,
        responses={
            200: ProjectSerializer,
            400: OpenApiResponse(description="Dieser Schritt ist nicht vorgesehen"),
            403: OpenApiResponse(description="Diesen Schritt dürfen Sie nicht auslösen"),
        },
        summary="Status ändern (starten, ruhen lassen, fortsetzen, abschließen, abbrechen)",
    )
    @action(detail=True, methods=["post"])
    @workflow_step(
        PROJECT.allowed,
        "Den Status eines Projekts ändert die Koordinierungsstelle.",
        body=ProjectTransitionSerializer,
    )
    def transition(self, project: Project, actor: Any, values: Any) -> None:
        services.project_transition(project=project, actor=actor, to=values["status"])

    @extend_schema(
        request=ProjectBudgetSerializer,
        responses={200: ProjectSerializer, 403: OpenApiResponse(description="Nicht erlaubt")},
        summary="Finanzplan nach Ausgabeart ändern (in Vorbereitung; Summe = Zuschuss)",
    )
    @action(detail=True, methods=["post"])
    @workflow_step(
        rules.may_edit_budget,
        "Den Finanzplan ändert die Koordinierungsstelle in der Vorbereitung.",
        body=ProjectBudgetSerializer,
    )
    def budget(self, project: Project, actor: Any, values: Any) -> None:
        services.project_budget_set(project=project, actor=actor, amounts=values["amounts"])


class MilestoneFilter(django_filters.FilterSet):
    class Meta:
        model = Milestone
        fields = {"project": ["exact"]}


@extend_schema_view(
    list=extend_schema(summary="Meilensteine der Projekte, die Sie sehen dürfen"),
    retrieve=extend_schema(summary="Ein Meilenstein"),
)
class MilestoneViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MilestoneSerializer
    permission_classes = [IsAuthenticated]
    queryset = Milestone.objects.none()
    filterset_class = MilestoneFilter
    ordering = ["due_on", "id"]

    def get_queryset(self):
        projects = selectors.projects_visible(user=self.request.user)
        return Milestone.objects.filter(project__in=projects.values("pk")).order_by("due_on", "id")

    def _may_edit(self, project: Project | None) -> Project:
        if project is None or not rules.may_view(self.request.user, project):
            raise NotFound("Kein Projekt mit dieser ID.")
        if not rules.may_edit_milestones(self.request.user, project):
            raise PermissionDenied(str(services.MILESTONE_DENIED))
        return project

    @extend_schema(request=MilestoneSerializer, responses={201: MilestoneSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        project = self._may_edit(named(Project.objects.all(), request.data, "project"))
        serializer = MilestoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = {k: v for k, v in serializer.validated_data.items() if k != "project"}
        milestone = api_service_call(
            services.milestone_add, project=project, actor=request.user, **values
        )
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MilestoneSerializer, responses={200: MilestoneSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        milestone = self.get_object()
        self._may_edit(milestone.project)
        serializer = MilestoneSerializer(milestone, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = {
            "title": milestone.title,
            "due_on": milestone.due_on,
            "note": milestone.note,
            **{k: v for k, v in serializer.validated_data.items() if k != "project"},
        }
        api_service_call(services.milestone_edit, milestone=milestone, actor=request.user, **values)
        return Response(MilestoneSerializer(milestone).data)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, **kwargs)

    @extend_schema(
        request=MilestoneDoneSerializer,
        responses={200: MilestoneSerializer},
        summary="Meilenstein als erreicht markieren (done_on leer: nicht erreicht)",
    )
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        milestone = self.get_object()
        self._may_edit(milestone.project)
        serializer = MilestoneDoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api_service_call(
            services.milestone_done,
            milestone=milestone,
            actor=request.user,
            done_on=serializer.validated_data["done_on"],
        )
        return Response(MilestoneSerializer(milestone).data)


router = DefaultRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("milestones", MilestoneViewSet, basename="milestone")
