"""Fixtures of the call tests: the programme's funding terms, a private media folder."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fachkraefte.web.funding.models import FundingTerms


@pytest.fixture()
def terms(world):
    return FundingTerms.objects.update_or_create(
        programme=world.saxony,
        defaults={"max_grant_rate": Decimal("0.9"), "external_approver": "SAB"},
    )[0]


@pytest.fixture()
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT
