"""Proposals in the API: what the pages show, with the computed figures and the checks."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fachkraefte.web.proposals.budget import figures_of
from fachkraefte.web.proposals.eligibility import checks_for
from fachkraefte.web.proposals.models import BudgetLine, CoApplicant, Proposal, ProposalVersion
from fachkraefte.web.proposals.steps import STEP_KEYS


class ProposalBudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["cost_type", "description", "amount"]


class ProposalCoApplicantSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = CoApplicant
        fields = ["id", "username", "right"]


class ProposalCheckSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    status = serializers.ChoiceField(choices=["pass", "fail", "open"])
    reason = serializers.CharField()


class ProposalSerializer(serializers.ModelSerializer):
    call = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    applicant = serializers.CharField(source="applicant.username", read_only=True)
    districts = serializers.SlugRelatedField(slug_field="ags", many=True, read_only=True)
    budget_lines = ProposalBudgetLineSerializer(many=True, read_only=True)
    co_applicants = ProposalCoApplicantSerializer(many=True, read_only=True)
    requested = serializers.SerializerMethodField(help_text=_("beantragter Zuschuss (EUR)"))
    grant_rate = serializers.SerializerMethodField(help_text=_("Förderquote (Anteil 0–1)"))
    checks = serializers.SerializerMethodField()
    need_score = serializers.SerializerMethodField(
        help_text=_(
            "Bedarfswert 0–100 des aktuellen Prognoselaufs (gespeichert); null, solange er nicht "
            "berechnet ist oder Sie den Antrag nicht als Koordinierungsstelle oder "
            "Steuerungsgruppe sehen"
        )
    )

    class Meta:
        model = Proposal
        fields = [
            "id",
            "call",
            "applicant",
            "stage",
            "status",
            "form_step",
            "organisation_name",
            "organisation_category",
            "title",
            "summary",
            "description",
            "starts_on",
            "ends_on",
            "districts",
            "occupations",
            "target_groups",
            "expected_participants",
            "expected_outcomes",
            "budget_lines",
            "own_contribution",
            "other_funding",
            "requested",
            "grant_rate",
            "declaration_given",
            "other_funding_declared",
            "other_funding_details",
            "revision_request",
            "co_applicants",
            "checks",
            "need_score",
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_requested(self, proposal: Proposal) -> str:
        return str(figures_of(proposal).requested)

    def get_grant_rate(self, proposal: Proposal) -> str | None:
        rate = figures_of(proposal).grant_rate
        return None if rate is None else str(rate.quantize(rate.__class__("0.0001")))

    def get_need_score(self, proposal: Proposal) -> float | None:
        # annotated by ``selectors.with_need_scores`` (the list and the detail); never computed
        return getattr(proposal, "need_score", None)

    def get_checks(self, proposal: Proposal) -> list[dict[str, Any]]:
        return ProposalCheckSerializer(checks_for(proposal), many=True).data


class ProposalVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProposalVersion
        fields = ["number", "content", "submitted_at"]


class ProposalCreateSerializer(serializers.Serializer):
    """The first step (Träger und Projekt) and the call it goes to (documentation of the body)."""

    call = serializers.SlugField(help_text=_("Kurzname des Förderaufrufs"))
    organisation_name = serializers.CharField()
    organisation_category = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField(required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)


class ProposalStepSerializer(serializers.Serializer):
    """One form step's answers (documentation of the body): ``step`` and that step's fields.

    traeger: organisation_name, organisation_category, title, summary, description, starts_on,
    ends_on; ziele: target_groups [..], expected_participants, outcome_count_1 … outcome_district_3;
    berufe: occupations [KldB codes], districts [AGS]; finanzplan: amount_<cost type>,
    description_<cost type>, own_contribution, other_funding; erklaerung:
    other_funding_declared ("yes"/"no"), other_funding_details, confirmed (true).
    """

    step = serializers.ChoiceField(choices=sorted(STEP_KEYS - {"pruefen"}))


class ProposalTransitionSerializer(serializers.Serializer):
    # Plain text, not the status enum again: the workflow answers an unknown or undeclared
    # target with 400 and the possible steps.
    status = serializers.CharField(
        max_length=16, help_text=_("Zielstatus, z. B. in_review (Begutachtung beginnen)")
    )


class ProposalRevisionSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
