"""Forms of the payment pages: field checks only; the money's limits are in ``services``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.calls.models import CostType
from fachkraefte.web.funding.forms import INPUT, SELECT, amount_field
from fachkraefte.web.projects.models import Project

DATE = forms.DateInput(attrs={"class": INPUT, "type": "date"}, format="%Y-%m-%d")


def _optional_amount(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=True,
        error_messages={
            "min_value": _("Der Betrag darf nicht negativ sein."),
            "max_decimal_places": _("Beträge haben höchstens zwei Nachkommastellen."),
            "invalid": _("Bitte einen Betrag in Euro eingeben, z. B. 125000,50."),
        },
        help_text=_("In Euro, z. B. 2500,00; leer lassen, wenn nichts abgerufen wird."),
        widget=forms.TextInput(attrs={"class": INPUT, "inputmode": "decimal"}),
    )


class PaymentRequestForm(forms.Form):
    """One amount per cost type the project has approved, and what the money is for."""

    note = forms.CharField(
        label=_("Begründung / Verwendung"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "kern-form-input__input", "rows": 3}),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cost_types = list(project.budget_lines.values_list("cost_type", flat=True))
        for cost_type in self.cost_types:
            self.fields[f"amount_{cost_type}"] = _optional_amount(CostType(cost_type).label)
        self.order_fields([f"amount_{c}" for c in self.cost_types] + ["note"])

    def amount_fields(self) -> list[forms.BoundField]:
        return [self[f"amount_{cost_type}"] for cost_type in self.cost_types]

    def lines(self) -> dict[str, Decimal | None]:
        return {c: self.cleaned_data.get(f"amount_{c}") for c in self.cost_types}


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Begründung der Ablehnung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "kern-form-input__input", "rows": 3}),
    )


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Vermerk (optional)"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"class": INPUT}),
    )


class PayForm(forms.Form):
    paid_on = forms.DateField(label=_("ausgezahlt am"), widget=DATE)
    reference = forms.CharField(
        label=_("Aktenzeichen / Beleg"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"class": INPUT}),
    )


class RepaymentForm(forms.Form):
    cost_type = forms.ChoiceField(
        label=_("Ausgabeart"), widget=forms.Select(attrs={"class": SELECT})
    )
    amount = amount_field(_("Betrag (EUR)"))
    reason = forms.CharField(
        label=_("Grund"), max_length=300, widget=forms.TextInput(attrs={"class": INPUT})
    )
    received_on = forms.DateField(label=_("eingegangen am"), widget=DATE)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cost_type"].choices = [
            (line.cost_type, line.get_cost_type_display()) for line in project.budget_lines.all()
        ]
