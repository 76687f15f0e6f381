"""Read-only REST endpoint of the audit trail (registered by ``alliances.api``'s router).

The same rule as the trail page: entries of an alliance for everyone who may see its internal
records; platform-wide entries (``alliance`` null: programmes, organisations, accounts) for the
coordination office and admins only. Nothing else is listed, counted or found.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.alliances.rules import internal_alliances
from fachkraefte.web.api.filters import known_slug
from fachkraefte.web.audit import selectors
from fachkraefte.web.audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    alliance = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    object_type = serializers.SerializerMethodField(help_text="Objektart (app.modell)")
    object_label = serializers.SerializerMethodField(help_text="Objektart, lesbar")

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "created_at",
            "actor_name",
            "action",
            "object_type",
            "object_label",
            "object_id",
            "object_repr",
            "changes",
            "alliance",
        ]
        read_only_fields = fields

    def get_object_type(self, entry: AuditEntry) -> str:
        return f"{entry.content_type.app_label}.{entry.content_type.model}"

    def get_object_label(self, entry: AuditEntry) -> str:
        return selectors.kind_label(entry)


FILTERS = [
    OpenApiParameter("alliance", str, description="Kurzname der Allianz"),
    OpenApiParameter(
        "platform",
        OpenApiTypes.BOOL,
        description="nur plattformweite Einträge ohne Allianz (Koordinierungsstelle)",
    ),
    OpenApiParameter("person", str, description="Name der Person im Protokoll (genau)"),
    OpenApiParameter("action", str, enum=AuditEntry.Action.values, description="Aktion"),
    OpenApiParameter("since", OpenApiTypes.DATE, description="ab Tag (einschließlich)"),
    OpenApiParameter("until", OpenApiTypes.DATE, description="bis Tag (einschließlich)"),
]


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Who changed what, when: the audit trail, newest first."""

    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated]
    ordering_fields = ["created_at", "actor_name", "action"]
    ordering = ["-created_at", "-id"]
    search_fields = ["object_repr", "actor_name"]

    def get_queryset(self) -> QuerySet[AuditEntry]:
        user = self.request.user
        visible = Q(alliance__in=internal_alliances(user))
        if is_coordination(user):
            visible |= Q(alliance__isnull=True)
        entries = AuditEntry.objects.filter(visible).select_related("content_type", "alliance")
        params = self.request.query_params
        _check_filters(params)
        if params.get("alliance"):
            entries = entries.filter(alliance__slug=params["alliance"])
        if params.get("platform") in {"true", "1"}:
            entries = entries.filter(alliance__isnull=True)
        return selectors.filter_entries(
            entries,
            person=params.get("person"),
            action=params.get("action"),
            since=selectors.parse_day(params.get("since")),
            until=selectors.parse_day(params.get("until")),
        )


def _check_filters(params) -> None:
    """400 naming each invalid filter and its valid forms (``web.api.filters`` vocabulary)."""
    errors: dict[str, list[str]] = {}
    try:
        known_slug(Alliance, lambda: _("Slug einer Allianz"))(params.get("alliance", ""))
    except DjangoValidationError as error:
        errors["alliance"] = error.messages
    action = params.get("action")
    if action and action not in AuditEntry.Action.values:
        errors["action"] = [
            _("Unbekannter Wert '%(value)s'. Gültig: %(valid)s.")
            % {"value": action, "valid": ", ".join(AuditEntry.Action.values)}
        ]
    for day in ("since", "until"):
        if params.get(day) and selectors.parse_day(params[day]) is None:
            errors[day] = [_("Kein Datum. Gültig: JJJJ-MM-TT, z. B. 2025-03-31.")]
    if params.get("platform") not in (None, "", "true", "false", "1", "0"):
        errors["platform"] = [
            _("Unbekannter Wert '%(value)s'. Gültig: %(valid)s.")
            % {"value": params["platform"], "valid": "true, false"}
        ]
    if errors:
        raise ValidationError(errors)
