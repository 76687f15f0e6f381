"""Checks of the monitor's query parameters, shared by the pages and the API.

Each parser returns the clean value or raises :class:`ParamError` with a German message that
names the parameter, the value and the valid forms (Django's gettext translates it).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.reports import ALL, ALL_NIVEAUS
from fachkraefte.web.monitor.selectors import Run

MEASURES = {
    # xgettext:no-python-format (a percent sign, not a placeholder)
    "gap_rel": gettext_lazy("Lücke in % des Bedarfs"),
    "share_55": gettext_lazy("Anteil der Beschäftigten ab 55 Jahren"),
    "bottleneck_score": gettext_lazy("Engpassindikator (BA-Punkte 0–3)"),
}
NIVEAUS = {
    ALL_NIVEAUS: gettext_lazy("alle Anforderungsniveaus"),
    1: gettext_lazy("Helfer"),
    2: gettext_lazy("Fachkraft"),
    3: gettext_lazy("Spezialist"),
    4: gettext_lazy("Experte"),
}
LEVEL_LABELS = {
    "Engpass": gettext_lazy("Engpass"),
    "Anzeichen": gettext_lazy("Anzeichen"),
    "ausgeglichen": gettext_lazy("ausgeglichen"),
    "Überhang": gettext_lazy("Überhang"),
}
ALL_WORDS = {"", ALL, "alle"}


class ParamError(ValueError):
    """A query parameter with an invalid value; ``param`` names it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message


def region_code(value: str | None, *, param: str = "region", known: list[str] | None = None) -> str:
    """A Land (2 digits) or Kreis (5 digits) AGS that the run covers (``known``)."""
    text = (value or "").strip()
    forms = _("AGS mit 2 Ziffern (Land) oder 5 Ziffern (Kreis), z. B. 06 oder 06411")
    if not re.fullmatch(r"\d{2}|\d{5}", text):
        raise ParamError(
            param,
            _("„%(value)s“ ist kein gültiger Regionsschlüssel. Gültige Formen: %(forms)s.")
            % {"value": text, "forms": forms},
        )
    if known is not None and text not in known:
        raise ParamError(
            param,
            _(
                "Für die Region „%(value)s“ enthält der Prognoselauf keine Daten. "
                "Gültige Formen: %(forms)s; vorhanden: %(examples)s."
            )
            % {"value": text, "forms": forms, "examples": _examples(known)},
        )
    return text


def land_code(value: str | None, *, known: list[str], param: str = "land") -> str:
    """A Land key (2 digits) with data; an empty value gives Hessen or the first Land."""
    text = (value or "").strip()
    if not text:
        return "06" if "06" in known else known[0]
    text = text.zfill(2) if text.isdigit() and len(text) == 1 else text
    if not re.fullmatch(r"\d{2}", text) or text not in known:
        raise ParamError(
            param,
            _(
                "Unbekanntes Land „%(value)s“. Gültig: zweistelliger Landesschlüssel, vorhanden: %(known)s."
            )
            % {"value": text, "known": ", ".join(known)},
        )
    return text


def occupation_code(value: str | None, *, known: list[str], param: str = "occupation") -> str:
    """A 3-digit KldB 2010 Berufsgruppe of the run, or :data:`ALL` (empty, "all", "alle")."""
    text = (value or "").strip().lower()
    if text in ALL_WORDS:
        return ALL
    if not re.fullmatch(r"\d{3}", text) or text not in known:
        raise ParamError(
            param,
            _(
                "Unbekannte Berufsgruppe „%(value)s“. Gültige Formen: dreistelliger Code der "
                "KldB 2010, z. B. 813, oder „alle“; vorhanden: %(examples)s."
            )
            % {"value": text, "examples": _examples(known)},
        )
    return text


def niveau(value: str | None, *, param: str = "niveau") -> int:
    """Anforderungsniveau 1–4, or 0 (empty) for all."""
    text = (value or "").strip()
    if text in ("", "0", "alle", "all"):
        return ALL_NIVEAUS
    if text not in ("1", "2", "3", "4"):
        raise ParamError(
            param,
            _(
                "Unbekanntes Anforderungsniveau „%(value)s“. Gültig: 1 (Helfer), 2 (Fachkraft), "
                "3 (Spezialist), 4 (Experte) oder 0 für alle."
            )
            % {"value": text},
        )
    return int(text)


def year(value: str | None, *, run: Run, param: str = "year", default: int | None = None) -> int:
    """A year of the run (base year … horizon); empty gives ``default`` or the horizon."""
    text = (value or "").strip()
    if not text:
        return run.horizon if default is None else default
    if not text.isdigit() or int(text) not in run.years:
        raise ParamError(
            param,
            _(
                "Das Jahr „%(value)s“ liegt nicht im Prognosezeitraum. Gültig: %(first)s bis %(last)s."
            )
            % {"value": text, "first": run.base_year, "last": run.horizon},
        )
    return int(text)


def measure(value: str | None, *, param: str = "mass") -> str:
    text = (value or "").strip()
    if not text:
        return "gap_rel"
    if text not in MEASURES:
        raise ParamError(
            param,
            _("Unbekannte Kennzahl „%(value)s“. Gültig: %(known)s.")
            % {"value": text, "known": ", ".join(MEASURES)},
        )
    return text


def _examples(known: list[str], limit: int = 5) -> str:
    shown = ", ".join(known[:limit])
    return shown + (" …" if len(known) > limit else "")
