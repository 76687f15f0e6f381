"""The page language as the monitor's data files name it, and the synthetic-data label in it."""

from __future__ import annotations

from django.utils.translation import get_language

from fachkraefte import SYNTHETIC_LABEL_DE, SYNTHETIC_LABEL_EN


def lang() -> str:
    return "en" if (get_language() or "de").startswith("en") else "de"


def demo_label() -> str:
    return SYNTHETIC_LABEL_EN if lang() == "en" else SYNTHETIC_LABEL_DE
