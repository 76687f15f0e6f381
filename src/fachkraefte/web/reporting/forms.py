"""Forms of the report pages: the text, a PDF attachment, the office's review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

INPUT = {"class": "kern-form-input__input"}


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("Sachbericht"),
        required=False,
        help_text=_(
            "Was wurde im Berichtszeitraum getan und erreicht, was verzögert sich und warum?"
        ),
        widget=forms.Textarea(attrs={"rows": 12, **INPUT}),
    )


class AttachmentForm(forms.Form):
    title = forms.CharField(
        label=_("Titel der Anlage"), max_length=200, widget=forms.TextInput(attrs=INPUT)
    )
    file = forms.FileField(label=_("Datei (PDF)"), widget=forms.ClearableFileInput(attrs=INPUT))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Ergebnis der Prüfung"),
        choices=[("accept", _("Bericht annehmen")), ("changes", _("Änderungen erbitten"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anmerkung"),
        required=False,
        help_text=_("Bei „Änderungen erbitten“: was geändert werden soll."),
        widget=forms.Textarea(attrs={"rows": 5, **INPUT}),
    )
