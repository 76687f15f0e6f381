"""Forms of the project pages; they parse input, the services check the rules and the sums."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.calls.models import CostType
from fachkraefte.web.projects.models import ProjectPerson

INPUT = {"class": "kern-form-input__input"}


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label=_("Meilenstein"), max_length=200, widget=forms.TextInput(attrs=INPUT)
    )
    due_on = forms.DateField(
        label=_("fällig am"),
        widget=forms.DateInput(attrs={"type": "date", **INPUT}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Vermerk"), max_length=300, required=False, widget=forms.TextInput(attrs=INPUT)
    )


class PersonForm(forms.Form):
    identifier = forms.CharField(
        label=_("Benutzername oder E-Mail-Adresse"),
        max_length=254,
        widget=forms.TextInput(attrs=INPUT),
    )
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=ProjectPerson.Role.choices,
        widget=forms.RadioSelect,
        initial=ProjectPerson.Role.REPORTING,
    )


class BudgetForm(forms.Form):
    """One amount per cost type; empty counts as zero."""

    def __init__(self, *args, initial_amounts: dict[str, object] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in CostType.choices:
            self.fields[value] = forms.DecimalField(
                label=label,
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                initial=(initial_amounts or {}).get(value),
                widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal", **INPUT}),
            )

    def amounts(self) -> dict[str, object]:
        return {key: value for key, value in self.cleaned_data.items() if value}
