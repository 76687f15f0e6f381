"""One filter vocabulary for the API, and filter errors that say what would have been valid.

- ``alliance=<slug>`` is the alliance filter of every endpoint that has one (``alliance_filter``);
  an unknown slug is a 400 naming the parameter, never an empty list that looks like "none".
- ``FilterBackend`` (the project's ``DEFAULT_FILTER_BACKENDS`` entry) answers an invalid value
  of any django-filter parameter with 400 ``{"<parameter>": ["… Gültig: …"]}``, in the request's
  language (the messages are looked up while the request's language is active).
"""

from __future__ import annotations

from collections.abc import Callable

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend


def known_slug(model: type[Model], valid: Callable[[], str]) -> Callable[[str], None]:
    """A form validator: ``value`` is the slug of a ``model`` record; ``valid`` names the form."""

    def validate(value: str) -> None:
        if value and not model._default_manager.filter(slug=value).exists():
            raise ValidationError(
                _("Unbekannter Slug '%(value)s'. Gültig: %(valid)s."),
                code="unknown_slug",
                params={"value": value, "valid": valid()},
            )

    return validate


def alliance_filter(field_name: str = "alliance__slug") -> django_filters.CharFilter:
    """``alliance=<slug>``: records of that alliance (the one name for it across the API)."""
    from fachkraefte.web.alliances.models import Alliance

    return django_filters.CharFilter(
        field_name=field_name,
        label="Allianz (Slug, z. B. allianz-leipzig)",
        validators=[known_slug(Alliance, lambda: _("Slug einer Allianz"))],
    )


LAENDER = tuple(f"{number:02d}" for number in range(1, 17))


def _known_land(value: str) -> None:
    if value and value not in LAENDER:
        raise ValidationError(
            _("Unbekannter Wert '%(value)s'. Gültig: %(valid)s."),
            code="unknown_land",
            params={"value": value, "valid": _("zweistelliger Landesschlüssel 01 bis 16")},
        )


def land_filter(field_name: str, **kwargs) -> django_filters.CharFilter:
    """``land=<AGS>``: the two-digit key of a Land (14: Sachsen)."""
    return django_filters.CharFilter(
        field_name=field_name,
        label="Land (AGS, zweistellig, z. B. 14)",
        validators=[_known_land],
        **kwargs,
    )


def deprecated_alias(field_name: str, name: str) -> django_filters.CharFilter:
    """An old parameter name kept for clients that use it; the schema marks it deprecated."""
    return django_filters.CharFilter(
        field_name=field_name, label=f"Veraltet, wie `{name}`; wird entfernt."
    )


def _explain(field: forms.Field) -> None:
    """Error messages that end with the valid forms of the value."""
    if isinstance(field, forms.ModelChoiceField):
        message = _("Unbekannter Wert '%(value)s'. Gültig: Nummer (id) eines Datensatzes.")
    elif isinstance(field, forms.ChoiceField):
        valid = ", ".join(str(key) for key, _label in field.choices if key not in ("", None))
        message = _("Unbekannter Wert '%(value)s'. Gültig: %(valid)s.").replace("%(valid)s", valid)
    elif isinstance(field, (forms.DecimalField, forms.IntegerField)):
        field.error_messages["invalid"] = _("Keine Zahl. Gültig: ganze Zahl, z. B. 12.")
        return
    elif isinstance(field, forms.DateField):
        field.error_messages["invalid"] = _("Kein Datum. Gültig: JJJJ-MM-TT, z. B. 2025-03-31.")
        return
    else:
        return
    field.error_messages["invalid_choice"] = message


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend with explained errors (see the module docstring)."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        for field in filterset.form.fields.values():
            _explain(field)
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        return filterset.qs
