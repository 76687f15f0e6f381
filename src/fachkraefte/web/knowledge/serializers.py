"""REST representations of measures and good practices (written through ``knowledge.services``)."""

from __future__ import annotations

from rest_framework import serializers

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.calls.models import TargetGroup
from fachkraefte.web.core.models import Region
from fachkraefte.web.knowledge.models import ActionArea, GoodPractice, Measure
from fachkraefte.web.sitesearch.documents import project_url


class _Catalogue(serializers.ModelSerializer):
    alliance = serializers.SlugRelatedField(
        slug_field="slug", queryset=Alliance.objects.all(), allow_null=True, required=False
    )
    action_areas = serializers.ListField(
        child=serializers.ChoiceField(choices=ActionArea.choices), required=False
    )
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices), required=False
    )
    occupations = serializers.ListField(
        child=serializers.CharField(max_length=5), required=False, help_text="KldB-Codes"
    )
    url = serializers.SerializerMethodField()

    def get_url(self, entry) -> str:
        return entry.get_absolute_url()


class MeasureSerializer(_Catalogue):
    land = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level=Region.Level.LAND), allow_null=True, required=False
    )
    districts = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level=Region.Level.KREIS), many=True, required=False
    )
    links = serializers.ListField(child=serializers.URLField(), required=False)
    origin_project = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = [
            "slug",
            "url",
            "state",
            "alliance",
            "title",
            "summary",
            "description",
            "provider",
            "land",
            "districts",
            "action_areas",
            "target_groups",
            "occupations",
            "starts_on",
            "ends_on",
            "funding_source",
            "contact",
            "links",
            "activity",
            "origin_project",
            "origin_url",
            "source",
        ]
        read_only_fields = ["state"]
        extra_kwargs = {"slug": {"validators": []}}

    def get_origin_project(self, measure: Measure) -> dict | None:
        project = measure.origin_project
        if project is None:
            return None
        return {"id": project.pk, "title": project.title, "url": project_url(project)}


class GoodPracticeSerializer(_Catalogue):
    district = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level=Region.Level.KREIS)
    )

    class Meta:
        model = GoodPractice
        fields = [
            "slug",
            "url",
            "state",
            "alliance",
            "employer",
            "title",
            "district",
            "place",
            "sector",
            "size",
            "published_month",
            "summary",
            "finding",
            "binding",
            "keeping",
            "recommendations",
            "video_url",
            "source_url",
            "action_areas",
            "target_groups",
            "occupations",
            "source",
        ]
        read_only_fields = ["state"]
        extra_kwargs = {"slug": {"validators": []}}


class EntryTransitionSerializer(serializers.Serializer):
    """The state to move to; any text, so the workflow answers which steps exist."""

    state = serializers.CharField(max_length=32, label="Zielstatus")
