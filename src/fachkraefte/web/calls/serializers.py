"""REST representations of calls with their criteria and documents."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from fachkraefte.web.alliances.models import ActionField, Alliance, Priority
from fachkraefte.web.calls.models import Call, CallDocument, CostType, ReviewCriterion, TargetGroup
from fachkraefte.web.core.models import Region
from fachkraefte.web.funding.models import Earmark
from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.programmes.models import Programme

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewCriterion
        fields = ["id", "position", "label", "description"]


class DocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = CallDocument
        fields = ["id", "title", "size", "uploaded_at", "url"]

    def get_url(self, document: CallDocument) -> str:
        return f"/aufrufe/{document.call.slug}/dokumente/{document.pk}/"


class CallSerializer(serializers.ModelSerializer):
    """Readable by anyone for published and closed calls; drafts by their drafters. Written
    through ``calls.services`` (the same checks as the form)."""

    programme = serializers.SlugRelatedField(slug_field="slug", queryset=Programme.objects.all())
    alliance = serializers.SlugRelatedField(
        slug_field="slug", queryset=Alliance.objects.all(), allow_null=True, required=False
    )
    earmark = serializers.SlugRelatedField(
        slug_field="slug", queryset=Earmark.objects.all(), allow_null=True, required=False
    )
    action_fields = serializers.PrimaryKeyRelatedField(
        queryset=ActionField.objects.all(), many=True, required=False
    )
    priorities = serializers.PrimaryKeyRelatedField(
        queryset=Priority.objects.all(), many=True, required=False
    )
    districts = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level=Region.Level.KREIS), many=True, required=False
    )
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices), required=False
    )
    # Plain strings (the schema has one enum per choice set: Organisation.category has it);
    # unknown categories are refused by ``calls.services`` with a 400 answer.
    applicant_categories = serializers.ListField(
        child=serializers.CharField(max_length=32),
        required=False,
        help_text="Partnerkategorien: " + ", ".join(PartnerCategory.values),
    )
    eligible_cost_types = serializers.ListField(
        child=serializers.ChoiceField(choices=CostType.choices), min_length=1
    )
    max_grant_rate = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        min_value=Decimal("0"),
        max_value=Decimal("1"),
        help_text="Anteil der förderfähigen Ausgaben, z. B. 0.9 für 90 %",
    )
    min_amount = serializers.DecimalField(allow_null=True, required=False, **MONEY)
    max_amount = serializers.DecimalField(allow_null=True, required=False, **MONEY)
    criteria = CriterionSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "slug",
            "programme",
            "alliance",
            "title",
            "summary",
            "description",
            "status",
            "opens_on",
            "closes_on",
            "rolling",
            "budget_year",
            "earmark",
            "action_fields",
            "priorities",
            "target_groups",
            "interest_max_chars",
            "applicant_categories",
            "districts",
            "max_grant_rate",
            "min_amount",
            "max_amount",
            "min_months",
            "max_months",
            "eligible_cost_types",
            "criteria",
            "documents",
        ]
        read_only_fields = ["status"]
        # the slug's uniqueness is the service's answer (after the rules), not the serializer's
        extra_kwargs = {"slug": {"validators": []}}


class CallTransitionSerializer(serializers.Serializer):
    """The state to move to; any text, so the workflow answers which steps exist."""

    status = serializers.CharField(max_length=32, label="Zielstatus")
