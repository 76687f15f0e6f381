"""Calls made directly with the ORM (the services are what the tests check)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fachkraefte.web.calls.models import Call, CostType, TargetGroup

TODAY = dt.date.today()


def make_call(world, *, slug: str = "aufruf-a", status: str = Call.Status.PUBLISHED, **fields):
    values = {
        "programme": world.saxony,
        "alliance": world.a,
        "slug": slug,
        "title": f"Aufruf {slug}",
        "summary": "Projekte zur Fachkräftesicherung im Landkreis.",
        "status": status,
        "opens_on": TODAY - dt.timedelta(days=10),
        "closes_on": TODAY + dt.timedelta(days=30),
        "budget_year": TODAY.year,
        "max_grant_rate": Decimal("0.9"),
        "eligible_cost_types": [CostType.PERSONNEL, CostType.MATERIAL],
        "target_groups": [TargetGroup.UNEMPLOYED, TargetGroup.INTERNATIONAL],
        **fields,
    }
    return Call.objects.create(**values)
