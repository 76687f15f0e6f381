"""The upload form of a proposal's attachments (the content check is ``core.uploads``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Titel der Anlage"), max_length=200)
    file = forms.FileField(
        label=_("Datei (PDF)"),
        error_messages={"required": _("Bitte eine PDF-Datei auswählen.")},
    )
