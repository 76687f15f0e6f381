"""API representations of meetings, agenda items (with their tally), votes and conflicts.

Related objects offered for writing are limited to what the requesting user may see, so that an
unknown id answers "does not exist" whether or not it exists in another alliance.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.alliances.rules import internal_alliances
from fachkraefte.web.decisions import selectors
from fachkraefte.web.decisions.models import AgendaItem, ConflictOfInterest, Meeting, Vote


def _user(serializer: serializers.Serializer) -> Any:
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class TallySerializer(serializers.Serializer):
    consent = serializers.IntegerField()
    objection = serializers.IntegerField()
    abstention = serializers.IntegerField()
    not_voted = serializers.ListField(child=serializers.CharField(), help_text="Namen")
    conflicted = serializers.ListField(child=serializers.CharField(), help_text="Namen")


class ConsensusSerializer(serializers.Serializer):
    rule = serializers.CharField()
    tally = TallySerializer()
    outcome = serializers.ChoiceField(
        choices=AgendaItem.Outcome.choices,
        allow_null=True,
        help_text="Ergebnis; null, solange der Punkt nicht abgeschlossen werden kann.",
    )
    can_close = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())


class MeetingSerializer(serializers.ModelSerializer):
    alliance = serializers.SlugRelatedField(slug_field="slug", queryset=Alliance.objects.none())

    class Meta:
        model = Meeting
        fields = ["id", "alliance", "title", "date", "location", "created_at"]
        read_only_fields = ["created_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alliance"].queryset = internal_alliances(_user(self))

    def validate_alliance(self, alliance: Alliance) -> Alliance:
        if self.instance is not None and alliance != self.instance.alliance:
            raise serializers.ValidationError(
                "Eine Sitzung kann nicht in eine andere Allianz verschoben werden."
            )
        return alliance


class AgendaItemSerializer(serializers.ModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.none())
    position = serializers.IntegerField(min_value=1, max_value=999, required=False)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    consensus = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "position",
            "title",
            "description",
            "consensus_rule",
            "status",
            "outcome",
            "decided_at",
            "decided_by",
            "consensus",
        ]
        read_only_fields = ["consensus_rule", "status", "outcome", "decided_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = selectors.visible_meetings(user=_user(self))

    def validate_meeting(self, meeting: Meeting) -> Meeting:
        if self.instance is not None and meeting != self.instance.meeting:
            raise serializers.ValidationError(
                "Ein Tagesordnungspunkt kann nicht in eine andere Sitzung verschoben werden."
            )
        return meeting

    @extend_schema_field(ConsensusSerializer)
    def get_consensus(self, item: AgendaItem) -> dict[str, Any]:
        """Open items: the rule applied to the votes so far. Decided items: the frozen record."""
        if item.is_open:
            return selectors.item_consensus(item=item).as_dict()
        record = item.decision_record or {}
        return {
            "rule": item.consensus_rule,
            "tally": record.get("tally", {}),
            "outcome": item.outcome,
            "can_close": False,
            "reasons": record.get("reasons", []),
            "missing": [],
        }


class VoteSerializer(serializers.ModelSerializer):
    """POST casts or changes the caller's own vote on ``agenda_item``."""

    agenda_item = serializers.PrimaryKeyRelatedField(queryset=AgendaItem.objects.none())
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Vote
        fields = ["id", "agenda_item", "user", "choice", "note", "cast_at"]
        read_only_fields = ["cast_at"]
        validators: list = []  # one vote per person: the service updates instead of adding

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = selectors.visible_agenda_items(user=_user(self))


class ConflictSerializer(serializers.ModelSerializer):
    """POST declares the caller's own conflict of interest on ``agenda_item``; with ``user``
    (another person's username) the steering group or the coordination office records that
    member's conflict ("Befangenheit feststellen")."""

    agenda_item = serializers.PrimaryKeyRelatedField(queryset=AgendaItem.objects.none())
    user = serializers.CharField(
        source="user.username",
        required=False,
        max_length=150,
        help_text=(
            "Benutzername des befangenen Mitglieds der Steuerungsgruppe; leer: die eigene "
            "Befangenheit. Für andere nur Steuerungsgruppe und Koordinierungsstelle."
        ),
    )
    recorded_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ConflictOfInterest
        fields = ["id", "agenda_item", "user", "reason", "declared_at", "recorded_by"]
        read_only_fields = ["declared_at", "recorded_by"]
        validators: list = []  # a repeated declaration gets the service's German message

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = selectors.visible_agenda_items(user=_user(self))


class TransitionSerializer(serializers.Serializer):
    """The state to move to; any text, so that the workflow (not the form) answers who may
    do what and which steps exist."""

    status = serializers.CharField(max_length=32, label="Zielstatus")
