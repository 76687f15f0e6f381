"""The report's outcome form: participant counts and results as rows, and the import upload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.occupations.job_titles import known_code
from fachkraefte.web.calls.models import TargetGroup
from fachkraefte.web.core.models import Region
from fachkraefte.web.outcomes.models import ParticipantCount
from fachkraefte.web.outcomes.template_file import SUFFIXES

INPUT = {"class": "kern-form-input__input"}
SELECT = {"class": "kern-form-input__select"}
EXTRA_ROWS = 3
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class ParticipantForm(forms.Form):
    target_group = forms.ChoiceField(
        label=gettext_lazy("Zielgruppe"),
        choices=[("", "–"), *TargetGroup.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    sex = forms.ChoiceField(
        label=gettext_lazy("Geschlecht"),
        choices=[("", "–"), *ParticipantCount.Sex.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    count = forms.IntegerField(
        label=gettext_lazy("Anzahl"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        widget=forms.NumberInput(attrs=INPUT),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given = [data.get("target_group"), data.get("sex"), data.get("count")]
        if any(v not in (None, "") for v in given) and any(v in (None, "") for v in given):
            raise forms.ValidationError(_("Zielgruppe, Geschlecht und Anzahl gehören zusammen."))
        return data


class ResultForm(forms.Form):
    what = forms.CharField(
        label=gettext_lazy("Ergebnis"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
    )
    count = forms.IntegerField(
        label=gettext_lazy("Anzahl"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        widget=forms.NumberInput(attrs=INPUT),
    )
    occupation = forms.CharField(
        label=gettext_lazy("Beruf (KldB)"),
        max_length=5,
        required=False,
        widget=forms.TextInput(attrs={**INPUT, "inputmode": "numeric"}),
    )
    district = forms.CharField(
        label=gettext_lazy("Kreis (AGS)"),
        max_length=5,
        required=False,
        widget=forms.TextInput(attrs={**INPUT, "inputmode": "numeric"}),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Jahr"),
        min_value=2000,
        max_value=2100,
        required=False,
        widget=forms.NumberInput(attrs=INPUT),
    )

    def clean_occupation(self) -> str:
        code = (self.cleaned_data.get("occupation") or "").strip()
        if code and not (len(code) in (3, 5) and code.isdigit() and known_code(code)):
            raise forms.ValidationError(
                _("„%(code)s“ ist kein Schlüssel der KldB 2010.") % {"code": code}
            )
        return code

    def clean_district(self) -> str:
        ags = (self.cleaned_data.get("district") or "").strip()
        if ags and not Region.objects.filter(ags=ags, level=Region.Level.KREIS).exists():
            raise forms.ValidationError(_("„%(ags)s“ ist kein Kreis (AGS).") % {"ags": ags})
        return ags

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filled = any(data.get(k) not in (None, "") for k in self.fields)
        if filled:
            for key in ("what", "count", "year"):
                if data.get(key) in (None, ""):
                    self.add_error(key, _("Angabe fehlt."))
        return data


class BaseParticipantFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        seen: set[tuple[str, str]] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {}) or {}
            key = (data.get("target_group") or "", data.get("sex") or "")
            if all(key) and key in seen:
                raise forms.ValidationError(
                    _("Jede Zielgruppe mit jedem Geschlecht nur einmal, bitte zusammenzählen.")
                )
            seen.add(key)


ParticipantFormSet = forms.formset_factory(
    ParticipantForm, formset=BaseParticipantFormSet, extra=EXTRA_ROWS
)
ResultFormSet = forms.formset_factory(ResultForm, extra=EXTRA_ROWS)


def filled_rows(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The rows of a valid formset that hold something."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and any(v not in (None, "") for v in form.cleaned_data.values())
    ]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Ausgefüllte Vorlage (CSV oder XLSX)"),
        help_text=gettext_lazy(
            "Ersetzt alle Teilnehmenden und Ergebnisse dieses Berichts; höchstens 10 MB."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.casefold()
        if suffix not in SUFFIXES:
            raise forms.ValidationError(
                _("Erlaubt sind CSV- und XLSX-Dateien, nicht „%(suffix)s“.")
                % {"suffix": suffix or "–"}
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Die Datei ist größer als 10 MB."))
        return upload
