"""Forms of the programme editor: the programme and one form per composition rule (seat)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.core.models import Region
from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.programmes.models import CompositionRule, Programme


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["slug", "name", "land", "description", "source", "default_consensus_rule"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["land"].queryset = Region.objects.filter(level=Region.Level.LAND).order_by(
            "name"
        )
        self.fields["land"].label_from_instance = lambda region: region.name


class CompositionRuleForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("Partnerkategorien"),
        choices=PartnerCategory.choices,
        help_text=_("Jede gewählte Kategorie kann den Sitz besetzen."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = CompositionRule
        fields = [
            "position",
            "label",
            "categories",
            "min_count",
            "min_inhabitants",
            "district_towns",
            "required",
        ]


RuleFormSet = forms.inlineformset_factory(
    Programme,
    CompositionRule,
    form=CompositionRuleForm,
    extra=1,
    can_delete=True,
)
