"""Forms of the workshop pages: field checks here, the checks across fields in
``services.workshop_validate`` (added to the form field by field)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.core.models import Region
from fachkraefte.web.organisations.models import Organisation
from fachkraefte.web.workshops.models import StakeholderGroup, Workshop, WorkshopFile
from fachkraefte.web.workshops.services import FIELDS

DATE = {
    "input_formats": ["%Y-%m-%d", "%d.%m.%Y"],
    "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "error_messages": {"invalid": _("Bitte ein Datum wie 2027-03-31 oder 31.03.2027 eingeben.")},
}
TIME = {
    "input_formats": ["%H:%M"],
    "widget": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    "error_messages": {"invalid": _("Bitte eine Uhrzeit wie 09:30 eingeben.")},
}


class WorkshopForm(forms.ModelForm):
    """The plan of a workshop; date and times are entered apart and stored as two moments."""

    date = forms.DateField(label=_("Datum"), **DATE)
    start_time = forms.TimeField(label=_("Beginn (Uhrzeit)"), **TIME)
    end_time = forms.TimeField(label=_("Ende (Uhrzeit)"), **TIME)
    online_link = forms.URLField(
        label=_("Link zur Online-Teilnahme"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Workshop
        fields = [
            "title",
            "kind",
            "description",
            "districts",
            "regierungsbezirk",
            "venue",
            "online_link",
            "organiser",
            "moderator",
            "forecast_presenter",
            "capacity",
            "offer_hold_hours",
            "reminder_days",
            "public",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "districts": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "districts": _("Ein Kreis oder mehrere (z. B. Kreis und Stadt Kassel)."),
            "regierungsbezirk": _(
                "Nur für einen Zukunftsdialog; leer: die zentrale Veranstaltung."
            ),
            "organiser": _("In der Regel die Wirtschaftsförderung des Kreises."),
            "offer_hold_hours": _(
                "So lange hält die Plattform einen frei gewordenen Platz für die nächste Person "
                "auf der Warteliste."
            ),
            "public": _("Öffentlich: für alle sichtbar und im Kalender-Abonnement."),
        }

    def __init__(self, *args: Any, land: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kreise = Region.objects.filter(level=Region.Level.KREIS).order_by("name")
        bezirke = Region.objects.filter(level=Region.Level.REGIERUNGSBEZIRK).order_by("name")
        if land:
            kreise, bezirke = kreise.filter(land=land), bezirke.filter(land=land)
        self.fields["districts"].queryset = kreise
        self.fields["regierungsbezirk"].queryset = bezirke
        self.fields["organiser"].queryset = Organisation.objects.order_by("name")
        if self.instance.pk:
            start = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("date", start.date())
            self.initial.setdefault("start_time", start.time().replace(second=0))
            self.initial.setdefault(
                "end_time", timezone.localtime(self.instance.ends_at).time().replace(second=0)
            )

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments (without the districts)."""
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        values = {name: data[name] for name in self.Meta.fields if name in FIELDS}
        values["starts_at"] = dt.datetime.combine(data["date"], data["start_time"], tzinfo=tz)
        values["ends_at"] = dt.datetime.combine(data["date"], data["end_time"], tzinfo=tz)
        return values


class WorkshopCreateForm(WorkshopForm):
    slug = forms.SlugField(
        label=_("Kurzname in der Adresse"),
        max_length=80,
        help_text=_("Kleinbuchstaben, Ziffern und Bindestriche, z. B. zw-fulda-2027."),
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Workshop.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Diesen Kurznamen trägt schon eine Werkstatt."))
        return slug


class AgendaEntryForm(forms.Form):
    starts_at = forms.TimeField(label=_("Uhrzeit"), required=False, **TIME)
    title = forms.CharField(label=_("Programmpunkt"), max_length=300)
    speaker = forms.CharField(label=_("Referentin / Referent"), max_length=200, required=False)


class InvitationForm(forms.Form):
    group = forms.ChoiceField(label=_("Gruppe"), choices=StakeholderGroup.choices)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisationen"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Eingeladen werden ihre Vertreterinnen und Vertreter."),
    )
    emails = forms.CharField(
        label=_("Gäste (E-Mail-Adressen)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eine Adresse je Zeile oder durch Komma getrennt."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")

    def clean_emails(self) -> list[str]:
        text = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n")
        emails = [line.strip() for line in text.splitlines() if line.strip()]
        wrong = []
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                wrong.append(email)
        if wrong:
            raise forms.ValidationError(
                _("Keine gültige E-Mail-Adresse: %(list)s"), params={"list": ", ".join(wrong)}
            )
        return emails

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("organisations") and not data.get("emails") and not self.errors:
            raise forms.ValidationError(_("Bitte Organisationen oder E-Mail-Adressen angeben."))
        return data


class RegistrationForm(forms.Form):
    organisation_name = forms.CharField(
        label=_("Organisation (für die Teilnehmendenliste)"), max_length=200, required=False
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Zusammenfassung"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )


class FileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Art"), choices=WorkshopFile.Kind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    alt_text = forms.CharField(
        label=_("Bildbeschreibung (bei Fotos)"),
        max_length=300,
        required=False,
        help_text=_("Was das Foto zeigt, für Menschen, die es nicht sehen."),
    )
    file = forms.FileField(label=_("Datei"))
