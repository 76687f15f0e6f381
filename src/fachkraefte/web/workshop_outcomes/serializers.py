"""REST representations of workshop outcomes, their history and a vote."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fachkraefte.web.calls.models import TargetGroup
from fachkraefte.web.workshop_outcomes.models import Outcome, OutcomeEvent


class OutcomeEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutcomeEvent
        fields = ["from_status", "to_status", "note", "at"]
        read_only_fields = fields


class OutcomeSerializer(serializers.ModelSerializer):
    """Read: the outcome with points, owner, call and history. Write (the moderation): phase,
    category, text; planning fields as the page offers them."""

    workshop = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    action_fields = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    occupations = serializers.ListField(child=serializers.CharField(max_length=5), required=False)
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices), required=False
    )
    owner = serializers.SerializerMethodField()
    points = serializers.SerializerMethodField()
    call = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    events = OutcomeEventSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Outcome
        fields = [
            "id",
            "workshop",
            "phase",
            "category",
            "text",
            "position",
            "occupations",
            "action_fields",
            "target_groups",
            "owner",
            "due_on",
            "status",
            "points",
            "call",
            "events",
            "created_at",
            "url",
        ]
        read_only_fields = ["id", "position", "status", "created_at"]

    @extend_schema_field(serializers.CharField())
    def get_owner(self, outcome: Outcome) -> str:
        return outcome.owner_name

    @extend_schema_field(serializers.IntegerField())
    def get_points(self, outcome: Outcome) -> int:
        points = getattr(outcome, "points", None)
        if points is None:
            points = sum(v.dots for v in outcome.votes.all())
        return points

    @extend_schema_field(serializers.CharField())
    def get_url(self, outcome: Outcome) -> str:
        return outcome.get_absolute_url()


class OutcomeCreateSerializer(serializers.Serializer):
    workshop = serializers.SlugField()
    phase = serializers.CharField(max_length=32)
    category = serializers.CharField(max_length=32)
    text = serializers.CharField(max_length=2000)


class OutcomeVoteSerializer(serializers.Serializer):
    dots = serializers.IntegerField(min_value=0, max_value=20)


class OutcomeTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Outcome.Status.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class OutcomeVoteResultSerializer(serializers.Serializer):
    outcome = serializers.IntegerField()
    dots = serializers.IntegerField()
    dots_left = serializers.IntegerField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return dict(instance)
