"""Looking up an alliance for a view and applying ``rules``: 404 where its internals are unknown.

No rule of its own: it turns ``rules.can_view_internal`` / ``rules.can_manage`` into the answers
of the pages (alliances and decisions alike), so that they all refuse the same way.

- internal pages: anonymous → login (``login_required`` on the view), no access → 404;
- managing public records (members, action fields, the alliance itself): no right → 403;
- managing internal records: no access → 404, access without the right → 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from fachkraefte.web.alliances import rules
from fachkraefte.web.alliances.models import Alliance


def public_alliance(slug: str) -> Alliance:
    return get_object_or_404(Alliance.objects.select_related("programme"), slug=slug)


def internal_alliance(user: Any, slug: str) -> Alliance:
    alliance = public_alliance(slug)
    if not rules.can_view_internal(user, alliance):
        raise Http404("Allianz nicht gefunden")
    return alliance


def managed_alliance(user: Any, slug: str, *, internal: bool) -> Alliance:
    alliance = internal_alliance(user, slug) if internal else public_alliance(slug)
    if not rules.can_manage(user, alliance):
        raise PermissionDenied
    return alliance
