"""Forms of the funding pages: field checks only; the ledger's rules are in ``services``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.funding.models import Earmark
from fachkraefte.web.programmes.models import Programme

INPUT = "kern-form-input__input"
SELECT = "kern-form-input__select"


def amount_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        localize=True,
        error_messages={
            "min_value": _("Der Betrag muss mindestens 0,01 EUR sein."),
            "max_decimal_places": _("Beträge haben höchstens zwei Nachkommastellen."),
            "invalid": _("Bitte einen Betrag in Euro eingeben, z. B. 125000,50."),
        },
        help_text=_("In Euro, höchstens zwei Nachkommastellen, z. B. 125000,50."),
        widget=forms.TextInput(attrs={"class": INPUT, "inputmode": "decimal"}),
    )


class AllocationForm(forms.Form):
    amount = amount_field(_("Betrag (EUR)"))
    reference = forms.CharField(
        label=_("Aktenzeichen / Beleg"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"class": INPUT}),
    )
    note = forms.CharField(
        label=_("Vermerk"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": INPUT}),
    )


class PlanningRevisionForm(forms.Form):
    planned_total = amount_field(_("neues Planungsbudget (EUR)"))
    note = forms.CharField(
        label=_("Begründung"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": INPUT}),
    )


class BudgetForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programm"),
        queryset=Programme.objects.order_by("name"),
        widget=forms.Select(attrs={"class": SELECT}),
    )
    year = forms.IntegerField(
        label=_("Haushaltsjahr"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": f"{INPUT} kern-form-input__input--width-4"}),
    )
    alliance = forms.ModelChoiceField(
        label=_("Allianz"),
        queryset=Alliance.objects.order_by("name"),
        required=False,
        empty_label=_("keine: Programmmittel des Jahres"),
        widget=forms.Select(attrs={"class": SELECT}),
    )
    earmark = forms.ModelChoiceField(
        label=_("Zweckbindung"),
        queryset=Earmark.objects.select_related("programme"),
        required=False,
        empty_label=_("keine"),
        widget=forms.Select(attrs={"class": SELECT}),
    )
    planning_until = forms.IntegerField(
        label=_("Planungszeitraum bis"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("Nur für mehrjährige Planungsbudgets (Niedersachsen): das letzte Jahr."),
        widget=forms.NumberInput(attrs={"class": f"{INPUT} kern-form-input__input--width-4"}),
    )
