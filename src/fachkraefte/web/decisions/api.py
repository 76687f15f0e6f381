"""REST endpoints of the decisions app (included under /api/ by ``fachkraefte.web.api.routes``).

The same permission rules as the pages: lists and lookups only reach alliances in
``internal_alliances(user)`` (others answer 404 or "does not exist"); writes go through
``decisions.services``, which check ``can_manage`` / ``can_vote`` and the conflict rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.alliances.rules import (
    can_manage,
    can_view_internal,
    can_vote,
    internal_alliances,
)
from fachkraefte.web.api.authorise import named
from fachkraefte.web.api.steps import AnswerAsWritten, workflow_step
from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.decisions import filters, selectors, services
from fachkraefte.web.decisions.models import AgendaItem, ConflictOfInterest, Meeting, Vote
from fachkraefte.web.decisions.serializers import (
    AgendaItemSerializer,
    ConflictSerializer,
    MeetingSerializer,
    TransitionSerializer,
    VoteSerializer,
)
from fachkraefte.web.decisions.workflows import DECIDED


def _authorise(user: Any, alliance: Alliance | None, may: Callable[[Any, Alliance], bool]) -> None:
    """Before validation: ``may`` in the alliance the body names (404 if its internal records
    are hidden from the user), else ``may`` in at least one alliance the user sees inside."""
    if alliance is None:
        if not any(may(user, a) for a in internal_alliances(user)):
            raise PermissionDenied
        return
    if not can_view_internal(user, alliance):
        raise NotFound
    if not may(user, alliance):
        raise PermissionDenied


def _item_named(user: Any, data: Any) -> AgendaItem | None:
    return named(selectors.visible_agenda_items(user=user), data, "agenda_item")


def _manages_item(user: Any, item: AgendaItem) -> bool:
    """``can_manage`` in the item's alliance; ``_authorise``'s 404 cannot arise here, since
    the item was found among those of the alliances the user sees inside."""
    return can_manage(user, item.meeting.alliance)


# its docstring is the schema's description of these viewsets' operations
class _WriteMixin(AnswerAsWritten):
    """Create and update answer with the standard serializer of the object the service wrote."""


@extend_schema_view(
    list=extend_schema(summary="Sitzungen der Steuerungsgruppen (sichtbare Allianzen)"),
    create=extend_schema(summary="Sitzung anlegen (Steuerungsgruppe, Koordinierungsstelle)"),
)
class MeetingViewSet(
    _WriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MeetingSerializer
    permission_classes = [IsAuthenticated]
    queryset = Meeting.objects.none()
    filterset_class = filters.MeetingFilter
    ordering_fields = ["date", "title"]
    ordering = ["-date", "id"]
    search_fields = ["title", "location"]

    def get_queryset(self):
        return selectors.visible_meetings(user=self.request.user).order_by("-date", "id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        alliance = named(Alliance.objects.all(), request.data, "alliance", field="slug")
        _authorise(request.user, alliance, can_manage)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = api_service_call(
            services.meeting_create, actor=request.user, **serializer.validated_data
        )
        return self.answer(meeting, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self.get_object()
        services.meeting_require_manager(actor=request.user, alliance=meeting.alliance)
        serializer = self.get_serializer(
            meeting, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = {
            "title": meeting.title,
            "date": meeting.date,
            "location": meeting.location,
            **{k: v for k, v in serializer.validated_data.items() if k != "alliance"},
        }
        meeting = api_service_call(
            services.meeting_update, actor=request.user, meeting=meeting, **data
        )
        return self.answer(meeting, status.HTTP_200_OK)


@extend_schema_view(
    list=extend_schema(summary="Tagesordnungspunkte mit aktuellem Stand der Abstimmung"),
    create=extend_schema(
        summary="Tagesordnungspunkt anlegen; die Beschlussregel kommt von der Allianz"
    ),
)
class AgendaItemViewSet(
    _WriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AgendaItemSerializer
    permission_classes = [IsAuthenticated]
    queryset = AgendaItem.objects.none()
    filterset_class = filters.AgendaItemFilter
    ordering_fields = ["position", "meeting__date", "decided_at"]
    ordering = ["meeting", "position", "id"]
    search_fields = ["title", "description"]

    def get_queryset(self):
        return selectors.visible_agenda_items(user=self.request.user).order_by(
            "meeting", "position", "id"
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = named(selectors.visible_meetings(user=request.user), request.data, "meeting")
        _authorise(request.user, meeting.alliance if meeting else None, can_manage)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = api_service_call(
            services.agenda_item_create, actor=request.user, **serializer.validated_data
        )
        return self.answer(item, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        services.meeting_require_manager(actor=request.user, alliance=item.meeting.alliance)
        serializer = self.get_serializer(
            item, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = {
            "title": item.title,
            "description": item.description,
            "position": item.position,
            **{k: v for k, v in serializer.validated_data.items() if k != "meeting"},
        }
        item = api_service_call(services.agenda_item_update, actor=request.user, item=item, **data)
        return self.answer(item, status.HTTP_200_OK)

    @extend_schema(
        request=None,
        responses={
            200: AgendaItemSerializer,
            400: OpenApiResponse(description="Noch nicht abschließbar oder schon entschieden"),
            403: OpenApiResponse(description="Nur Steuerungsgruppe und Koordinierungsstelle"),
        },
        summary="Abstimmung abschließen: Ergebnis nach der Regel feststellen und einfrieren",
    )
    @action(detail=True, methods=["post"])
    # who may never close here is refused before the table says "nothing more to do"
    @workflow_step(_manages_item)
    def close(self, item: AgendaItem, actor: Any, values: Any) -> None:
        services.agenda_item_transition(actor=actor, item=item, to=DECIDED)
        item.refresh_from_db()

    @extend_schema(
        request=TransitionSerializer,
        responses={
            200: AgendaItemSerializer,
            400: OpenApiResponse(description="Dieser Schritt ist nicht vorgesehen"),
            403: OpenApiResponse(description="Diesen Schritt dürfen Sie nicht auslösen"),
        },
        summary="Schritt im Ablauf des Tagesordnungspunkts (Zielstatus)",
    )
    @action(detail=True, methods=["post"])
    @workflow_step(_manages_item, body=TransitionSerializer)
    def transition(self, item: AgendaItem, actor: Any, values: Any) -> None:
        services.agenda_item_transition(actor=actor, item=item, to=values["status"])
        item.refresh_from_db()


@extend_schema_view(
    list=extend_schema(summary="Voten (sichtbare Allianzen)"),
    create=extend_schema(
        summary="Eigenes Votum abgeben oder ändern (nur Mitglieder der Steuerungsgruppe)",
        responses={
            201: VoteSerializer,
            200: VoteSerializer,
            400: OpenApiResponse(description="Befangen, schon entschieden oder ungültig"),
            403: OpenApiResponse(description="Nur Mitglieder der Steuerungsgruppe"),
        },
    ),
)
class VoteViewSet(
    _WriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = VoteSerializer
    permission_classes = [IsAuthenticated]
    queryset = Vote.objects.none()
    filterset_class = filters.VoteFilter
    ordering_fields = ["cast_at", "user__username"]
    ordering = ["agenda_item", "user__username"]
    search_fields = ["note"]

    def get_queryset(self):
        return selectors.visible_votes(user=self.request.user).order_by(
            "agenda_item", "user__username"
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = _item_named(request.user, request.data)
        _authorise(request.user, item.meeting.alliance if item else None, can_vote)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        vote, created = api_service_call(
            services.vote_cast,
            actor=request.user,
            item=data["agenda_item"],
            choice=data["choice"],
            note=data.get("note", ""),
        )
        return self.answer(vote, status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@extend_schema_view(
    list=extend_schema(summary="Erklärte Befangenheiten (sichtbare Allianzen)"),
    create=extend_schema(
        summary=(
            "Eigene Befangenheit erklären oder (mit user) die eines Mitglieds feststellen; "
            "ein abgegebenes Votum wird zur Enthaltung"
        ),
        responses={
            201: ConflictSerializer,
            400: OpenApiResponse(
                description="Schon vermerkt, schon entschieden, kein Mitglied oder ungültig"
            ),
            403: OpenApiResponse(
                description=(
                    "Eigene Befangenheit: nur Mitglieder der Steuerungsgruppe; die anderer: "
                    "nur Steuerungsgruppe und Koordinierungsstelle"
                )
            ),
        },
    ),
)
class ConflictViewSet(
    _WriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ConflictSerializer
    permission_classes = [IsAuthenticated]
    queryset = ConflictOfInterest.objects.none()
    filterset_class = filters.ConflictFilter
    ordering_fields = ["declared_at"]
    ordering = ["agenda_item", "id"]
    search_fields = ["reason"]

    def get_queryset(self):
        return selectors.visible_conflicts(user=self.request.user).order_by("agenda_item", "id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Declaring one's own conflict is for voters, recording another's for managers.
        raw_user = request.data.get("user") if hasattr(request.data, "get") else None
        other = bool(raw_user) and str(raw_user).strip() not in ("", request.user.get_username())
        named_item = _item_named(request.user, request.data)
        _authorise(
            request.user,
            named_item.meeting.alliance if named_item else None,
            can_manage if other else can_vote,
        )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = data["agenda_item"]
        username = (data.get("user") or {}).get("username", "").strip()
        if username and username != request.user.get_username():
            alliance = item.meeting.alliance
            services.conflict_require_recorder(actor=request.user, item=item)
            conflict = api_service_call(
                services.conflict_record,
                actor=request.user,
                item=item,
                member=selectors.voting_member(alliance=alliance, username=username),
                reason=data["reason"],
            )
        else:
            conflict = api_service_call(
                services.conflict_declare, actor=request.user, item=item, reason=data["reason"]
            )
        return self.answer(conflict, status.HTTP_201_CREATED)


router = DefaultRouter(trailing_slash=True)
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("agenda-items", AgendaItemViewSet, basename="agenda-item")
router.register("votes", VoteViewSet, basename="vote")
router.register("conflicts", ConflictViewSet, basename="conflict")
urlpatterns = router.urls
