"""REST representations of workshops (and events) and of one's own registrations."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fachkraefte.web.workshops import rules, selectors
from fachkraefte.web.workshops.models import AgendaEntry, Registration, Workshop


class AgendaEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaEntry
        fields = ["position", "starts_at", "title", "speaker"]


class WorkshopSerializer(serializers.ModelSerializer):
    """Read-only; the online link only for who has a place and for the organisers (as on the
    page)."""

    alliance = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    districts = serializers.SlugRelatedField(slug_field="ags", many=True, read_only=True)
    regierungsbezirk = serializers.SlugRelatedField(slug_field="ags", read_only=True)
    organiser = serializers.StringRelatedField()
    agenda = AgendaEntrySerializer(many=True, read_only=True)
    online_link = serializers.SerializerMethodField()
    places_free = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Workshop
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "description",
            "alliance",
            "districts",
            "regierungsbezirk",
            "starts_at",
            "ends_at",
            "month_only",
            "venue",
            "online_link",
            "organiser",
            "moderator",
            "forecast_presenter",
            "capacity",
            "places_free",
            "offer_hold_hours",
            "public",
            "summary",
            "agenda",
            "url",
        ]
        read_only_fields = fields

    def _user(self) -> Any:
        request = self.context.get("request")
        return getattr(request, "user", None)

    @extend_schema_field(serializers.CharField())
    def get_online_link(self, workshop: Workshop) -> str:
        user = self._user()
        has_place = (
            user is not None
            and user.is_authenticated
            and workshop.registrations.filter(
                user=user, status=Registration.Status.REGISTERED
            ).exists()
        )
        return workshop.online_link if has_place or rules.is_organiser(user, workshop) else ""

    @extend_schema_field(serializers.IntegerField())
    def get_places_free(self, workshop: Workshop) -> int:
        return selectors.places_free(workshop=workshop)

    @extend_schema_field(serializers.CharField())
    def get_url(self, workshop: Workshop) -> str:
        return workshop.get_absolute_url()


class RegistrationSerializer(serializers.ModelSerializer):
    workshop = serializers.SlugRelatedField(slug_field="slug", queryset=Workshop.objects.all())
    queue_position = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "id",
            "workshop",
            "status",
            "organisation_name",
            "queue_position",
            "created_at",
            "offer_expires_at",
            "confirmed_at",
            "cancelled_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "queue_position",
            "created_at",
            "offer_expires_at",
            "confirmed_at",
            "cancelled_at",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_queue_position(self, registration: Registration) -> int | None:
        return selectors.queue_position(registration=registration)
