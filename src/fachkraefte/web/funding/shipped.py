"""Funding terms and earmarks of the programmes the platform ships with.

- Saxony (Fachkräfterichtlinie): one-stage (project sketch → the alliance prioritises → the
  state bank SAB approves and pays), grants up to 90 %. Remainders do **not** carry over: the
  ministry splits a fresh yearly budget over the districts after they declare interest by
  30 September (4.55 M EUR a year 2019–20, 6 M + 2.5 M earmarked 2023, 10.5 M 2024; SMWA,
  seed 003 and DESIGN.md), i.e. annual appropriations without carry-over; an office that
  learns otherwise changes ``carries_over`` (``funding_terms_set``). Part of the money is
  earmarked "Gewinnung und Integration internationaler Fachkräfte".
- Niedersachsen (regionale Fachkräftebündnisse, e.g. Ems-Achse): two-stage (expression of
  interest → steering-group selection → full proposal with the alliance's Stellungnahme),
  typically 50–70 %, shipped as 70 %; a three-year planning budget revised as projects
  under-spend, so money not spent in one year stays available in the next (``carries_over``).
- Hessen: no budget mechanism, so no funding terms.

Installed by the data migration ``0003_g1_shipped_funding_terms``; ``ensure_shipped_funding``
is also called by the demo. It only adds what is missing and never changes existing terms.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

SAXONY_SOURCE = (
    "SMWA: Regionale Fachkräfteallianzen, Förderung nach der Fachkräfterichtlinie "
    "(Medieninformation 2024: 10,5 Mio. Euro für 2024, ein Teil für die Gewinnung und "
    "Integration internationaler Fachkräfte); Bewilligung durch die Sächsische Aufbaubank"
)
NIEDERSACHSEN_SOURCE = (
    "Fachkräfteinitiative Niedersachsen: regionale Fachkräftebündnisse, dreijähriges "
    "Planungsbudget, zweistufiges Verfahren mit Stellungnahme des Bündnisses"
)

TERMS = [
    {
        "programme": "sachsen-fachkraefteallianzen",
        "workflow": "one_stage",
        "max_grant_rate": Decimal("0.9000"),
        "carries_over": False,
        "external_approver": "Sächsische Aufbaubank (SAB)",
        "source": SAXONY_SOURCE,
        "earmarks": [
            ("international", "Gewinnung und Integration internationaler Fachkräfte"),
        ],
    },
    {
        "programme": "niedersachsen-fachkraeftebuendnisse",
        "workflow": "two_stage",
        "max_grant_rate": Decimal("0.7000"),
        "carries_over": True,
        "external_approver": "",
        "source": NIEDERSACHSEN_SOURCE,
        "earmarks": [],
    },
]


def ensure_shipped_funding(
    programme_model: Any = None, terms_model: Any = None, earmark_model: Any = None
) -> int:
    """Add the shipped terms and earmarks where missing; returns how many terms were created.

    The migration passes its historical models; everyone else calls it without arguments.
    """
    if programme_model is None:
        from fachkraefte.web.funding.models import Earmark, FundingTerms
        from fachkraefte.web.programmes.models import Programme

        programme_model, terms_model, earmark_model = Programme, FundingTerms, Earmark
    created_count = 0
    for spec in TERMS:
        programme = programme_model.objects.filter(slug=spec["programme"]).first()
        if programme is None:
            continue
        fields = {k: v for k, v in spec.items() if k not in {"programme", "earmarks"}}
        _terms, created = terms_model.objects.get_or_create(programme=programme, defaults=fields)
        created_count += int(created)
        for slug, name in spec["earmarks"]:
            earmark_model.objects.get_or_create(
                programme=programme, slug=slug, defaults={"name": name}
            )
    return created_count
