"""Forms of the account pages, rendered with the KERN UX classes (template ``accounts/_field.html``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.accounts.models import Invitation
from fachkraefte.web.accounts.rules import can_grant_group, manageable_alliances
from fachkraefte.web.alliances.models import AllianceRole


def _kern_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "kern-form-check__checkbox"
    if isinstance(widget, forms.Select):
        return "kern-form-input__select"
    return "kern-form-input__input"


class KernFormMixin:
    """Puts the KERN classes on every widget and marks fields with errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = _kern_class(field.widget)
            if isinstance(field, forms.EmailField):
                # Django's German catalogue says "du"; the platform addresses people as "Sie".
                field.error_messages["invalid"] = _(
                    "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de."
                )

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                base = _kern_class(widget)
                widget.attrs["class"] = f"{base} {base}--error"


class InvitationForm(KernFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse der eingeladenen Person"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    alliance = forms.ModelChoiceField(
        label=_("Allianz"),
        queryset=None,
        required=False,
        empty_label=_("– keine –"),
    )
    alliance_role = forms.ChoiceField(
        label=_("Rolle in der Allianz"),
        choices=[("", _("– keine –")), *AllianceRole.Kind.choices],
        required=False,
    )
    group = forms.ChoiceField(label=_("Plattformrolle"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alliance"].queryset = manageable_alliances(user)
        groups = [
            (value, label)
            for value, label in Invitation.Group.choices
            if can_grant_group(user, value)
        ]
        if groups:
            self.fields["group"].choices = [("", _("– keine –")), *groups]
        else:
            del self.fields["group"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        alliance, role = data.get("alliance"), data.get("alliance_role")
        if alliance is not None and not role:
            self.add_error("alliance_role", _("Bitte wählen Sie die Rolle in der Allianz."))
        if role and alliance is None:
            self.add_error("alliance", _("Bitte wählen Sie die Allianz zur Rolle."))
        if alliance is None and not role and not data.get("group"):
            raise forms.ValidationError(
                _("Bitte wählen Sie eine Allianz mit Rolle oder eine Plattformrolle.")
            )
        return data


class InvitationSignupForm(KernFormMixin, auth_forms.UserCreationForm):
    """A new account for an invited person; the e-mail address comes from the invitation."""

    class Meta(auth_forms.UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "first_name", "last_name")

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set before validation so that the password validators compare against it too.
        self.instance.email = email
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"


class ContactForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ("first_name", "last_name", "email")
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Without an address there is no way to reset a forgotten password.
        self.fields["email"].required = True

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        taken = (
            get_user_model()
            .objects.filter(email__iexact=email)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if taken:
            raise forms.ValidationError(
                _("Diese E-Mail-Adresse gehört bereits zu einem anderen Konto.")
            )
        return email


class LanguageForm(KernFormMixin, forms.Form):
    language = forms.ChoiceField(label=_("Bevorzugte Sprache"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", _("wie im Browser eingestellt")),
            *settings.LANGUAGES,
        ]


class PasswordConfirmForm(KernFormMixin, forms.Form):
    """Asks for the current password before an irreversible step (deleting the account)."""

    password = forms.CharField(
        label=_("Ihr Passwort zur Bestätigung"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Das Passwort ist nicht richtig."))
        return password


class KernPasswordChangeForm(KernFormMixin, auth_forms.PasswordChangeForm):
    pass


class KernPasswordResetForm(KernFormMixin, auth_forms.PasswordResetForm):
    pass


class KernSetPasswordForm(KernFormMixin, auth_forms.SetPasswordForm):
    pass
