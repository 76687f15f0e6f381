"""The columns of the vote table (one row per person and agenda item), downloaded as CSV and
XLSX through the one export writer (``web.core.exports``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fachkraefte.tabular import Column

VOTE_COLUMNS = [
    Column("meeting_date", _("Sitzungsdatum")),
    Column("meeting", _("Sitzung")),
    Column("position", _("TOP"), numeric=True),
    Column("item", _("Tagesordnungspunkt")),
    Column("rule", _("Beschlussregel")),
    Column("username", _("Benutzername")),
    Column("name", _("Name")),
    Column("vote", _("Votum")),
    Column("note", _("Begründung")),
    Column("conflict", _("Befangenheit (Grund)")),
    Column("cast_at", _("Votum abgegeben am")),
    Column("status", _("Status")),
    Column("outcome", _("Ergebnis")),
]
