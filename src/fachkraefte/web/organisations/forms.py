"""Forms for organisations and their representatives."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.core.models import Region
from fachkraefte.web.organisations.models import Organisation, Representative


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "category", "region", "inhabitants", "website"]
        help_texts = {
            "inhabitants": _(
                "Für Städte und Gemeinden: Regeln wie „über 10.000 Einwohner“ brauchen sie."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = Region.objects.filter(level=Region.Level.KREIS).order_by("name")
        region.label_from_instance = lambda r: f"{r.name} ({r.ags})"
        region.empty_label = gettext("– kein Kreis –")


class RepresentativeForm(forms.ModelForm):
    class Meta:
        model = Representative
        fields = ["name", "function", "email"]
