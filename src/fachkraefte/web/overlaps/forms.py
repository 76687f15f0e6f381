from django import forms
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.overlaps.models import OverlapLabel


class OverlapLabelForm(forms.Form):
    candidate_key = forms.CharField(max_length=40, widget=forms.HiddenInput)
    verdict = forms.ChoiceField(
        label=_("Bewertung"), choices=OverlapLabel.Verdict.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Begründung"), max_length=2000, widget=forms.Textarea)
