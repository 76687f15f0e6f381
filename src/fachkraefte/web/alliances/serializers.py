"""REST representations of alliances, organisations, programmes and the alliance's bodies."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fachkraefte.web.alliances.models import (
    ActionField,
    Alliance,
    AllianceRole,
    Commitment,
    Expert,
    Membership,
    Priority,
    ProjectGroup,
    StrategyVersion,
)
from fachkraefte.web.core.models import Region
from fachkraefte.web.programmes.models import Programme


class AllianceSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(
        slug_field="slug", queryset=Programme.objects.all(), allow_null=True, required=False
    )
    districts = serializers.SlugRelatedField(
        slug_field="ags",
        many=True,
        queryset=Region.objects.filter(level=Region.Level.KREIS),
        help_text="AGS der Kreise",
    )
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Alliance
        fields = [
            "id",
            "slug",
            "name",
            "programme",
            "districts",
            "description",
            "consensus_rule",
            "founded_on",
            "recognised_until",
            "member_count",
        ]
        read_only_fields = ["slug"]

    def validate_districts(self, value: list) -> list:
        if not value:
            raise serializers.ValidationError(_("Bitte mindestens einen Kreis angeben."))
        return value


class MembershipSerializer(serializers.ModelSerializer):
    alliance = serializers.SlugRelatedField(slug_field="slug", queryset=Alliance.objects.all())
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "alliance", "organisation", "organisation_name", "joined_on", "note"]
        validators: list = []  # the unique (alliance, organisation) check is in ``validate``

    def validate(self, data: dict) -> dict:
        if (
            self.instance is None
            and Membership.objects.filter(
                alliance=data["alliance"], organisation=data["organisation"]
            ).exists()
        ):
            raise serializers.ValidationError(
                {"organisation": _("Diese Organisation ist schon Mitglied der Allianz.")}
            )
        return data


class SeatMemberSerializer(serializers.Serializer):
    membership = serializers.IntegerField()
    name = serializers.CharField()


class SeatSerializer(serializers.Serializer):
    rule = serializers.IntegerField()
    label = serializers.CharField()
    required = serializers.BooleanField()
    min_count = serializers.IntegerField()
    applicable = serializers.BooleanField(
        help_text="false: the alliance cannot fill this seat (district towns in a kreisfreie Stadt)"
    )
    filled = serializers.IntegerField()
    missing = serializers.IntegerField()
    filled_by = SeatMemberSerializer(many=True)


class CompositionStatusSerializer(serializers.Serializer):
    """Whether the alliance meets its programme's composition rules (null fields without rules)."""

    alliance = serializers.CharField()
    programme = serializers.CharField(allow_null=True)
    complete = serializers.BooleanField(allow_null=True)
    missing_required = serializers.IntegerField()
    seats = SeatSerializer(many=True)


class AllianceScoped(serializers.ModelSerializer):
    """Records of one alliance; ``alliance`` is given by slug."""

    alliance = serializers.SlugRelatedField(slug_field="slug", queryset=Alliance.objects.all())

    def validate(self, data: dict) -> dict:
        alliance = data.get("alliance") or getattr(self.instance, "alliance", None)
        if (
            self.instance is not None
            and "alliance" in data
            and data["alliance"] != self.instance.alliance
        ):
            raise serializers.ValidationError(
                {"alliance": _("Die Allianz kann nicht geändert werden.")}
            )
        for name in ("membership", "action_field"):
            value = data.get(name)
            if value is not None and value.alliance_id != alliance.pk:
                raise serializers.ValidationError({name: _("Gehört nicht zu dieser Allianz.")})
        return data


class ActionFieldSerializer(AllianceScoped):
    class Meta:
        model = ActionField
        fields = ["id", "alliance", "position", "title", "description"]
        read_only_fields = ["position"]


class PrioritySerializer(AllianceScoped):
    class Meta:
        model = Priority
        fields = ["id", "alliance", "action_field", "position", "title", "description"]
        read_only_fields = ["position"]


class ProjectGroupSerializer(AllianceScoped):
    class Meta:
        model = ProjectGroup
        fields = ["id", "alliance", "name", "topic", "action_field"]


class ExpertSerializer(serializers.ModelSerializer):
    class Meta:
        model = Expert
        fields = ["id", "project_group", "nominated_by", "name", "email", "expertise"]

    def validate(self, data: dict) -> dict:
        group = data.get("project_group") or self.instance.project_group
        nominated_by = data.get("nominated_by") or self.instance.nominated_by
        if nominated_by.alliance_id != group.alliance_id:
            raise serializers.ValidationError(
                {"nominated_by": _("Nur Mitglieder dieser Allianz können Fachleute benennen.")}
            )
        return data


class StrategyVersionSerializer(AllianceScoped):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = StrategyVersion
        fields = ["id", "alliance", "number", "title", "text", "note", "created_by", "created_at"]
        read_only_fields = ["number", "created_at"]


class CommitmentSerializer(AllianceScoped):
    class Meta:
        model = Commitment
        fields = [
            "id",
            "alliance",
            "membership",
            "action_field",
            "title",
            "description",
            "due_on",
            "status",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class AllianceRoleSerializer(AllianceScoped):
    user = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.filter(is_active=True)
    )

    class Meta:
        model = AllianceRole
        fields = ["id", "alliance", "user", "kind", "membership"]
        validators: list = []  # the unique (alliance, user) check is in ``validate``

    def validate(self, data: dict) -> dict:
        data = super().validate(data)
        if AllianceRole.objects.filter(alliance=data["alliance"], user=data["user"]).exists():
            raise serializers.ValidationError(
                {"user": _("Diese Person hat in der Allianz schon eine Rolle.")}
            )
        return data
