"""REST representations of programmes and their composition rules."""

from __future__ import annotations

from rest_framework import serializers

from fachkraefte.web.core.models import Region
from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.programmes.models import CompositionRule, ConsensusRule, Programme


class CompositionRuleSerializer(serializers.ModelSerializer):
    # Given on updates of a programme: the rule to change; rules left out are deleted.
    id = serializers.IntegerField(required=False)
    # Plain strings (one enum per choice set in the schema: Organisation.category has it);
    # unknown categories are refused by ``programmes.services`` with a 400 answer.
    categories = serializers.ListField(
        child=serializers.CharField(max_length=32),
        min_length=1,
        help_text="Partnerkategorien: " + ", ".join(PartnerCategory.values),
    )
    position = serializers.IntegerField(required=False, min_value=0, max_value=32767)

    class Meta:
        model = CompositionRule
        fields = [
            "id",
            "position",
            "label",
            "categories",
            "min_count",
            "min_inhabitants",
            "district_towns",
            "required",
        ]


class ProgrammeSerializer(serializers.ModelSerializer):
    """Writable by the coordination office and admins (``composition_rules`` replaces the set)."""

    land = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level=Region.Level.LAND),
        allow_null=True,
        required=False,
        help_text="AGS des Landes",
    )
    composition_rules = CompositionRuleSerializer(many=True, required=False)
    # Named like the alliance's field, so the schema shares one enum for the rule.
    consensus_rule = serializers.ChoiceField(
        source="default_consensus_rule", choices=ConsensusRule.choices, required=False
    )

    class Meta:
        model = Programme
        fields = [
            "slug",
            "name",
            "land",
            "description",
            "source",
            "consensus_rule",
            "composition_rules",
        ]
