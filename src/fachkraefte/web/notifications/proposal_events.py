"""What the applicant and co-applicants are told at each step of their proposal, and what a
reviewer is told when assigned; every text is written in the recipient's language.

``proposal_notify_parties(proposal=..., event=...)`` is called by the service that made the
step, inside its transaction (the e-mail leaves after commit).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from fachkraefte.web.notifications.models import Notification
from fachkraefte.web.notifications.services import notify_in_language
from fachkraefte.web.proposals.models import Proposal

EVENTS = ("submitted", "revision", "invited", "approved", "rejected", "funded", "not_funded")


def _euro(amount: Any) -> str:
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def _texts(proposal: Proposal, event: str) -> tuple[str, str]:
    """(subject, body) of ``event``; called inside the recipient's language."""
    title = proposal.title
    if event == "submitted":
        return (
            _("Eingangsbestätigung: %(title)s") % {"title": title},
            _(
                "Ihr Antrag „%(title)s“ ist eingegangen. Die Eingangsbestätigung finden Sie "
                "als PDF beim Antrag."
            )
            % {"title": title},
        )
    if event == "revision":
        return (
            _("Überarbeitung erbeten: %(title)s") % {"title": title},
            _("Zu Ihrem Antrag „%(title)s“ wird eine Überarbeitung erbeten:\n\n%(request)s")
            % {"title": title, "request": proposal.revision_request or proposal.decision_reasons},
        )
    if event == "invited":
        return (
            _("Aufforderung zum Vollantrag: %(title)s") % {"title": title},
            _(
                "Die Steuerungsgruppe hat Ihre Interessenbekundung „%(title)s“ ausgewählt. "
                "Bitte reichen Sie den Vollantrag ein."
            )
            % {"title": title},
        )
    if event == "approved":
        conditions = proposal.conditions or _("keine")
        return (
            _("Ihr Antrag wurde befürwortet: %(title)s") % {"title": title},
            _(
                "Die Steuerungsgruppe hat Ihren Antrag „%(title)s“ mit einem Zuschuss von "
                "%(amount)s EUR befürwortet.\n\nAuflagen: %(conditions)s"
            )
            % {"title": title, "amount": _euro(proposal.approved_amount), "conditions": conditions},
        )
    if event == "rejected":
        return (
            _("Ihr Antrag wurde abgelehnt: %(title)s") % {"title": title},
            _(
                "Die Steuerungsgruppe hat Ihren Antrag „%(title)s“ abgelehnt.\n\nBegründung: %(reasons)s"
            )
            % {"title": title, "reasons": proposal.decision_reasons},
        )
    if event == "funded":
        return (
            _("Ihr Antrag wurde bewilligt: %(title)s") % {"title": title},
            _("Der Fördergeber hat Ihren Antrag „%(title)s“ bewilligt (Bescheid %(reference)s).")
            % {"title": title, "reference": proposal.external_reference},
        )
    if event == "not_funded":
        return (
            _("Ihr Antrag wurde nicht bewilligt: %(title)s") % {"title": title},
            _(
                "Der Fördergeber hat Ihren Antrag „%(title)s“ nicht bewilligt "
                "(Bescheid %(reference)s)."
            )
            % {"title": title, "reference": proposal.external_reference},
        )
    raise ValueError(f"unknown proposal event {event!r}")


def proposal_parties(proposal: Proposal) -> list[Any]:
    """The applicant and every co-applicant, each once."""
    people = [proposal.applicant]
    for co in proposal.co_applicants.select_related("user"):
        if co.user_id not in {person.pk for person in people}:
            people.append(co.user)
    return people


def proposal_notify_parties(*, proposal: Proposal, event: str) -> list[Notification]:
    if event not in EVENTS:
        raise ValueError(f"unknown proposal event {event!r}")
    link = reverse("proposals:detail", args=[proposal.pk]) if _has_detail() else ""
    write: Callable[[], tuple[str, str]] = lambda: _texts(proposal, event)  # noqa: E731
    return [
        notify_in_language(user=person, write=write, link=link)
        for person in proposal_parties(proposal)
    ]


def review_notify_assigned(*, review: Any) -> Notification:
    proposal = review.proposal

    def write() -> tuple[str, str]:
        return (
            _("Neue Begutachtung: %(title)s") % {"title": proposal.title},
            _(
                "Sie wurden gebeten, den Antrag „%(title)s“ von %(applicant)s zu begutachten. "
                "Bitte erklären Sie zuerst, ob Sie befangen sind."
            )
            % {"title": proposal.title, "applicant": proposal.organisation_name},
        )

    link = reverse("reviews:detail", args=[review.pk])
    return notify_in_language(user=review.reviewer, write=write, link=link)


def _has_detail() -> bool:
    """The proposal page exists once the proposals app has its views (built beside this)."""
    from django.urls import NoReverseMatch

    try:
        reverse("proposals:detail", args=[1])
    except NoReverseMatch:
        return False
    return True
