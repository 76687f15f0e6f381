"""The upload form of the coordination office."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.statistics.sources import IMPORT_SOURCES

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("Art der Datei (Quelle)"))
    file = forms.FileField(
        label=gettext_lazy("Datei"),
        help_text=gettext_lazy(
            "Die Datei wie von BA oder Destatis veröffentlicht (XLSX oder CSV), höchstens 50 MB."
        ),
    )
    reference_date = forms.DateField(
        label=gettext_lazy("Stichtag (nur wenn die Datei keinen nennt)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Format JJJJ-MM-TT, z. B. 2023-06-30."),
    )
    variant = forms.CharField(
        label=gettext_lazy("Variante (nur Bevölkerungsvorausberechnungen)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Code oder Bezeichnung der Variante, z. B. BEV-VARIANTE-02."),
    )
    dry_run = forms.BooleanField(label=gettext_lazy("nur prüfen, nichts speichern"), required=False)
    make_current = forms.BooleanField(
        label=gettext_lazy("als aktuellen Datenstand verwenden (auch wenn schon einer da ist)"),
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (key, _(source.label)) for key, source in IMPORT_SOURCES.items()
        ]

    def clean(self) -> dict:
        data = super().clean()
        source = IMPORT_SOURCES.get(data.get("source") or "")
        upload = data.get("file")
        if source is not None and upload is not None:
            suffix = Path(upload.name or "").suffix.casefold()
            if suffix not in source.suffixes:
                self.add_error(
                    "file",
                    _(
                        "Die Datei „%(name)s“ hat die Endung „%(suffix)s“; für diese Quelle sind "
                        "%(allowed)s erlaubt."
                    )
                    % {
                        "name": upload.name,
                        "suffix": suffix or "–",
                        "allowed": ", ".join(source.suffixes),
                    },
                )
            if upload.size > MAX_UPLOAD_BYTES:
                self.add_error(
                    "file",
                    _("Die Datei ist %(size)d MB groß; erlaubt sind höchstens 50 MB.")
                    % {"size": upload.size // (1024 * 1024)},
                )
        if data.get("variant") and source is not None and not source.takes_variant:
            self.add_error("variant", _("Eine Variante gibt es nur bei Bevölkerungsdateien."))
        return data
