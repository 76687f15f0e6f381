"""The shipped programmes' funding terms (installed by migration, restored by the demo)."""

from __future__ import annotations

from decimal import Decimal

from fachkraefte.web.funding.models import Earmark, FundingTerms
from fachkraefte.web.funding.shipped import ensure_shipped_funding


def test_shipped_terms_are_installed_and_not_overwritten(db):
    saxony = FundingTerms.objects.get(programme__slug="sachsen-fachkraefteallianzen")
    assert saxony.workflow == "one_stage" and saxony.max_grant_rate == Decimal("0.9")
    assert not saxony.carries_over and "SAB" in saxony.external_approver
    lower_saxony = FundingTerms.objects.get(programme__slug="niedersachsen-fachkraeftebuendnisse")
    assert lower_saxony.workflow == "two_stage" and lower_saxony.max_grant_rate == Decimal("0.7")
    assert lower_saxony.carries_over
    assert not FundingTerms.objects.filter(programme__slug="hessen-zukunftsgerecht-regional")
    assert Earmark.objects.get(slug="international").programme.slug == saxony.programme.slug
    FundingTerms.objects.filter(pk=saxony.pk).update(carries_over=True)
    assert ensure_shipped_funding() == 0
    saxony.refresh_from_db()
    assert saxony.carries_over  # an office's change stays
