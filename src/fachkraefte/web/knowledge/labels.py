"""Codes of catalogue entries in words (action fields, target groups, occupations, period),
shared by pages, exports and the API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fachkraefte import occupations
from fachkraefte.web.calls.models import TargetGroup
from fachkraefte.web.knowledge.models import ActionArea


def _labels(choices: type, codes: list[str]) -> list[str]:
    known = dict(choices.choices)
    return [str(known.get(code, code)) for code in codes]


def action_area_labels(codes: list[str]) -> list[str]:
    return _labels(ActionArea, codes)


def target_group_labels(codes: list[str]) -> list[str]:
    return _labels(TargetGroup, codes)


def occupation_labels(codes: list[str]) -> list[str]:
    """ "813 Gesundheits- und Krankenpflege, …" per code (the code alone if unknown)."""
    labels = []
    for code in codes:
        try:
            labels.append(f"{code} {occupations.occupation(code).title}")
        except (occupations.UnknownOccupationError, ValueError):
            labels.append(str(code))
    return labels


def period(entry: Any) -> str:
    start = entry.starts_on.strftime("%d.%m.%Y") if entry.starts_on else ""
    end = entry.ends_on.strftime("%d.%m.%Y") if entry.ends_on else ""
    if start and end:
        return f"{start} – {end}"
    if start:
        return _("seit %(date)s") % {"date": start}
    if end:
        return _("bis %(date)s") % {"date": end}
    return ""


def month(entry: Any) -> str:
    """The month of a good practice's portrait, as "08/2020"."""
    return entry.published_month.strftime("%m/%Y")
