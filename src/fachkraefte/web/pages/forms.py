"""The edit form of a public page, in KERN UX markup (``accounts/_field.html``)."""

from __future__ import annotations

from django import forms

from fachkraefte.web.accounts.forms import KernFormMixin
from fachkraefte.web.pages.models import PublicPage


class PageForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = PublicPage
        fields = ["title", "body", "title_en", "body_en"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 24}),
            "body_en": forms.Textarea(attrs={"rows": 12}),
        }
