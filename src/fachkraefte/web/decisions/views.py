"""Pages of the steering group: meetings, agenda items, votes, conflicts, decisions and minutes.

Access (``alliances.rules``): anonymous users are sent to the login; people who may not see the
alliance's internal records get 404 (its meetings' existence does not leak); people who see them but
may not manage or vote get 403 for those actions.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from fachkraefte.web.alliances.access import internal_alliance
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.core import tables
from fachkraefte.web.core.exports import FORMATS, download, export_response
from fachkraefte.web.core.form_pages import add_errors, form_page
from fachkraefte.web.decisions import rules, selectors, services
from fachkraefte.web.decisions.exports import VOTE_COLUMNS
from fachkraefte.web.decisions.forms import (
    AgendaItemForm,
    ConflictForm,
    ConflictRecordForm,
    MeetingForm,
    VoteForm,
)
from fachkraefte.web.decisions.minutes import minutes_for, minutes_pdf
from fachkraefte.web.decisions.models import AgendaItem, ConflictOfInterest, Meeting, Vote
from fachkraefte.web.decisions.trail import trail_rows
from fachkraefte.web.decisions.workflows import AGENDA_ITEM_WORKFLOW

PAGE_SIZE = 20
SORTS = ("date", "title")  # the meeting list's sortable columns
MEETING_COLUMNS = [
    tables.Column("date", gettext_lazy("Datum"), lambda m: m.date),
    tables.Column("title", gettext_lazy("Titel"), lambda m: m.title),
    tables.Column("location", gettext_lazy("Ort"), lambda m: m.location),
    tables.Column(
        "items", gettext_lazy("Tagesordnungspunkte"), lambda m: m.item_count, numeric=True
    ),
    tables.Column("open", gettext_lazy("davon offen"), lambda m: m.open_count, numeric=True),
]


def _alliance(request: HttpRequest, slug: str) -> Alliance:
    """The alliance whose meetings ``request.user`` may see; 404 for everyone else."""
    return internal_alliance(request.user, slug)


def _meeting(request: HttpRequest, slug: str, pk: int) -> Meeting:
    alliance = _alliance(request, slug)
    return get_object_or_404(Meeting.objects.select_related("alliance"), pk=pk, alliance=alliance)


def _item(request: HttpRequest, slug: str, pk: int) -> AgendaItem:
    alliance = _alliance(request, slug)
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting__alliance", "decided_by"),
        pk=pk,
        meeting__alliance=alliance,
    )


def _require_manage(request: HttpRequest, alliance: Alliance) -> None:
    services.meeting_require_manager(actor=request.user, alliance=alliance)


@login_required
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = _alliance(request, slug)
    period = request.GET.get("zeitraum", "all")
    if period not in {"all", "upcoming", "past"}:
        period = "all"
    key, descending = tables.parse_sort(request.GET.get("sort"), SORTS, "-date")
    sort = f"-{key}" if descending else key
    meetings = selectors.meeting_list(alliance=alliance, period=period, order=sort)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        return tables.download(
            fmt, MEETING_COLUMNS, meetings, filename=f"sitzungen-{alliance.slug}"
        )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("seite"))
    headers = tables.header_links(
        MEETING_COLUMNS, key, descending, {"zeitraum": period}, sortable=SORTS
    )
    periods = [("all", _("alle")), ("upcoming", _("anstehende")), ("past", _("vergangene"))]
    return render(
        request,
        "decisions/meeting_list.html",
        {
            "alliance": alliance,
            "page": page,
            "headers": headers,
            "period": period,
            "periods": periods,
            "sort": sort,
            "page_query": urlencode({"zeitraum": period, "sort": sort}),
            "csv_url": "?" + urlencode({"zeitraum": period, "sort": sort, "format": "csv"}),
            "xlsx_url": "?" + urlencode({"zeitraum": period, "sort": sort, "format": "xlsx"}),
            "can_manage": rules.may_manage_meetings(request.user, alliance),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = _alliance(request, slug)
    _require_manage(request, alliance)
    form = MeetingForm(request.POST or None)
    return form_page(
        request,
        form,
        "decisions/meeting_form.html",
        {"alliance": alliance, "form": form, "meeting": None},
        save=lambda: services.meeting_create(
            actor=request.user, alliance=alliance, **form.cleaned_data
        ),
        message=lambda meeting: (
            _("Die Sitzung „%(title)s“ wurde angelegt.") % {"title": meeting.title}
        ),
        then=lambda meeting: reverse("decisions:meeting", args=[alliance.slug, meeting.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk)
    _require_manage(request, meeting.alliance)
    initial = {"title": meeting.title, "date": meeting.date, "location": meeting.location}
    form = MeetingForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        "decisions/meeting_form.html",
        {"alliance": meeting.alliance, "form": form, "meeting": meeting},
        save=lambda: services.meeting_update(
            actor=request.user, meeting=meeting, **form.cleaned_data
        ),
        message=_("Die Sitzung wurde gespeichert."),
        then=reverse("decisions:meeting", args=[meeting.alliance.slug, meeting.pk]),
    )


@login_required
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk)
    return render(
        request,
        "decisions/meeting_detail.html",
        {
            "alliance": meeting.alliance,
            "meeting": meeting,
            "items": meeting.agenda_items.select_related("decided_by"),
            "can_manage": rules.may_manage_meetings(request.user, meeting.alliance),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, slug: str, meeting_pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, meeting_pk)
    _require_manage(request, meeting.alliance)
    form = AgendaItemForm(request.POST or None)
    return form_page(
        request,
        form,
        "decisions/item_form.html",
        {"alliance": meeting.alliance, "meeting": meeting, "form": form, "item": None},
        save=lambda: services.agenda_item_create(
            actor=request.user, meeting=meeting, **form.cleaned_data
        ),
        message=lambda item: _("%(item)s wurde angelegt.") % {"item": item},
        then=lambda item: reverse("decisions:item", args=[meeting.alliance.slug, item.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _item(request, slug, pk)
    alliance = item.meeting.alliance
    _require_manage(request, alliance)
    if not rules.may_edit_item(request.user, item):
        messages.error(
            request, _("Über diesen Punkt wurde bereits entschieden; er ist nicht mehr änderbar.")
        )
        return redirect("decisions:item", alliance.slug, item.pk)
    initial = {"position": item.position, "title": item.title, "description": item.description}
    form = AgendaItemForm(request.POST or None, initial=initial)

    def save() -> None:
        data = dict(form.cleaned_data)
        if data["position"] is None:
            data["position"] = item.position
        services.agenda_item_update(actor=request.user, item=item, **data)

    return form_page(
        request,
        form,
        "decisions/item_form.html",
        {"alliance": alliance, "meeting": item.meeting, "form": form, "item": item},
        save=save,
        message=_("Der Tagesordnungspunkt wurde gespeichert."),
        then=reverse("decisions:item", args=[alliance.slug, item.pk]),
    )


def _item_context(request: HttpRequest, item: AgendaItem, **extra) -> dict:
    alliance = item.meeting.alliance
    user = request.user
    may_abstain = rules.may_abstain(user, item)
    own_vote = Vote.objects.filter(agenda_item=item, user=user).first() if may_abstain else None
    conflict = (
        ConflictOfInterest.objects.filter(agenda_item=item, user=user).first()
        if may_abstain
        else None
    )
    choices = Vote.Choice.choices
    if not rules.may_vote(user, item):
        choices = [(Vote.Choice.ABSTENTION.value, Vote.Choice.ABSTENTION.label)]
    context = {
        "alliance": alliance,
        "meeting": item.meeting,
        "item": item,
        "result": selectors.item_consensus(item=item) if item.is_open else None,
        "vote_rows": selectors.item_vote_rows(item=item),
        "trail": trail_rows(selectors.item_trail(item=item)),
        "can_edit": rules.may_edit_item(user, item),
        "can_vote": may_abstain,
        "can_declare_conflict": rules.may_declare_conflict(user, item),
        "next_steps": AGENDA_ITEM_WORKFLOW.next_steps(user, item),
        "own_vote": own_vote,
        "own_conflict": conflict,
        "vote_choices": choices,
        "vote_form": VoteForm(
            initial={"choice": own_vote.choice, "note": own_vote.note} if own_vote else None
        ),
        "conflict_form": ConflictForm(),
    }
    # The proposals the item decides on (motion, grant, rank): for those who vote or manage only,
    # as members of the alliance see nothing of undecided proposals.
    if may_abstain or rules.may_manage_meetings(user, alliance):
        context["item_proposals"] = item.proposals.order_by("rank", "id")
    recorder = rules.may_record_conflict(user, item)
    context["can_record_conflict"] = recorder
    if recorder and "record_form" not in extra:
        context["record_form"] = _record_form(item)
    if conflict is not None and conflict.recorded_by_id not in (None, user.pk):
        context["own_conflict_recorded_by"] = selectors.person_name(conflict.recorded_by)
    context.update(extra)
    return context


def _record_form(item: AgendaItem, data=None) -> ConflictRecordForm:
    """The "Befangenheit feststellen" form. It offers the members without a conflict yet; a
    submitted one accepts every member, so that a repeated one gets the service's message."""
    members = selectors.steering_members(alliance=item.meeting.alliance)
    if data is None:
        conflicted = set(item.conflicts.values_list("user_id", flat=True))
        members = [user for user in members if user.pk not in conflicted]
    return ConflictRecordForm(data, members=members, auto_id="id_record_%s")


@login_required
def item_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _item(request, slug, pk)
    return render(request, "decisions/item_detail.html", _item_context(request, item))


@login_required
@require_POST
def item_vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record the user's own vote. Called by HTMX it answers the message and the new tally."""
    item = _item(request, slug, pk)
    alliance = item.meeting.alliance
    services.vote_require_voter(actor=request.user, item=item)
    form = VoteForm(request.POST)
    message, ok = "", False
    if form.is_valid():
        try:
            vote, created = services.vote_cast(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            ok = True
            message = (
                _("Ihr Votum „%(choice)s“ wurde gespeichert.")
                if created
                else _("Ihr Votum wurde geändert: „%(choice)s“.")
            ) % {"choice": vote.get_choice_display()}
    if not ok:
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
    item.refresh_from_db()
    if request.headers.get("HX-Request"):
        return render(
            request,
            "decisions/_vote_response.html",
            {**_item_context(request, item), "message": message, "ok": ok},
        )
    if ok:
        messages.success(request, message)
        return redirect("decisions:item", alliance.slug, item.pk)
    return render(
        request,
        "decisions/item_detail.html",
        _item_context(request, item, vote_form=form),
        status=400,
    )


@login_required
@require_POST
def item_conflict(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The user's own conflict; with ``user`` naming another person, the steering group or the
    coordination office records that member's conflict ("Befangenheit feststellen")."""
    item = _item(request, slug, pk)
    alliance = item.meeting.alliance
    target = (request.POST.get("user") or "").strip()
    if target and target != request.user.get_username():
        return _item_conflict_record(request, item)
    services.vote_require_voter(actor=request.user, item=item)
    form = ConflictForm(request.POST)
    return form_page(
        request,
        form,
        "decisions/item_detail.html",
        lambda: _item_context(request, item, conflict_form=form),
        save=lambda: services.conflict_declare(actor=request.user, item=item, **form.cleaned_data),
        message=_("Ihre Befangenheit wurde vermerkt; Sie enthalten sich zu diesem Punkt."),
        then=reverse("decisions:item", args=[alliance.slug, item.pk]),
    )


def _item_conflict_record(request: HttpRequest, item: AgendaItem) -> HttpResponse:
    alliance = item.meeting.alliance
    services.conflict_require_recorder(actor=request.user, item=item)
    form = _record_form(item, request.POST)
    return form_page(
        request,
        form,
        "decisions/item_detail.html",
        lambda: _item_context(request, item, record_form=form),
        save=lambda: services.conflict_record(
            actor=request.user,
            item=item,
            member=selectors.voting_member(alliance=alliance, username=form.cleaned_data["user"]),
            reason=form.cleaned_data["reason"],
        ),
        message=lambda conflict: (
            _(
                "Die Befangenheit von %(person)s wurde festgestellt; %(person)s kann sich zu "
                "diesem Punkt nur noch enthalten."
            )
            % {"person": selectors.person_name(conflict.user)}
        ),
        then=reverse("decisions:item", args=[alliance.slug, item.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A confirmation page showing the computed result; POST closes the item for good."""
    item = _item(request, slug, pk)
    alliance = item.meeting.alliance
    _require_manage(request, alliance)
    if not rules.may_close_item(request.user, item):
        messages.info(request, _("Über diesen Punkt wurde bereits entschieden."))
        return redirect("decisions:item", alliance.slug, item.pk)
    error = ""
    if request.method == "POST":
        try:
            services.agenda_item_close(actor=request.user, item=item)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            item.refresh_from_db()
            messages.success(
                request,
                _("%(item)s ist entschieden: %(outcome)s.")
                % {"item": item, "outcome": item.get_outcome_display()},
            )
            return redirect("decisions:item", alliance.slug, item.pk)
    return render(
        request,
        "decisions/item_close.html",
        {
            "alliance": alliance,
            "meeting": item.meeting,
            "item": item,
            "result": selectors.item_consensus(item=item),
            "vote_rows": selectors.item_vote_rows(item=item),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def item_transition(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One step of ``AGENDA_ITEM_WORKFLOW`` (field ``status``: the state to move to). Who may not
    take it gets 403, a step the table does not declare 400 with the item page and the reason."""
    item = _item(request, slug, pk)
    alliance = item.meeting.alliance
    try:
        services.agenda_item_transition(
            actor=request.user, item=item, to=request.POST.get("status", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render(
            request, "decisions/item_detail.html", _item_context(request, item), status=400
        )
    item.refresh_from_db()
    messages.success(
        request,
        _("%(item)s: %(status)s.") % {"item": item, "status": item.get_status_display()},
    )
    return redirect("decisions:item", alliance.slug, item.pk)


@login_required
def meeting_minutes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk)
    return download(
        minutes_pdf(minutes_for(meeting)),
        filename=f"protokoll-{meeting.alliance.slug}-{meeting.date:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )


@login_required
def votes_export(
    request: HttpRequest, slug: str, fmt: str, meeting_pk: int | None = None
) -> HttpResponse:
    """Votes of one meeting, or of all the alliance's meetings, as CSV or XLSX."""
    alliance = _alliance(request, slug)
    if fmt not in FORMATS:
        raise Http404(_("Nur CSV und XLSX."))
    items = AgendaItem.objects.filter(meeting__alliance=alliance)
    name = f"voten-{alliance.slug}"
    if meeting_pk is not None:
        meeting = get_object_or_404(Meeting, pk=meeting_pk, alliance=alliance)
        items = items.filter(meeting=meeting)
        name += f"-{meeting.date:%Y-%m-%d}"
    rows = selectors.vote_export_rows(items=items)
    return export_response(fmt, VOTE_COLUMNS, rows, filename=name, title=_("Voten"))
