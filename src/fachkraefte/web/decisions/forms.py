"""Forms of the decisions pages: field checks only; the rules of the procedure are in ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.decisions.models import Vote

INPUT = "kern-form-input__input"


class MeetingForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": INPUT, "autocomplete": "off"}),
    )
    date = forms.DateField(
        label=_("Datum"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"class": INPUT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Bitte ein Datum wie 2025-03-31 oder 31.03.2025 eingeben.")},
    )
    location = forms.CharField(
        label=_("Ort"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": INPUT}),
    )


class AgendaItemForm(forms.Form):
    position = forms.IntegerField(
        label=_("TOP-Nummer"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("Leer lassen: der nächste freie TOP."),
        widget=forms.NumberInput(attrs={"class": f"{INPUT} kern-form-input__input--width-4"}),
    )
    title = forms.CharField(
        label=_("Titel"), max_length=200, widget=forms.TextInput(attrs={"class": INPUT})
    )
    description = forms.CharField(
        label=_("Beschlussvorlage"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"class": INPUT, "rows": 8}),
    )


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Ihr Votum"),
        choices=Vote.Choice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie Zustimmung, Einwand oder Enthaltung.")},
    )
    note = forms.CharField(
        label=_("Begründung (freiwillig)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"class": INPUT, "rows": 3}),
    )


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund der Befangenheit"),
        max_length=300,
        help_text=_(
            "Zum Beispiel: Ihre Organisation ist Antragstellerin. Nach der Erklärung können Sie "
            "sich zu diesem Punkt nur noch enthalten; ein bereits abgegebenes Votum wird zur "
            "Enthaltung."
        ),
        widget=forms.TextInput(attrs={"class": INPUT}),
    )


class ConflictRecordForm(forms.Form):
    """ "Befangenheit feststellen": the steering group or the coordination office records the
    conflict of a named voting member; ``members`` are the steering-group members to offer."""

    user = forms.ChoiceField(
        label=_("Mitglied der Steuerungsgruppe"),
        error_messages={
            "required": _("Bitte wählen Sie das befangene Mitglied."),
            "invalid_choice": _(
                "Befangenheit kann nur für Mitglieder der Steuerungsgruppe festgestellt werden."
            ),
        },
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )
    reason = forms.CharField(
        label=_("Anlass der Befangenheit"),
        max_length=300,
        help_text=_(
            "Das Mitglied kann sich danach zu diesem Punkt nur noch enthalten; ein bereits "
            "abgegebenes Votum wird zur Enthaltung. Die Feststellung steht mit Ihrem Namen im "
            "Änderungsprotokoll."
        ),
        widget=forms.TextInput(attrs={"class": INPUT}),
    )

    def __init__(self, *args, members=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("– bitte wählen –"))] + [
            (user.get_username(), user.get_full_name() or user.get_username()) for user in members
        ]
