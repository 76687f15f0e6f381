"""Forms of the review pages; the services validate again and name the field on refusal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.reviews.models import Review

SCORE_CHOICES = [
    ("", _("– noch offen –")),
    *[(str(value), str(value)) for value in range(6)],
    ("n/a", _("n/a (nicht anwendbar)")),
]


class DeclareForm(forms.Form):
    conflict = forms.ChoiceField(
        label=_("Befangenheit"),
        choices=[
            ("none", _("Ich bin nicht befangen (keine Befangenheit).")),
            ("declared", _("Ich bin befangen.")),
        ],
        widget=forms.RadioSelect(attrs={"class": "kern-radio__input"}),
    )
    reason = forms.CharField(
        label=_("Grund der Befangenheit"),
        required=False,
        max_length=300,
        help_text=_("Nur bei Befangenheit, z. B. „Ich arbeite beim Träger.“"),
        widget=forms.TextInput(attrs={"class": "kern-form-input__input"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund der Aufhebung"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "kern-form-input__input"}),
    )


class AssignForm(forms.Form):
    reviewer = forms.CharField(
        label=_("Benutzername der Gutachterin oder des Gutachters"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": "kern-form-input__input"}),
    )


class ScoreForm(forms.Form):
    """One field per criterion of the call (``criterion_<pk>``), recommendation and comment."""

    recommendation = forms.ChoiceField(
        label=_("Empfehlung"),
        required=False,
        choices=[("", _("– noch offen –")), *Review.Recommendation.choices],
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"class": "kern-form-input__input", "rows": 5}),
    )

    def __init__(self, *args, criteria=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.label,
                required=False,
                choices=SCORE_CHOICES,
                help_text=criterion.description,
                widget=forms.Select(attrs={"class": "kern-form-input__select"}),
            )
        order = [f"criterion_{c.pk}" for c in self.criteria] + ["recommendation", "comment"]
        self.order_fields(order)

    def criterion_fields(self):
        return [self[f"criterion_{c.pk}"] for c in self.criteria]

    def scores(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}", "") for c in self.criteria}


class AgendaForm(forms.Form):
    agenda_item = forms.TypedChoiceField(
        label=_("Tagesordnungspunkt"),
        coerce=int,
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )
    motion = forms.ChoiceField(
        label=_("Beschlussvorschlag"),
        choices=Proposal.Motion.choices,
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )
    approved_amount = forms.CharField(
        label=_("Zuschuss (EUR)"),
        required=False,
        help_text=_("Nur bei Befürwortung; höchstens zwei Nachkommastellen, z. B. 45000.00."),
        widget=forms.TextInput(attrs={"class": "kern-form-input__input", "inputmode": "decimal"}),
    )
    conditions = forms.CharField(
        label=_("Auflagen"),
        required=False,
        widget=forms.Textarea(attrs={"class": "kern-form-input__input", "rows": 3}),
    )
    decision_reasons = forms.CharField(
        label=_("Begründung"),
        required=False,
        help_text=_("Bei Ablehnung und erbetener Überarbeitung erforderlich."),
        widget=forms.Textarea(attrs={"class": "kern-form-input__input", "rows": 3}),
    )
    rank = forms.IntegerField(
        label=_("Rang"),
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"class": "kern-form-input__input"}),
    )

    def __init__(self, *args, items=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = [
            (item.pk, f"{item.meeting.title} ({item.meeting.date:%d.%m.%Y}) – {item}")
            for item in items
        ]


class ExternalForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Bescheid"),
        choices=[("funded", _("bewilligt")), ("not_funded", _("nicht bewilligt"))],
        widget=forms.RadioSelect(attrs={"class": "kern-radio__input"}),
    )
    external_decision_on = forms.DateField(
        label=_("Bescheid vom"),
        widget=forms.DateInput(attrs={"class": "kern-form-input__input", "type": "date"}),
    )
    external_reference = forms.CharField(
        label=_("Aktenzeichen des Bescheids"),
        max_length=120,
        widget=forms.TextInput(attrs={"class": "kern-form-input__input"}),
    )
