"""Pages under /begutachtung/: a reviewer's assignments, declaring a conflict, scoring; the
office's overview, assignment, lifting of conflicts and the summary per proposal.

Access: anonymous people are sent to the login; a review is found only by its reviewer and the
office (404 for everyone else); the summary by those who may see the scores
(``reviews.rules.may_see_scores``), 403 for other reviewers and people who see the proposal.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fachkraefte.tabular import Column
from fachkraefte.web.calls.models import ReviewCriterion
from fachkraefte.web.core import tables
from fachkraefte.web.core.exports import FORMATS
from fachkraefte.web.proposals import rules as proposal_rules
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.reviews import rules, selectors, services
from fachkraefte.web.reviews.forms import AssignForm, DeclareForm, ReasonForm, ScoreForm
from fachkraefte.web.reviews.models import Review

ASSIGNMENT_COLUMNS = [
    Column("title", gettext_lazy("Antrag"), lambda r: r.proposal.title, order_by="proposal__title"),
    Column(
        "call",
        gettext_lazy("Aufruf"),
        lambda r: r.proposal.call.title,
        order_by="proposal__call__title",
    ),
    Column(
        "assigned", gettext_lazy("zugewiesen am"), lambda r: r.assigned_at, order_by="assigned_at"
    ),
    Column(
        "conflict",
        gettext_lazy("Befangenheit"),
        lambda r: r.get_conflict_display(),
        order_by="conflict",
    ),
    Column(
        "submitted", gettext_lazy("abgegeben am"), lambda r: r.submitted_at, order_by="submitted_at"
    ),
]
SUMMARY_COLUMNS = [
    Column("criterion", gettext_lazy("Kriterium"), lambda c: c.label),
    Column("average", gettext_lazy("Durchschnitt"), lambda c: c.average, numeric=True, digits=2),
    Column("minimum", gettext_lazy("Minimum"), lambda c: c.minimum, numeric=True),
    Column("maximum", gettext_lazy("Maximum"), lambda c: c.maximum, numeric=True),
    Column("n", gettext_lazy("n (mit Punkten)"), lambda c: c.n, numeric=True),
    Column("na", gettext_lazy("n/a"), lambda c: c.not_applicable, numeric=True),
]


def _review(request: HttpRequest, pk: int) -> Review:
    review = get_object_or_404(
        Review.objects.select_related("proposal__call__alliance", "reviewer", "lifted_by"), pk=pk
    )
    if not rules.may_open(request.user, review):
        raise Http404
    return review


def _proposal_for_scores(request: HttpRequest, pk: int) -> Proposal:
    """The proposal whose summary ``request.user`` may see; 403 for reviewers and people who
    see the proposal, 404 for everyone else (its existence does not leak)."""
    proposal = get_object_or_404(Proposal.objects.select_related("call__alliance"), pk=pk)
    if rules.may_see_scores(request.user, proposal):
        return proposal
    if proposal_rules.may_see_summary(request.user, proposal):
        raise PermissionDenied(
            _("Die Bewertungen anderer sehen Sie erst nach Abgabe Ihres eigenen Gutachtens.")
        )
    raise Http404


def _errors_to_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("stand", "alle")
    if stage not in selectors.REVIEW_STAGES:
        stage = "alle"
    reviews = selectors.reviews_of_reviewer(user=request.user, stage=stage)
    listing = tables.table(
        request,
        ASSIGNMENT_COLUMNS,
        reviews,
        default="assigned",
        default_descending=True,
        filename="meine-begutachtungen",
    )
    if isinstance(listing, HttpResponse):
        return listing
    return render(
        request,
        "reviews/review_list.html",
        {
            **listing,
            "is_office": rules.is_office(request.user),
            "in_review": selectors.proposals_in_review(user=request.user),
            "stage": stage,
            "stages": [
                ("alle", _("alle")),
                ("offen", _("noch zu erledigen")),
                ("abgegeben", _("abgegeben")),
                ("befangen", _("befangen")),
            ],
        },
    )


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    proposal = review.proposal
    criteria = list(ReviewCriterion.objects.filter(call=proposal.call))
    score_form = None
    if rules.may_score(request.user, review):
        stored = selectors.scores_of(review=review)
        initial = {
            f"criterion_{c.pk}": ""
            if c.pk not in stored
            else ("n/a" if stored[c.pk] is None else str(stored[c.pk]))
            for c in criteria
        }
        score_form = ScoreForm(
            initial={**initial, "recommendation": review.recommendation, "comment": review.comment},
            criteria=criteria,
        )
    return render(
        request,
        "reviews/review_detail.html",
        _detail_context(request, review, criteria, score_form=score_form),
    )


def _detail_context(request, review, criteria, *, score_form=None, declare_form=None) -> dict:
    user = request.user
    stored = selectors.scores_of(review=review)
    return {
        "review": review,
        "proposal": review.proposal,
        "is_own": rules.is_own(user, review),
        "may_declare": rules.may_declare(user, review),
        "may_read": rules.may_read_proposal(user, review) or rules.is_office(user),
        "may_lift": rules.may_lift(user, review),
        "may_see_scores": rules.may_see_scores(user, review.proposal),
        "declare_form": declare_form or DeclareForm(),
        "lift_form": ReasonForm(),
        "score_form": score_form,
        "own_scores": [(c, stored.get(c.pk)) for c in criteria if c.pk in stored],
    }


@login_required
@require_POST
def review_declare(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    if not rules.is_own(request.user, review):
        raise PermissionDenied(_("Nur die Gutachterin oder der Gutachter selbst erklärt das."))
    form = DeclareForm(request.POST)
    if form.is_valid():
        try:
            services.review_declare(
                actor=request.user,
                review=review,
                conflicted=form.cleaned_data["conflict"] == "declared",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Ihre Erklärung zur Befangenheit ist gespeichert."))
            return redirect("reviews:detail", review.pk)
    criteria = list(ReviewCriterion.objects.filter(call=review.proposal.call))
    return render(
        request,
        "reviews/review_detail.html",
        _detail_context(request, review, criteria, declare_form=form),
        status=400,
    )


@login_required
@require_POST
def review_score(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    if not rules.may_score(request.user, review):
        raise PermissionDenied(
            _(
                "Bewerten können Sie nur ohne Befangenheit, vor der Abgabe und während der Begutachtung."
            )
        )
    criteria = list(ReviewCriterion.objects.filter(call=review.proposal.call))
    form = ScoreForm(request.POST, criteria=criteria)
    submit = "abgeben" in request.POST
    if form.is_valid():
        try:
            services.review_save(
                actor=request.user,
                review=review,
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
                submit=submit,
            )
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if submit:
                messages.success(request, _("Ihr Gutachten ist abgegeben."))
            else:
                messages.success(request, _("Ihre Bewertung ist als Entwurf gespeichert."))
            return redirect("reviews:detail", review.pk)
    return render(
        request,
        "reviews/review_detail.html",
        _detail_context(request, review, criteria, score_form=form),
        status=400,
    )


@login_required
@require_POST
def review_lift(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    if not rules.is_office(request.user):
        raise PermissionDenied(_("Eine Befangenheit hebt nur die Koordinierungsstelle auf."))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Grund der Aufhebung: bitte nennen Sie den Grund."))
        return redirect("reviews:detail", review.pk)
    try:
        services.review_lift(actor=request.user, review=review, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(
            request, _("Die Befangenheit ist aufgehoben; der Grund ist protokolliert.")
        )
    return redirect("reviews:detail", review.pk)


@login_required
def proposal_summary(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    proposal = _proposal_for_scores(request, pk)
    summary = selectors.review_summary(proposal=proposal)
    if fmt is not None:
        if fmt not in FORMATS:
            raise Http404
        return tables.download(
            fmt, SUMMARY_COLUMNS, summary.criteria, filename=f"begutachtung-{proposal.pk}"
        )
    office = rules.is_office(request.user)
    return render(
        request,
        "reviews/summary.html",
        {
            "proposal": proposal,
            "summary": summary,
            "reviews": proposal.reviews.select_related("reviewer") if office else None,
            "may_assign": rules.may_assign(request.user, proposal),
            "assign_form": AssignForm(),
            "may_put_on_agenda": proposal_rules.may_put_on_agenda(request.user, proposal),
            "may_record_external": proposal_rules.may_record_external(request.user, proposal),
            "csv_url": reverse("reviews:summary_export", args=[proposal.pk, "csv"]),
            "xlsx_url": reverse("reviews:summary_export", args=[proposal.pk, "xlsx"]),
        },
    )


@login_required
@require_POST
def proposal_assign(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_for_scores(request, pk)
    if not rules.may_assign(request.user, proposal):
        raise PermissionDenied(
            _("Gutachter/innen weist nur die Koordinierungsstelle zu, solange begutachtet wird.")
        )
    form = AssignForm(request.POST)
    if form.is_valid():
        reviewer = get_user_model().objects.filter(username=form.cleaned_data["reviewer"]).first()
        try:
            review = services.review_assign(
                actor=request.user, proposal=proposal, reviewer=reviewer
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(
                request,
                _("%(person)s ist als Gutachter/in zugewiesen und benachrichtigt.")
                % {"person": review.reviewer},
            )
    else:
        messages.error(request, _("Benutzername: bitte angeben."))
    return redirect("reviews:summary", proposal.pk)
