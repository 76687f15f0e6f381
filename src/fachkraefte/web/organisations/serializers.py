"""REST representations of organisations and their named representatives."""

from __future__ import annotations

from rest_framework import serializers

from fachkraefte.web.core.models import Region
from fachkraefte.web.organisations.models import Organisation, Representative


class OrganisationSerializer(serializers.ModelSerializer):
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level=Region.Level.KREIS),
        allow_null=True,
        required=False,
        help_text="AGS des Kreises",
    )

    class Meta:
        model = Organisation
        fields = ["id", "name", "category", "region", "inhabitants", "website"]


class RepresentativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Representative
        fields = ["id", "organisation", "name", "function", "email"]
