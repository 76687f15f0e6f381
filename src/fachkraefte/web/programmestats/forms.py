"""The office's upload form for a funder's list of historic projects."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmestats.historic_file import SUFFIXES

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class HistoricImportForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programm"),
        queryset=Programme.objects.order_by("name"),
        to_field_name="slug",
        empty_label=None,
    )
    file = forms.FileField(
        label=gettext_lazy("Förderliste"),
        help_text=gettext_lazy(
            "CSV oder XLSX mit den Spalten Projekt, Zuwendungsempfänger, Kreis, Betrag, Jahr "
            "(optional Handlungsfeld, Thema, Beginn, Ende), höchstens 20 MB."
        ),
    )
    dry_run = forms.BooleanField(label=gettext_lazy("nur prüfen, nichts speichern"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.casefold()
        if suffix not in SUFFIXES:
            raise forms.ValidationError(
                _("Die Datei „%(name)s“ ist keine CSV- oder XLSX-Datei.") % {"name": upload.name}
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Die Datei ist größer als 20 MB."))
        return upload
