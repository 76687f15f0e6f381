"""API representations of reviews and their summary.

What a review shows follows ``reviews.rules``: before the declaration only title and applicant;
scores, recommendation and comment only to its reviewer without conflict and to the office.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.reviews import rules, selectors
from fachkraefte.web.reviews.models import Review


def _user(serializer: serializers.Serializer) -> Any:
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class ScoreValueSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    label = serializers.CharField()
    value = serializers.IntegerField(allow_null=True, help_text="0–5; null: n/a")


class ReviewSerializer(serializers.ModelSerializer):
    proposal_title = serializers.CharField(source="proposal.title", read_only=True)
    applicant = serializers.CharField(source="proposal.organisation_name", read_only=True)
    reviewer = serializers.CharField(source="reviewer.username", read_only=True)
    scores = serializers.SerializerMethodField()
    recommendation = serializers.SerializerMethodField()
    comment = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "proposal",
            "proposal_title",
            "applicant",
            "reviewer",
            "assigned_at",
            "conflict",
            "conflict_reason",
            "lifted_reason",
            "recommendation",
            "comment",
            "submitted_at",
            "scores",
        ]
        read_only_fields = fields

    def _open(self, review: Review) -> bool:
        user = _user(self)
        return rules.may_read_proposal(user, review) or rules.is_office(user)

    @extend_schema_field(ScoreValueSerializer(many=True))
    def get_scores(self, review: Review) -> list[dict[str, Any]]:
        if not self._open(review):
            return []
        return [
            {"criterion": s.criterion_id, "label": s.criterion.label, "value": s.value}
            for s in review.scores.select_related("criterion")
        ]

    def get_recommendation(self, review: Review) -> str:
        return review.recommendation if self._open(review) else ""

    def get_comment(self, review: Review) -> str:
        return review.comment if self._open(review) else ""


class AssignSerializer(serializers.Serializer):
    proposal = serializers.IntegerField()
    reviewer = serializers.CharField(help_text="Benutzername")


class DeclareSerializer(serializers.Serializer):
    conflicted = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class ScoreInputSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.CharField(allow_blank=True, allow_null=True),
        help_text='Kriterium-ID → "0" … "5" oder "n/a"',
    )
    recommendation = serializers.ChoiceField(
        choices=Review.Recommendation.choices, required=False, allow_blank=True
    )
    comment = serializers.CharField(required=False, allow_blank=True)
    submit = serializers.BooleanField(default=False)


class CriterionSummarySerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion.pk")
    label = serializers.CharField()
    average = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    minimum = serializers.IntegerField(allow_null=True)
    maximum = serializers.IntegerField(allow_null=True)
    n = serializers.IntegerField()
    not_applicable = serializers.IntegerField()


class ReviewSummarySerializer(serializers.Serializer):
    proposal = serializers.IntegerField(source="proposal.pk")
    counted = serializers.IntegerField()
    conflicted = serializers.IntegerField()
    pending = serializers.IntegerField()
    criteria = CriterionSummarySerializer(many=True)
    recommendations = serializers.SerializerMethodField()

    def get_recommendations(self, summary: selectors.ReviewSummary) -> dict[str, int]:
        return {
            value: count
            for (value, _l), (_label, count) in zip(
                Review.Recommendation.choices, summary.recommendations, strict=True
            )
        }


class AgendaSerializer(serializers.Serializer):
    agenda_item = serializers.IntegerField()
    motion = serializers.ChoiceField(choices=Proposal.Motion.choices)
    approved_amount = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    conditions = serializers.CharField(required=False, allow_blank=True)
    decision_reasons = serializers.CharField(required=False, allow_blank=True)
    rank = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=999)


class ExternalSerializer(serializers.Serializer):
    funded = serializers.BooleanField()
    external_decision_on = serializers.DateField()
    external_reference = serializers.CharField(max_length=120)


class ProposalDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Proposal
        fields = [
            "id",
            "title",
            "status",
            "agenda_item",
            "motion",
            "approved_amount",
            "conditions",
            "decision_reasons",
            "rank",
            "external_decision_on",
            "external_reference",
        ]
        read_only_fields = fields
