"""Forms of the catalogue pages: field checks here, the shared checks in
``services.entry_validate`` (added field by field, so each message sits at its field)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.calls.models import TargetGroup
from fachkraefte.web.core.models import Region
from fachkraefte.web.knowledge.models import ActionArea, GoodPractice, Measure

DATE = {
    "input_formats": ["%Y-%m-%d", "%d.%m.%Y"],
    "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "error_messages": {"invalid": _("Bitte ein Datum wie 2025-03-31 oder 31.03.2025 eingeben.")},
}


class CodeListField(forms.CharField):
    """KldB codes separated by commas or spaces ("813, 821") → ["813", "821"]."""

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:
        return [code for code in re.split(r"[\s,;]+", super().to_python(value) or "") if code]


class LinkListField(forms.CharField):
    """Web addresses, one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:
        lines = (super().to_python(value) or "").splitlines()
        return [line.strip() for line in lines if line.strip()]


def _catalogue_fields() -> dict[str, forms.Field]:
    return {
        "action_areas": forms.MultipleChoiceField(
            label=_("Handlungsfelder"),
            choices=ActionArea.choices,
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 4}),
        ),
        "target_groups": forms.MultipleChoiceField(
            label=_("Zielgruppen"),
            choices=TargetGroup.choices,
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 7}),
        ),
        "occupations": CodeListField(
            label=_("Berufe (KldB 2010)"),
            required=False,
            help_text=_(
                "Dreistellige Codes der Berufsgruppen, durch Komma getrennt, z. B. 813, 821."
            ),
        ),
    }


class AllianceChoiceMixin:
    """The alliance an entry is proposed for: the user's alliances; the office may leave it empty."""

    def add_alliance(self, alliances, *, office: bool) -> None:
        self.fields["alliance"] = forms.ModelChoiceField(
            label=_("Allianz"),
            queryset=alliances,
            required=not office,
            empty_label=_("keine (Koordinierungsstelle)") if office else None,
            help_text=_("Ihre Mitglieder bearbeiten den Eintrag mit der Koordinierungsstelle."),
        )


class MeasureForm(AllianceChoiceMixin, forms.ModelForm):
    land = forms.ModelChoiceField(
        label=_("Land"),
        queryset=Region.objects.filter(level=Region.Level.LAND).order_by("name"),
        required=False,
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Kreise, in denen die Maßnahme läuft"),
        queryset=Region.objects.filter(level=Region.Level.KREIS).order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    starts_on = forms.DateField(label=_("Beginn"), required=False, **DATE)
    ends_on = forms.DateField(label=_("Ende"), required=False, **DATE)
    links = LinkListField(label=_("Links"), required=False, help_text=_("Eine Adresse je Zeile."))
    origin_url = forms.URLField(
        label=_("Herkunft (Adresse)"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Measure
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "provider",
            "land",
            "districts",
            "starts_on",
            "ends_on",
            "activity",
            "funding_source",
            "contact",
            "links",
            "origin_url",
            "source",
        ]

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_catalogue_fields())
        if not creating:
            del self.fields["slug"]
        if self.instance.pk:
            for name in ("action_areas", "target_groups", "occupations"):
                self.initial[name] = getattr(self.instance, name)

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("slug", None)
        data.pop("alliance", None)
        data["districts"] = list(data.get("districts") or [])
        return data


class PracticeForm(AllianceChoiceMixin, forms.ModelForm):
    district = forms.ModelChoiceField(
        label=_("Kreis"),
        queryset=Region.objects.filter(level=Region.Level.KREIS).order_by("name"),
    )
    published_month = forms.DateField(
        label=_("Monat der Vorstellung"),
        help_text=_("Ein Tag des Monats genügt, z. B. 2020-08-01."),
        **DATE,
    )
    video_url = forms.URLField(
        label=_("Video (Adresse)"),
        required=False,
        assume_scheme="https",
        help_text=_("Wird erst nach Zustimmung der Besucherin oder des Besuchers geladen."),
    )
    source_url = forms.URLField(label=_("Quelle (Adresse)"), required=False, assume_scheme="https")

    class Meta:
        model = GoodPractice
        fields = [
            "employer",
            "title",
            "slug",
            "district",
            "place",
            "sector",
            "size",
            "published_month",
            "summary",
            "finding",
            "binding",
            "keeping",
            "recommendations",
            "video_url",
            "source_url",
            "source",
        ]

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_catalogue_fields())
        if not creating:
            del self.fields["slug"]
        if self.instance.pk:
            for name in ("action_areas", "target_groups", "occupations"):
                self.initial[name] = getattr(self.instance, name)

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("slug", None)
        data.pop("alliance", None)
        return data
