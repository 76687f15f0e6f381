"""REST endpoints of payment requests and repayments (routed by ``web.api.routes``).

The same rules and services as the pages: recipients see and write their own projects'
requests, the project's alliance reads them, the office decides, pays and books repayments.
Writes look up the project or request first and ask ``payments.rules`` (404 for what the user
may not see, 403 for a step they may not take), and only then validate the body.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.api.authorise import named
from fachkraefte.web.api.steps import AnswerReadAgain, workflow_step
from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.payments import rules, selectors, services
from fachkraefte.web.payments.models import PaymentRequest, Repayment
from fachkraefte.web.payments.serializers import (
    DecisionSerializer,
    PaymentRequestSerializer,
    PaymentRequestWriteSerializer,
    PaySerializer,
    ProjectMoneySerializer,
    RepaymentSerializer,
)
from fachkraefte.web.projects.models import Project


class PaymentRequestFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", label="Projekt (id)")

    class Meta:
        model = PaymentRequest
        fields = ["project", "status"]


def _visible_project(request: Request, project: Project | None) -> Project:
    if project is None or not rules.may_view_money(request.user, project):
        raise NotFound(_("Kein Projekt, dessen Mittel Sie sehen dürfen."))
    return project


@extend_schema_view(
    list=extend_schema(summary="Mittelabrufe der Projekte, die Sie sehen dürfen"),
    retrieve=extend_schema(summary="Ein Mittelabruf mit seinen Positionen je Ausgabeart"),
)
class PaymentRequestViewSet(
    AnswerReadAgain, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = PaymentRequestSerializer
    permission_classes = [IsAuthenticated]
    queryset = PaymentRequest.objects.none()
    filterset_class = PaymentRequestFilter
    ordering_fields = ["submitted_at", "created_at", "number"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return selectors.payment_requests_visible(user=self.request.user).order_by(
            "-created_at", "-id"
        )

    @extend_schema(
        request=PaymentRequestWriteSerializer,
        responses={
            201: PaymentRequestSerializer,
            400: OpenApiResponse(description="Beträge ungültig oder Ausgabeart nicht bewilligt"),
            403: OpenApiResponse(description="Nur Projektverantwortliche laufender Projekte"),
            404: OpenApiResponse(description="Kein Projekt, das Sie sehen dürfen"),
        },
        summary="Mittelabruf als Entwurf anlegen (Beträge je bewilligter Ausgabeart)",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        project = _visible_project(request, named(Project.objects.all(), request.data, "project"))
        if not rules.may_create_request(request.user, project):
            raise PermissionDenied(
                _("Mittel rufen die Projektverantwortlichen eines laufenden Projekts ab.")
            )
        body = PaymentRequestWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        payment_request = api_service_call(
            services.payment_request_create,
            project=project,
            actor=request.user,
            lines=body.validated_data["lines"],
            note=body.validated_data["note"],
        )
        return self.answer(payment_request, status.HTTP_201_CREATED)

    @extend_schema(
        request=PaymentRequestWriteSerializer,
        responses={200: PaymentRequestSerializer, 403: OpenApiResponse(description="Kein Entwurf")},
        summary="Entwurf ändern (alle Positionen und die Begründung)",
    )
    @workflow_step(
        rules.may_edit_request,
        gettext_lazy("Nur ein Entwurf wird von den Projektverantwortlichen geändert."),
        body=PaymentRequestWriteSerializer,
    )
    def partial_update(self, payment_request: PaymentRequest, actor: Any, values: Any) -> None:
        services.payment_request_update(
            payment_request=payment_request,
            actor=actor,
            lines=values["lines"],
            note=values["note"],
        )

    @extend_schema(
        request=None,
        responses={
            200: PaymentRequestSerializer,
            400: OpenApiResponse(description="Über dem Abrufbaren"),
        },
        summary="Entwurf einreichen (je Ausgabeart höchstens das noch Abrufbare)",
    )
    @action(detail=True, methods=["post"])
    @workflow_step(
        rules.may_submit,
        gettext_lazy("Einreichen dürfen die Projektverantwortlichen einen Entwurf."),
    )
    def submit(self, payment_request: PaymentRequest, actor: Any, values: Any) -> None:
        services.payment_request_submit(payment_request=payment_request, actor=actor)

    @extend_schema(
        request=DecisionSerializer,
        responses={
            200: PaymentRequestSerializer,
            403: OpenApiResponse(description="Nur die Koordinierungsstelle"),
        },
        summary="Eingereichten Mittelabruf freigeben (Koordinierungsstelle)",
    )
    @action(detail=True, methods=["post"])
    @workflow_step(
        rules.may_decide,
        gettext_lazy("Mittelabrufe gibt die Koordinierungsstelle frei."),
        body=DecisionSerializer,
    )
    def approve(self, payment_request: PaymentRequest, actor: Any, values: Any) -> None:
        services.payment_request_approve(
            payment_request=payment_request, actor=actor, note=values["note"]
        )

    @extend_schema(
        request=DecisionSerializer,
        responses={
            200: PaymentRequestSerializer,
            400: OpenApiResponse(description="Ohne Begründung"),
        },
        summary="Eingereichten Mittelabruf ablehnen (Koordinierungsstelle, mit Begründung)",
    )
    @action(detail=True, methods=["post"])
    @workflow_step(
        rules.may_decide,
        gettext_lazy("Mittelabrufe lehnt die Koordinierungsstelle ab."),
        body=DecisionSerializer,
    )
    def reject(self, payment_request: PaymentRequest, actor: Any, values: Any) -> None:
        services.payment_request_reject(
            payment_request=payment_request, actor=actor, note=values["note"]
        )

    @extend_schema(
        request=PaySerializer,
        responses={
            200: PaymentRequestSerializer,
            400: OpenApiResponse(description="Über dem Bewilligten"),
        },
        summary="Freigegebenen Mittelabruf als ausgezahlt buchen (Koordinierungsstelle)",
    )
    @action(detail=True, methods=["post"], url_path="mark-paid", url_name="pay")
    @workflow_step(
        rules.may_mark_paid,
        gettext_lazy("Auszahlungen bucht die Koordinierungsstelle."),
        body=PaySerializer,
    )
    def mark_paid(self, payment_request: PaymentRequest, actor: Any, values: Any) -> None:
        services.payment_request_mark_paid(payment_request=payment_request, actor=actor, **values)


@extend_schema_view(
    retrieve=extend_schema(
        summary="Mittel eines Projekts je Ausgabeart: bewilligt, ausgezahlt, offen, abrufbar"
    ),
)
class ProjectMoneyViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """``selectors.project_money`` of one project (id of the project)."""

    serializer_class = ProjectMoneySerializer
    permission_classes = [IsAuthenticated]
    queryset = Project.objects.none()

    def get_queryset(self):
        return selectors.projects_with_money_visible(user=self.request.user)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        project = self.get_object()
        return Response(self.get_serializer(selectors.project_money(project=project)).data)


class RepaymentFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", label="Projekt (id)")

    class Meta:
        model = Repayment
        fields = ["project", "cost_type"]


@extend_schema_view(
    list=extend_schema(summary="Rückzahlungen (Koordinierungsstelle)"),
    retrieve=extend_schema(summary="Eine Rückzahlung"),
    create=extend_schema(
        responses={
            201: RepaymentSerializer,
            400: OpenApiResponse(description="Mehr als ausgezahlt"),
            403: OpenApiResponse(description="Nur die Koordinierungsstelle"),
        },
        summary="Rückzahlung buchen (als Rückzahlung auf dem Budget der Bindung)",
    ),
)
class RepaymentViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = RepaymentSerializer
    permission_classes = [IsAuthenticated]
    queryset = Repayment.objects.none()
    filterset_class = RepaymentFilter
    ordering = ["-received_on", "-id"]

    def get_queryset(self):
        return selectors.repayments_visible(user=self.request.user).order_by("-received_on", "-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        project = _visible_project(request, named(Project.objects.all(), request.data, "project"))
        if not rules.may_book_repayment(request.user, project):
            raise PermissionDenied(_("Rückzahlungen bucht die Koordinierungsstelle."))
        body = RepaymentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data.pop("project_id", None)
        repayment = api_service_call(
            services.repayment_book, project=project, actor=request.user, **data
        )
        return Response(RepaymentSerializer(repayment).data, status=status.HTTP_201_CREATED)


router = DefaultRouter(trailing_slash=True)
router.register("payment-requests", PaymentRequestViewSet, basename="payment-request")
router.register("repayments", RepaymentViewSet, basename="repayment")
router.register("project-money", ProjectMoneyViewSet, basename="project-money")
urlpatterns = router.urls
