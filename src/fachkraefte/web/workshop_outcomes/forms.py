"""Forms of the outcome pages: field checks here, the checks against the workshop's method and
alliance in ``services.outcome_validate`` (added to the form field by field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.alliances.models import ActionField, AllianceRole
from fachkraefte.web.calls.models import TargetGroup
from fachkraefte.web.organisations.models import Organisation
from fachkraefte.web.workshop_outcomes.models import Outcome
from fachkraefte.web.workshop_outcomes.phases import TEMPLATE_CHOICES, PhaseTemplate
from fachkraefte.web.workshops.models import Workshop

DATE = {
    "input_formats": ["%Y-%m-%d", "%d.%m.%Y"],
    "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "error_messages": {"invalid": _("Bitte ein Datum wie 2027-03-31 oder 31.03.2027 eingeben.")},
}


class QuickEntryForm(forms.Form):
    """One outcome of one phase, as the moderator types it in (prefix: the phase's key)."""

    category = forms.ChoiceField(label=_("Kategorie"))
    text = forms.CharField(
        label=_("Ergebnis"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, categories: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories
        if len(categories) == 1:
            self.fields["category"].initial = categories[0][0]


class MethodForm(forms.Form):
    template = forms.ChoiceField(label=_("Methode"), choices=TEMPLATE_CHOICES)
    dots_per_person = forms.IntegerField(
        label=_("Punkte je Person (Punktabfrage)"), min_value=1, max_value=20
    )


def moderator_candidates(workshop: Workshop):
    """People with an account close to the workshop: the registered and the alliance's members."""
    users = get_user_model().objects.filter(
        workshop_registrations__workshop=workshop, workshop_registrations__status="registered"
    )
    if workshop.alliance_id:
        members = AllianceRole.objects.filter(alliance=workshop.alliance).values("user")
        users = users | get_user_model().objects.filter(pk__in=members)
    return users.distinct().order_by("last_name", "first_name", "username")


class ModeratorsForm(forms.Form):
    moderators = forms.ModelMultipleChoiceField(
        label=_("Moderation mit Konto"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Sie erfassen Ergebnisse und zählen Punkte wie die Veranstalter."),
    )

    def __init__(self, *args: Any, workshop: Workshop, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["moderators"].queryset = moderator_candidates(workshop)
        self.fields["moderators"].label_from_instance = lambda u: (
            u.get_full_name() or u.get_username()
        )


class VoteForm(forms.Form):
    dots = forms.IntegerField(label=_("Meine Punkte"), min_value=0, max_value=20)


def parse_codes(text: str) -> list[str]:
    return [c.strip() for c in text.replace(";", ",").replace(" ", ",").split(",") if c.strip()]


class OutcomeForm(forms.Form):
    """The text (during entry) and the planning: owner, due date, occupations, links."""

    text = forms.CharField(
        label=_("Ergebnis"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    occupations = forms.CharField(
        label=_("Berufe (KldB-Schlüssel)"),
        required=False,
        help_text=_("Durch Komma getrennt, z. B. 813, 82102."),
    )
    action_fields = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=ActionField.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Zielgruppen"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    owner_user = forms.ModelChoiceField(
        label=_("Zuständige Person"), queryset=get_user_model().objects.none(), required=False
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("oder zuständige Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
    )
    due_on = forms.DateField(label=_("Fällig am"), required=False, **DATE)

    def __init__(
        self, *args: Any, outcome: Outcome, may_edit_text: bool, may_plan: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        workshop = outcome.workshop
        self.fields["action_fields"].queryset = ActionField.objects.filter(
            alliance_id=workshop.alliance_id
        )
        owners = self.fields["owner_user"]
        known = Q(pk__in=moderator_candidates(workshop).values("pk"))
        owners.queryset = (
            get_user_model()
            .objects.filter(known | Q(pk=outcome.owner_user_id or 0))
            .order_by("last_name", "first_name", "username")
        )
        owners.label_from_instance = lambda u: u.get_full_name() or u.get_username()
        if not may_edit_text:
            del self.fields["text"]
        if not may_plan:
            for name in ("occupations", "action_fields", "target_groups"):
                del self.fields[name]
            for name in ("owner_user", "owner_organisation", "due_on"):
                del self.fields[name]

    def clean_occupations(self) -> list[str]:
        return parse_codes(self.cleaned_data["occupations"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("owner_user") and data.get("owner_organisation"):
            self.add_error(
                "owner_organisation",
                _("Bitte eine Person oder eine Organisation als zuständig angeben."),
            )
        return data


class TransitionForm(forms.Form):
    status = forms.ChoiceField(choices=Outcome.Status.choices)
    note = forms.CharField(label=_("Notiz"), max_length=2000, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Notiz zum Stand"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


def categories_of(template: PhaseTemplate, phase: str) -> list[tuple[str, str]]:
    return [(c.key, str(c.label)) for c in template.categories.get(phase, ())]
