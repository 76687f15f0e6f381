"""Projects and milestones in the API: what the pages show (the internal note for the office only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fachkraefte.web.projects import rules
from fachkraefte.web.projects.models import Milestone, Project, ProjectBudgetLine, ProjectPerson
from fachkraefte.web.projects.selectors import project_outcomes


class ProjectBudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectBudgetLine
        fields = ["cost_type", "amount"]


class ProjectPersonSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = ProjectPerson
        fields = ["id", "username", "role"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "project", "title", "due_on", "done_on", "note"]
        read_only_fields = ["id", "done_on"]


class ProjectSerializer(serializers.ModelSerializer):
    alliance = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    districts = serializers.SlugRelatedField(slug_field="ags", many=True, read_only=True)
    budget_lines = ProjectBudgetLineSerializer(many=True, read_only=True)
    people = ProjectPersonSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    outcomes = serializers.SerializerMethodField(help_text=_("geplant und erreicht je Ergebnis"))
    internal_note = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "proposal",
            "programme",
            "alliance",
            "title",
            "summary",
            "recipient",
            "districts",
            "occupations",
            "target_groups",
            "funding_year",
            "approved_amount",
            "starts_on",
            "ends_on",
            "status",
            "is_historic",
            "budget_lines",
            "people",
            "milestones",
            "outcomes",
            "internal_note",
        ]
        read_only_fields = fields

    def get_outcomes(self, project: Project) -> list[dict[str, Any]]:
        return [row.__dict__ for row in project_outcomes(project=project)]

    def get_internal_note(self, project: Project) -> str | None:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return project.internal_note if rules.may_see_internal_note(user, project) else None


class ProjectCreateSerializer(serializers.Serializer):
    proposal = serializers.IntegerField(
        help_text=_("ID eines befürworteten oder bewilligten Antrags")
    )


class ProjectTransitionSerializer(serializers.Serializer):
    status = serializers.CharField(
        max_length=20, help_text=_("Zielstatus, z. B. running (Projekt starten)")
    )


class ProjectBudgetSerializer(serializers.Serializer):
    amounts = serializers.DictField(
        child=serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0),
        help_text=_('Betrag je Ausgabeart, z. B. {"personnel": "6300.00"}'),
    )


class MilestoneDoneSerializer(serializers.Serializer):
    done_on = serializers.DateField(allow_null=True, help_text=_("leer: nicht erreicht"))
