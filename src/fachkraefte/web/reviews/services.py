"""Writes of reviews: assignment, the declaration of conflicts, scoring, lifting a conflict.

Each service asks ``reviews.rules`` first (``PermissionDenied``), then validates (German
``ValidationError`` naming the field), writes in one transaction and records an audit entry in
the trail of the call's alliance.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record
from fachkraefte.web.calls.models import ReviewCriterion
from fachkraefte.web.notifications.proposal_events import review_notify_assigned
from fachkraefte.web.proposals.models import CoApplicant, Proposal
from fachkraefte.web.reviews import rules
from fachkraefte.web.reviews.models import Review, Score

C = Review.Conflict
REASON_MAX = 300
COMMENT_MAX = 10_000


def _alliance(review: Review) -> Any:
    return review.proposal.call.alliance


def _reason(value: str | None, *, field: str = "reason") -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: _("Bitte nennen Sie den Grund.")})
    if len(text) > REASON_MAX:
        raise ValidationError(
            {field: _("Der Grund ist zu lang: höchstens %(max)d Zeichen.") % {"max": REASON_MAX}}
        )
    return text


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("proposal__call").get(pk=review.pk)


@transaction.atomic
def review_assign(*, actor: Any, proposal: Proposal, reviewer: Any) -> Review:
    """Assign ``reviewer`` (an active account that is no party of the proposal) and tell them."""
    if not rules.may_assign(actor, proposal):
        raise PermissionDenied(
            _("Gutachter/innen weist nur die Koordinierungsstelle zu, solange begutachtet wird.")
        )
    user_model = get_user_model()
    if not isinstance(reviewer, user_model) or not reviewer.is_active:
        raise ValidationError({"reviewer": _("Diese Person gibt es nicht oder sie ist gesperrt.")})
    parties = CoApplicant.objects.filter(proposal=proposal, user=reviewer).exists()
    if reviewer.pk == proposal.applicant_id or parties:
        raise ValidationError({"reviewer": _("Wer den Antrag stellt, kann ihn nicht begutachten.")})
    if Review.objects.filter(proposal=proposal, reviewer=reviewer).exists():
        raise ValidationError(
            {"reviewer": _("%(person)s begutachtet diesen Antrag bereits.") % {"person": reviewer}}
        )
    review = Review.objects.create(proposal=proposal, reviewer=reviewer, assigned_by=actor)
    audit_record(
        actor=actor,
        instance=review,
        action=AuditEntry.Action.CREATE,
        changes={"reviewer": reviewer.get_username(), "proposal": proposal.title},
        alliance=proposal.call.alliance,
    )
    review_notify_assigned(review=review)
    return review


@transaction.atomic
def review_declare(*, actor: Any, review: Review, conflicted: bool, reason: str = "") -> Review:
    """The reviewer's declaration, once: no conflict, or a conflict with its reason."""
    if not rules.is_own(actor, review):
        raise PermissionDenied(_("Nur die Gutachterin oder der Gutachter selbst erklärt das."))
    review = _locked(review)
    if not rules.may_declare(actor, review):
        raise ValidationError(
            _("Ihre Erklärung liegt bereits vor oder der Antrag wird nicht mehr begutachtet.")
        )
    review.conflict = C.DECLARED if conflicted else C.NONE
    review.conflict_reason = _reason(reason) if conflicted else ""
    review.conflict_declared_at = timezone.now()
    review.save()
    audit_record(
        actor=actor,
        instance=review,
        action=AuditEntry.Action.DECLARE,
        changes={
            "conflict": [C.UNDECLARED.value, review.conflict],
            "reason": review.conflict_reason,
        },
        alliance=_alliance(review),
    )
    return review


@transaction.atomic
def review_lift(*, actor: Any, review: Review, reason: str) -> Review:
    """The office lifts a declared conflict; the reason and who lifted it stay on the record."""
    if not rules.is_office(actor):
        raise PermissionDenied(_("Eine Befangenheit hebt nur die Koordinierungsstelle auf."))
    reason = _reason(reason)
    review = _locked(review)
    if not rules.may_lift(actor, review):
        raise ValidationError(
            _("Aufheben lässt sich nur eine erklärte Befangenheit, solange begutachtet wird.")
        )
    review.conflict = C.LIFTED
    review.lifted_by = actor
    review.lifted_reason = reason
    review.save()
    audit_record(
        actor=actor,
        instance=review,
        action=AuditEntry.Action.UPDATE,
        changes={
            "conflict": [C.DECLARED.value, C.LIFTED.value],
            "lifted_reason": reason,
            "reviewer": review.reviewer.get_username(),
        },
        alliance=_alliance(review),
    )
    return review


def _score_value(raw: Any, criterion: ReviewCriterion) -> int | None:
    """0–5, or None for "n/a" and for not answered yet (empty)."""
    if raw is None or (isinstance(raw, str) and raw.strip().lower() in {"", "n/a", "na"}):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = -1
    if isinstance(raw, bool) or not 0 <= value <= 5 or str(raw).strip() not in {str(value)}:
        raise ValidationError(
            {
                f"criterion_{criterion.pk}": _(
                    "„%(criterion)s“: bitte 0 bis 5 Punkte oder „n/a“ angeben."
                )
                % {"criterion": criterion.label}
            }
        )
    return value


def _answered(scores: Mapping[Any, Any], criterion: ReviewCriterion) -> bool:
    """A value 0–5 or an explicit "n/a"; empty means not answered yet (allowed in a draft)."""
    raw = scores.get(criterion.pk, scores.get(str(criterion.pk)))
    return raw is not None and str(raw).strip() != ""


@transaction.atomic
def review_save(
    *,
    actor: Any,
    review: Review,
    scores: Mapping[int, Any],
    recommendation: str = "",
    comment: str = "",
    submit: bool = False,
) -> Review:
    """Save the reviewer's scores (criterion pk → 0–5 or "n/a"), recommendation and comment;
    with ``submit`` the review is final and every criterion must have an answer."""
    if not rules.is_own(actor, review):
        raise PermissionDenied(_("Nur die Gutachterin oder der Gutachter selbst bewertet."))
    review = _locked(review)
    if not rules.may_score(actor, review):
        raise PermissionDenied(
            _(
                "Bewerten können Sie nur ohne Befangenheit, vor der Abgabe und solange der Antrag "
                "begutachtet wird."
            )
        )
    criteria = list(ReviewCriterion.objects.filter(call=review.proposal.call))
    known = {criterion.pk for criterion in criteria}
    unknown = {int(pk) for pk in scores if str(pk).isdigit()} - known
    if unknown or any(not str(pk).isdigit() for pk in scores):
        raise ValidationError({"scores": _("Bewertet werden nur die Kriterien dieses Aufrufs.")})
    values = {c.pk: _score_value(scores.get(c.pk, scores.get(str(c.pk))), c) for c in criteria}
    if recommendation and recommendation not in Review.Recommendation.values:
        raise ValidationError({"recommendation": _("Bitte wählen Sie eine Empfehlung.")})
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {
                "comment": _("Der Kommentar ist zu lang: höchstens %(max)d Zeichen.")
                % {"max": COMMENT_MAX}
            }
        )
    if submit:
        missing = [c.label for c in criteria if not _answered(scores, c)]
        if missing:
            raise ValidationError(
                {
                    "scores": _("Vor der Abgabe fehlt eine Angabe zu: %(list)s.")
                    % {"list": ", ".join(missing)}
                }
            )
        if not recommendation:
            raise ValidationError({"recommendation": _("Vor der Abgabe fehlt die Empfehlung.")})
    for criterion in criteria:
        Score.objects.update_or_create(
            review=review, criterion=criterion, defaults={"value": values[criterion.pk]}
        )
    review.recommendation = recommendation
    review.comment = comment
    if submit:
        review.submitted_at = timezone.now()
    review.save()
    audit_record(
        actor=actor,
        instance=review,
        action=AuditEntry.Action.UPDATE,
        changes={
            "scores": {c.label: values[c.pk] for c in criteria},
            "recommendation": recommendation,
            "submitted": submit,
        },
        alliance=_alliance(review),
    )
    return review
