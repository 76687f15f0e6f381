"""The forms of the proposal steps; they parse input, the services check the rules.

The API passes its body through the same step forms (``api.py``), so a field is read the same
way whichever way it arrives.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fachkraefte.occupations.job_titles import code_label, known_code
from fachkraefte.web.calls.models import CostType, TargetGroup
from fachkraefte.web.core.models import Region
from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.proposals.models import CoApplicant, Proposal
from fachkraefte.web.proposals.steps import is_interest

OUTCOME_ROWS = 3
TEXTAREA = {"rows": 5, "class": "kern-form-input__input"}
INPUT = {"class": "kern-form-input__input"}
TWO_DECIMALS = _("Beträge in Euro haben höchstens zwei Nachkommastellen.")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **INPUT}, format="%Y-%m-%d")


class StepForm(forms.Form):
    def __init__(self, *args, proposal: Proposal | None = None, call=None, **kwargs):
        self.proposal = proposal
        self.call = call if call is not None else proposal.call
        super().__init__(*args, **kwargs)


class CarrierForm(StepForm):
    organisation_name = forms.CharField(
        label=_("Träger"), max_length=200, widget=forms.TextInput(attrs=INPUT)
    )
    organisation_category = forms.ChoiceField(
        label=_("Art des Trägers"),
        choices=[("", "—"), *PartnerCategory.choices],
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )
    title = forms.CharField(
        label=_("Projekttitel"), max_length=200, widget=forms.TextInput(attrs=INPUT)
    )
    summary = forms.CharField(
        label=_("Kurzbeschreibung"), widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3})
    )
    description = forms.CharField(
        label=_("Vorhabenbeschreibung"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    starts_on = forms.DateField(label=_("Beginn"), required=False, widget=_date_input())
    ends_on = forms.DateField(label=_("Ende"), required=False, widget=_date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        interest = self.proposal is None or is_interest(self.proposal)
        limit = self.call.interest_max_chars
        if interest and limit:
            field = self.fields["description"]
            field.label = _("Interessenbekundung")
            field.help_text = _("Höchstens %(limit)s Zeichen (etwa zwei Seiten).") % {
                "limit": limit
            }


class GoalsForm(StepForm):
    target_groups = forms.MultipleChoiceField(
        label=_("Zielgruppen"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    expected_participants = forms.IntegerField(
        label=_("erwartete Teilnehmende"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs=INPUT),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(1, OUTCOME_ROWS + 1):
            self.fields[f"outcome_count_{row}"] = forms.IntegerField(
                label=_("Ergebnis %(row)s: Anzahl") % {"row": row},
                min_value=1,
                required=False,
                widget=forms.NumberInput(attrs=INPUT),
            )
            self.fields[f"outcome_what_{row}"] = forms.CharField(
                label=_("Ergebnis %(row)s: was (z. B. Pflegefachkräfte qualifiziert)")
                % {"row": row},
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs=INPUT),
            )
            self.fields[f"outcome_occupation_{row}"] = forms.CharField(
                label=_("Ergebnis %(row)s: Beruf (KldB)") % {"row": row},
                max_length=5,
                required=False,
                widget=forms.TextInput(attrs=INPUT),
            )
            self.fields[f"outcome_district_{row}"] = forms.CharField(
                label=_("Ergebnis %(row)s: Kreis (AGS)") % {"row": row},
                max_length=5,
                required=False,
                widget=forms.TextInput(attrs=INPUT),
            )

    def outcome_rows(self):
        return [
            [self[f"outcome_{part}_{row}"] for part in ("count", "what", "occupation", "district")]
            for row in range(1, OUTCOME_ROWS + 1)
        ]


class OccupationChoices(forms.MultipleChoiceField):
    """KldB codes: any code of the classification is a valid choice (found by the search)."""

    def valid_value(self, value: str) -> bool:
        return known_code(value)


def district_queryset(call):
    chosen = call.districts.all()
    if chosen.exists():
        return chosen
    return Region.objects.filter(level=Region.Level.KREIS)


class OccupationsForm(StepForm):
    occupations = OccupationChoices(
        label=_("Zielberufe (KldB)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("„%(value)s“ ist kein Schlüssel der KldB 2010."),
        },
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Kreise"),
        queryset=Region.objects.none(),
        widget=forms.SelectMultiple(attrs={"class": "kern-form-input__select", "size": 8}),
    )

    def __init__(self, *args, extra_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = district_queryset(self.call)
        codes = list(
            dict.fromkeys([*(self.proposal.occupations if self.proposal else []), *extra_codes])
        )
        self.fields["occupations"].choices = [(code, _label(code)) for code in codes]


def _label(code: str) -> str:
    return code_label(code)


class FinanceForm(StepForm):
    own_contribution = forms.DecimalField(
        label=_("Eigenanteil (EUR)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**INPUT, "step": "0.01"}),
    )
    other_funding = forms.DecimalField(
        label=_("Drittmittel (EUR)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**INPUT, "step": "0.01"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        eligible = set(self.call.eligible_cost_types)
        for value, label in CostType.choices:
            hint = "" if value in eligible else _(" – in diesem Aufruf nicht förderfähig")
            self.fields[f"amount_{value}"] = forms.DecimalField(
                label=_("%(type)s: Betrag (EUR)") % {"type": label},
                min_value=0,
                max_digits=14,
                decimal_places=2,
                required=False,
                help_text=hint,
                widget=forms.NumberInput(attrs={**INPUT, "step": "0.01"}),
            )
            self.fields[f"description_{value}"] = forms.CharField(
                label=_("%(type)s: Erläuterung") % {"type": label},
                max_length=300,
                required=False,
                widget=forms.TextInput(attrs=INPUT),
            )

        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.error_messages["max_decimal_places"] = TWO_DECIMALS

    def line_rows(self):
        return [
            (
                label,
                self[f"amount_{value}"],
                self[f"description_{value}"],
                value in self.call.eligible_cost_types,
            )
            for value, label in CostType.choices
        ]


class DeclarationForm(StepForm):
    other_funding_declared = forms.TypedChoiceField(
        label=_("Weitere öffentliche Förderung für dieses Vorhaben"),
        choices=[
            ("no", _("Nein: keine weitere öffentliche Förderung beantragt oder erhalten")),
            ("yes", _("Ja: weitere öffentliche Förderung beantragt oder erhalten")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    other_funding_details = forms.CharField(
        label=_("Angaben zu weiterer Förderung (Fördergeber, Betrag, Stand)"),
        required=False,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
    )
    confirmed = forms.BooleanField(
        label=_(
            "Ich versichere, dass die Angaben zur Doppelförderung vollständig und richtig sind."
        ),
    )


STEP_FORMS: dict[str, type[StepForm]] = {
    "traeger": CarrierForm,
    "ziele": GoalsForm,
    "berufe": OccupationsForm,
    "finanzplan": FinanceForm,
    "erklaerung": DeclarationForm,
}


def initial_for(proposal: Proposal, key: str) -> dict:
    """The stored answers of one step, as the step's form shows them."""
    p = proposal
    if key == "traeger":
        return {f: getattr(p, f) for f in CarrierForm.base_fields}
    if key == "ziele":
        data = {"target_groups": p.target_groups, "expected_participants": p.expected_participants}
        for row, outcome in enumerate(p.expected_outcomes[:OUTCOME_ROWS], start=1):
            for part in ("count", "what", "occupation", "district"):
                data[f"outcome_{part}_{row}"] = outcome.get(part, "")
        return data
    if key == "berufe":
        return {"occupations": p.occupations, "districts": list(p.districts.all())} if p.pk else {}
    if key == "finanzplan":
        data = {"own_contribution": p.own_contribution, "other_funding": p.other_funding}
        for line in p.budget_lines.all():
            data[f"amount_{line.cost_type}"] = line.amount
            data[f"description_{line.cost_type}"] = line.description
        return data
    if key == "erklaerung":
        if not p.declaration_given:
            return {}
        return {
            "other_funding_declared": "yes" if p.other_funding_declared else "no",
            "other_funding_details": p.other_funding_details,
            "confirmed": True,
        }
    return {}


class CoApplicantForm(forms.Form):
    identifier = forms.CharField(
        label=_("Benutzername oder E-Mail-Adresse"),
        max_length=254,
        widget=forms.TextInput(attrs=INPUT),
    )
    right = forms.ChoiceField(
        label=_("Recht"),
        choices=CoApplicant.Right.choices,
        widget=forms.RadioSelect,
        initial=CoApplicant.Right.VIEW,
    )


class RevisionRequestForm(forms.Form):
    text = forms.CharField(
        label=_("Was soll überarbeitet werden?"),
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=5000,
    )
