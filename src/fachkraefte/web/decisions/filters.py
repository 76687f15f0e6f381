"""Query filters of the decisions API: ``alliance=<slug>`` like every other endpoint.

Related records are filtered by number, not chosen from all records: an id of another
alliance's record gives an empty list, the same as an id that does not exist.
The old names ``alliance__slug`` (meetings) and ``meeting__alliance__slug`` (agenda items) were
in the published schema, so scripts may use them; they stay as deprecated aliases.
"""

from __future__ import annotations

import django_filters

from fachkraefte.web.api.filters import alliance_filter, deprecated_alias
from fachkraefte.web.decisions.models import AgendaItem, ConflictOfInterest, Meeting, Vote


class MeetingFilter(django_filters.FilterSet):
    alliance = alliance_filter()
    alliance__slug = deprecated_alias("alliance__slug", "alliance")

    class Meta:
        model = Meeting
        fields = {"date": ["exact", "gte", "lte"]}


class AgendaItemFilter(django_filters.FilterSet):
    alliance = alliance_filter("meeting__alliance__slug")
    meeting__alliance__slug = deprecated_alias("meeting__alliance__slug", "alliance")
    meeting = django_filters.NumberFilter(field_name="meeting", label="Sitzung (id)")

    class Meta:
        model = AgendaItem
        fields = {"status": ["exact"], "outcome": ["exact"]}


class VoteFilter(django_filters.FilterSet):
    alliance = alliance_filter("agenda_item__meeting__alliance__slug")
    agenda_item = django_filters.NumberFilter(
        field_name="agenda_item", label="Tagesordnungspunkt (id)"
    )

    class Meta:
        model = Vote
        fields = {"user__username": ["exact"], "choice": ["exact"]}


class ConflictFilter(django_filters.FilterSet):
    alliance = alliance_filter("agenda_item__meeting__alliance__slug")
    agenda_item = django_filters.NumberFilter(
        field_name="agenda_item", label="Tagesordnungspunkt (id)"
    )

    class Meta:
        model = ConflictOfInterest
        fields = {"user__username": ["exact"]}
