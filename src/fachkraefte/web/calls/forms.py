"""Forms of the call pages: field checks here, the checks against the programme in
``services.call_validate`` (added to the form field by field, so each message sits at its field)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.alliances.models import ActionField, Alliance, Priority
from fachkraefte.web.calls import services
from fachkraefte.web.calls.models import Call, CostType, TargetGroup
from fachkraefte.web.core.models import Region
from fachkraefte.web.funding.models import Earmark
from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.programmes.models import Programme

DATE = {
    "input_formats": ["%Y-%m-%d", "%d.%m.%Y"],
    "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "error_messages": {"invalid": _("Bitte ein Datum wie 2025-03-31 oder 31.03.2025 eingeben.")},
}
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}
MONEY_MESSAGES = {
    "max_decimal_places": _("Bitte höchstens zwei Nachkommastellen (Cent) angeben."),
    "invalid": _("Bitte einen Betrag in Euro angeben, z. B. 25000 oder 25000,50."),
}


class CallForm(forms.ModelForm):
    """A draft call. The grant rate is entered in percent and stored as a fraction."""

    grant_rate_percent = forms.DecimalField(
        label=_("Höchste Förderquote (%)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Anteil der förderfähigen Ausgaben, höchstens die Grenze des Programms."),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Zielgruppen"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 7}),
    )
    eligible_cost_types = forms.MultipleChoiceField(
        label=_("Förderfähige Ausgabearten"),
        choices=CostType.choices,
        widget=forms.SelectMultiple(attrs={"size": 9}),
        error_messages={"required": _("Bitte mindestens eine förderfähige Ausgabeart wählen.")},
    )
    applicant_categories = forms.MultipleChoiceField(
        label=_("Zugelassene Antragsteller"),
        choices=PartnerCategory.choices,
        required=False,
        help_text=_("Leer: alle Arten von Trägern."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    opens_on = forms.DateField(label=_("Einreichung ab"), **DATE)
    closes_on = forms.DateField(label=_("Einreichung bis"), required=False, **DATE)
    min_amount = forms.DecimalField(
        label=_("Mindestzuschuss (EUR)"), required=False, error_messages=MONEY_MESSAGES, **MONEY
    )
    max_amount = forms.DecimalField(
        label=_("Höchstzuschuss (EUR)"), required=False, error_messages=MONEY_MESSAGES, **MONEY
    )

    class Meta:
        model = Call
        fields = [
            "title",
            "summary",
            "description",
            "opens_on",
            "closes_on",
            "rolling",
            "budget_year",
            "earmark",
            "action_fields",
            "priorities",
            "target_groups",
            "interest_max_chars",
            "applicant_categories",
            "districts",
            "min_amount",
            "max_amount",
            "min_months",
            "max_months",
            "eligible_cost_types",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "action_fields": forms.SelectMultiple(attrs={"size": 5}),
            "priorities": forms.SelectMultiple(attrs={"size": 5}),
            "districts": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, programme: Programme, alliance: Alliance | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme, self.alliance = programme, alliance
        self.fields["earmark"].queryset = Earmark.objects.filter(programme=programme)
        self.fields["action_fields"].queryset = ActionField.objects.filter(alliance=alliance)
        self.fields["priorities"].queryset = Priority.objects.filter(alliance=alliance)
        kreise = Region.objects.filter(level=Region.Level.KREIS)
        if alliance is not None and alliance.districts.exists():
            kreise = alliance.districts.all()
        self.fields["districts"].queryset = kreise.order_by("name")
        self.fields["districts"].help_text = _("Leer: das ganze Gebiet der Allianz.")
        if self.instance.pk:
            self.initial["grant_rate_percent"] = self.instance.max_grant_rate * 100
        else:
            cap = services.programme_max_rate(programme)
            if cap is not None:
                self.initial.setdefault("grant_rate_percent", cap * 100)

    def values(self) -> dict[str, Any]:
        """The cleaned values as the services take them."""
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        for name in ("action_fields", "priorities", "districts"):
            data[name] = list(data[name] or [])
        percent = self.cleaned_data.get("grant_rate_percent")
        data["max_grant_rate"] = (percent / 100) if percent is not None else None
        return data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        values = self.values()
        errors = services.call_validate(
            programme=self.programme, alliance=self.alliance, values=values
        )
        for field, messages in errors.items():
            target = "grant_rate_percent" if field == "max_grant_rate" else field
            for message in messages:
                if target in self.fields and target not in self.errors:
                    self.add_error(target, message)
                elif target not in self.fields:
                    self.add_error(None, message)
        return cleaned

    def _post_clean(self) -> None:
        # The services write the record (audited); the rate is set from the percent field.
        percent = self.cleaned_data.get("grant_rate_percent")
        if percent is not None:
            self.instance.max_grant_rate = percent / 100
        super()._post_clean()


class CallCreateForm(CallForm):
    """The first page of a new call also names its alliance (or programme) and short name."""

    slug = forms.SlugField(
        label=_("Kurzname in der Adresse"),
        max_length=80,
        help_text=_("Kleinbuchstaben, Ziffern und Bindestriche, z. B. goerlitz-2025."),
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Call.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Diesen Kurznamen trägt schon ein Aufruf."))
        return slug


class CriterionForm(forms.Form):
    label = forms.CharField(label=_("Kriterium"), max_length=200)
    description = forms.CharField(
        label=_("Erläuterung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel des Dokuments"), max_length=200)
    file = forms.FileField(label=_("Datei (PDF)"))
