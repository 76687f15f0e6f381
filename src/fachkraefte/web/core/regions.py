"""Copy the regions of ``fachkraefte.geo`` into the ``Region`` table (idempotent)."""

from __future__ import annotations

from django.db import transaction

from fachkraefte import geo
from fachkraefte.web.core.models import Region


@transaction.atomic
def sync_regions() -> tuple[int, int]:
    """Insert or update every current region; returns (created, updated) counts.

    Rows that already match are left untouched, so a second run changes nothing.
    """
    created = updated = 0
    # Parents before children: Länder, then Bezirke, then Kreise.
    ordered = sorted(geo.regions(), key=lambda r: (geo.LEVELS.index(r.level), r.ags))
    for record in ordered:
        wanted = {
            "level": record.level,
            "name": record.name,
            "kind": record.kind or "",
            "parent_id": record.parent_ags,
            "land": record.land_ags,
        }
        row = Region.objects.filter(ags=record.ags).first()
        if row is None:
            Region.objects.create(ags=record.ags, **wanted)
            created += 1
        elif any(getattr(row, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(row, field, value)
            row.save()
            updated += 1
    return created, updated
