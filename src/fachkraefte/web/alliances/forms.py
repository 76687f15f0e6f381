"""Forms of the alliance pages; the services validate again, so these are about good messages."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fachkraefte import geo
from fachkraefte.web.alliances.models import (
    ActionField,
    Alliance,
    AllianceRole,
    Commitment,
    Expert,
    Membership,
    Priority,
    ProjectGroup,
    StrategyVersion,
)
from fachkraefte.web.core.models import Region
from fachkraefte.web.organisations.models import Organisation
from fachkraefte.web.organisations.selectors import PICKER_LIMIT, organisation_search


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%Y-%m-%d", **kwargs)


def resolve_districts(text: str) -> tuple[list[Region], list[str]]:
    """Kreise from AGS codes or names separated by commas, semicolons or lines; (found, errors)."""
    found: list[Region] = []
    errors: list[str] = []
    for entry in (part.strip() for part in re.split(r"[,;\n]", text or "")):
        if not entry:
            continue
        try:
            region = geo.find_region(entry, level="kreis")
        except geo.AmbiguousRegionError as error:
            listed = "; ".join(f"{r.ags} {r.name}" for r in error.candidates)
            errors.append(
                gettext("„%(entry)s“ ist mehrdeutig (%(listed)s) – bitte den AGS angeben.")
                % {"entry": entry, "listed": listed}
            )
            continue
        except geo.RegionLookupError as error:
            hint = "; ".join(f"{r.ags} {r.name}" for r in getattr(error, "suggestions", []))
            message = gettext("„%(entry)s“ ist kein bekannter Kreis.") % {"entry": entry}
            if hint:
                message += " " + gettext("Meinten Sie: %(hint)s?") % {"hint": hint}
            errors.append(message)
            continue
        row = Region.objects.filter(ags=region.ags).first()
        if row is None:
            errors.append(
                gettext("Kreis %(ags)s fehlt in der Datenbank (Regionen nicht geladen).")
                % {"ags": region.ags}
            )
        elif row not in found:
            found.append(row)
    return found, errors


class AllianceForm(forms.ModelForm):
    district_list = forms.CharField(
        label=_("Kreise"),
        help_text=_(
            "AGS oder Namen der Kreise und kreisfreien Städte, durch Komma getrennt, "
            "z. B. „06611, 06633“ oder „Landkreis Görlitz“."
        ),
    )

    class Meta:
        model = Alliance
        fields = [
            "name",
            "programme",
            "description",
            "consensus_rule",
            "founded_on",
            "recognised_until",
        ]
        widgets = {
            "founded_on": DateInput(),
            "recognised_until": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.order_fields(["name", "programme", "district_list"])
        self.fields["programme"].empty_label = gettext("– kein Programm –")
        if self.instance.pk and not self.is_bound:
            self.initial["district_list"] = ", ".join(
                f"{region.ags} {region.name}" for region in self.instance.districts.all()
            )

    def clean_district_list(self) -> list[Region]:
        # "06611 Kassel" (as the edit form shows them) is read as its AGS
        text = re.sub(r"\b(\d{5})\b[^,;\n]*", r"\1", self.cleaned_data["district_list"])
        districts, errors = resolve_districts(text)
        if errors:
            raise forms.ValidationError(errors)
        if not districts:
            raise forms.ValidationError(gettext("Bitte mindestens einen Kreis angeben."))
        return districts

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("founded_on"), data.get("recognised_until")
        if start and end and end < start:
            self.add_error(
                "recognised_until",
                gettext("„Anerkannt bis“ liegt vor dem Gründungsdatum."),
            )
        return data


def _organisation_label(org: Organisation) -> str:
    return f"{org.name} ({org.get_category_display()})"


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "joined_on", "note"]
        widgets = {"joined_on": DateInput()}

    def __init__(
        self, *args: Any, alliance: Alliance, picker: dict[str, str] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        self.instance.alliance = alliance
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.exclude(memberships__alliance=alliance)
        field.empty_label = gettext("– Organisation wählen –")
        field.label_from_instance = _organisation_label
        field.error_messages["invalid_choice"] = gettext(
            "Diese Organisation gibt es nicht oder sie ist schon Mitglied."
        )
        # The picker shows at most PICKER_LIMIT organisations that match its search; any other
        # non-member is still accepted, so a filter changed after choosing does no harm.
        self.picker = {key: (picker or {}).get(key, "") for key in ("query", "land", "category")}
        shown = list(organisation_search(exclude_alliance=alliance, **self.picker))
        chosen = self.data.get(self.add_prefix("organisation")) if self.is_bound else None
        if chosen and str(chosen).isdigit() and all(org.pk != int(chosen) for org in shown):
            shown += list(field.queryset.filter(pk=int(chosen)))
        self.picker_count = len(shown)
        self.picker_full = len(shown) >= PICKER_LIMIT
        field.widget.choices = [("", field.empty_label)] + [
            (org.pk, _organisation_label(org)) for org in shown
        ]


class RoleForm(forms.Form):
    username = forms.CharField(
        label=_("Benutzername"), help_text=_("Das Benutzerkonto der Person."), max_length=150
    )
    kind = forms.ChoiceField(label=_("Rolle"), choices=AllianceRole.Kind.choices)
    membership = forms.ModelChoiceField(
        label=_("für Mitgliedsorganisation"), queryset=Membership.objects.none(), required=False
    )

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        self.fields["membership"].queryset = alliance.memberships.select_related("organisation")
        self.fields["membership"].label_from_instance = lambda m: m.organisation.name

    def clean_username(self) -> Any:
        name = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                gettext("Es gibt kein aktives Benutzerkonto „%(name)s“.") % {"name": name}
            )
        if AllianceRole.objects.filter(alliance=self.alliance, user=user).exists():
            raise forms.ValidationError(
                gettext("%(name)s hat in dieser Allianz schon eine Rolle.") % {"name": name}
            )
        return user


class ActionFieldForm(forms.ModelForm):
    class Meta:
        model = ActionField
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class PriorityForm(forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["title", "action_field", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["action_field"].queryset = alliance.action_fields.all()
        self.fields["action_field"].empty_label = gettext("– übergreifend –")


class ProjectGroupForm(forms.ModelForm):
    class Meta:
        model = ProjectGroup
        fields = ["name", "action_field", "topic"]
        widgets = {"topic": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["action_field"].queryset = alliance.action_fields.all()
        self.fields["action_field"].empty_label = gettext("– keines –")


class ExpertForm(forms.ModelForm):
    class Meta:
        model = Expert
        fields = ["name", "nominated_by", "expertise", "email"]

    def __init__(self, *args: Any, memberships: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["nominated_by"].queryset = memberships.select_related("organisation")
        self.fields["nominated_by"].label_from_instance = lambda m: m.organisation.name
        self.fields["nominated_by"].empty_label = gettext("– Mitglied wählen –")


class StrategyVersionForm(forms.ModelForm):
    class Meta:
        model = StrategyVersion
        fields = ["title", "text", "note"]
        widgets = {"text": forms.Textarea(attrs={"rows": 18})}
        help_texts = {
            "note": _("Was hat sich gegenüber der vorigen Version geändert?"),
            "text": _(
                "Jeder Absatz in einer eigenen Zeile; Versionen werden zeilenweise verglichen."
            ),
        }


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["title", "membership", "action_field", "due_on", "status", "description"]
        widgets = {"due_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = alliance.memberships.select_related("organisation")
        self.fields["membership"].label_from_instance = lambda m: m.organisation.name
        self.fields["membership"].empty_label = gettext("– Mitglied wählen –")
        self.fields["action_field"].queryset = alliance.action_fields.all()
        self.fields["action_field"].empty_label = gettext("– keines –")


class CommitmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Commitment.Status.choices)
