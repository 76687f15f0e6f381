"""The curation workflow of catalogue entries as data: proposed as a draft, sent to the
office's review, published (public), archived when it no longer runs (and republished).

The office may send an entry back to its draft with a note, so that its keepers correct it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fachkraefte.web.core.workflows import Transition, Workflow
from fachkraefte.web.knowledge import rules
from fachkraefte.web.knowledge.models import Curation

DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED = (
    Curation.DRAFT.value,
    Curation.IN_REVIEW.value,
    Curation.PUBLISHED.value,
    Curation.ARCHIVED.value,
)
OFFICE = _("die Koordinierungsstelle")

CURATION_WORKFLOW = Workflow(
    field="state",
    states=Curation,
    transitions=(
        Transition(
            DRAFT,
            IN_REVIEW,
            _("Zur Prüfung geben"),
            rules.may_submit_entry,
            who=_("die Koordinierungsstelle und die Mitglieder der Allianz"),
        ),
        Transition(IN_REVIEW, PUBLISHED, _("Veröffentlichen"), rules.may_publish_entry, OFFICE),
        Transition(
            IN_REVIEW, DRAFT, _("Zur Überarbeitung zurückgeben"), rules.may_return_entry, OFFICE
        ),
        Transition(PUBLISHED, ARCHIVED, _("Archivieren"), rules.may_archive_entry, OFFICE),
        Transition(
            ARCHIVED, PUBLISHED, _("Wieder veröffentlichen"), rules.may_republish_entry, OFFICE
        ),
    ),
    audit_alliance=lambda entry: entry.alliance,
)
