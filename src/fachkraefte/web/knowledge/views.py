"""Catalogue pages: the public lists of measures and good practices and a page for each; the
pages to propose and edit entries and to move them through the office's review.

Entries that are not published answer 404 to everyone who may not keep them, so their existence
does not leak; who sees an entry but may not change it gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.calls.models import TargetGroup
from fachkraefte.web.core import tables
from fachkraefte.web.core.form_pages import form_page
from fachkraefte.web.knowledge import labels, rules, selectors, services, video
from fachkraefte.web.knowledge.forms import MeasureForm, PracticeForm
from fachkraefte.web.knowledge.models import ActionArea, GoodPractice, Measure
from fachkraefte.web.knowledge.workflows import CURATION_WORKFLOW
from fachkraefte.web.sitesearch.documents import project_url


@dataclass(frozen=True)
class EntryType:
    key: str
    model: type
    form: type
    detail: Any
    create: Any
    update: Any
    record_name: str  # the service's keyword for the record ("measure", "practice")


MEASURE = EntryType(
    "measure",
    Measure,
    MeasureForm,
    selectors.measure_detail,
    services.measure_create,
    services.measure_update,
    "measure",
)
PRACTICE = EntryType(
    "practice",
    GoodPractice,
    PracticeForm,
    selectors.practice_detail,
    services.practice_create,
    services.practice_update,
    "practice",
)
TYPES = {"measure": MEASURE, "practice": PRACTICE}

MEASURE_COLUMNS = [
    tables.Column("title", gettext_lazy("Maßnahme"), lambda m: m.title, "title"),
    tables.Column("provider", gettext_lazy("Träger"), lambda m: m.provider, "provider"),
    tables.Column("land", gettext_lazy("Land"), lambda m: m.land.name if m.land else "", "land"),
    tables.Column(
        "districts",
        gettext_lazy("Kreise"),
        lambda m: ", ".join(d.name for d in m.districts.all()),
    ),
    tables.Column(
        "action_areas",
        gettext_lazy("Handlungsfelder"),
        lambda m: "; ".join(labels.action_area_labels(m.action_areas)),
    ),
    tables.Column(
        "target_groups",
        gettext_lazy("Zielgruppen"),
        lambda m: ", ".join(labels.target_group_labels(m.target_groups)),
    ),
    tables.Column("occupations", gettext_lazy("Berufe (KldB)"), lambda m: ", ".join(m.occupations)),
    tables.Column("period", gettext_lazy("Zeitraum"), labels.period, "starts_on"),
    tables.Column(
        "activity", gettext_lazy("Status"), lambda m: m.get_activity_display(), "activity"
    ),
]
PRACTICE_COLUMNS = [
    tables.Column("title", gettext_lazy("Gute Praxis"), lambda p: p.title, "title"),
    tables.Column("employer", gettext_lazy("Arbeitgeber"), lambda p: p.employer, "employer"),
    tables.Column("district", gettext_lazy("Kreis"), lambda p: p.district.name, "district__name"),
    tables.Column(
        "sector", gettext_lazy("Wirtschaftszweig"), lambda p: p.get_sector_display(), "sector"
    ),
    tables.Column("size", gettext_lazy("Größe"), lambda p: p.get_size_display(), "size"),
    tables.Column("month", gettext_lazy("Monat"), labels.month, "published_month"),
]


def _scope(request: HttpRequest, model: type) -> tuple[str, list[tuple[str, str]]]:
    choices = [(selectors.PUBLIC, str(_("veröffentlicht")))]
    if selectors.has_kept_entries(model=model, user=request.user):
        choices.append((selectors.MINE, str(_("in Bearbeitung"))))
    scope = request.GET.get("stand", selectors.PUBLIC)
    return (scope if scope in dict(choices) else selectors.PUBLIC), choices


def _choice(request: HttpRequest, name: str, choices: type) -> str:
    value = request.GET.get(name, "").strip()
    return value if value in choices.values else ""


def measure_list(request: HttpRequest) -> HttpResponse:
    scope, scopes = _scope(request, Measure)
    filters = {
        "land": request.GET.get("land", "").strip()[:2],
        "district": request.GET.get("kreis", "").strip()[:5],
        "action_area": _choice(request, "handlungsfeld", ActionArea),
        "target_group": _choice(request, "zielgruppe", TargetGroup),
        "occupation": request.GET.get("beruf", "").strip()[:5],
        "activity": _choice(request, "status", Measure.Activity),
    }
    measures = selectors.measure_list(user=request.user, scope=scope, **filters).prefetch_related(
        "districts"
    )
    result = tables.table(
        request, MEASURE_COLUMNS, measures, default="title", filename="massnahmen"
    )
    if isinstance(result, HttpResponse):
        return result
    return render(
        request,
        "knowledge/measure_list.html",
        {
            **result,
            **filters,
            "scope": scope,
            "scopes": scopes,
            "lands": selectors.catalogue_lands(),
            "action_areas": ActionArea.choices,
            "target_groups": TargetGroup.choices,
            "activities": Measure.Activity.choices,
            "may_propose": rules.may_propose_any(request.user),
        },
    )


def practice_list(request: HttpRequest) -> HttpResponse:
    scope, scopes = _scope(request, GoodPractice)
    filters = {
        "land": request.GET.get("land", "").strip()[:2],
        "sector": _choice(request, "wz", GoodPractice.Sector),
        "action_area": _choice(request, "handlungsfeld", ActionArea),
    }
    practices = selectors.practice_list(user=request.user, scope=scope, **filters)
    result = tables.table(
        request,
        PRACTICE_COLUMNS,
        practices,
        default="month",
        default_descending=True,
        filename="gute-praxis",
    )
    if isinstance(result, HttpResponse):
        return result
    return render(
        request,
        "knowledge/practice_list.html",
        {
            **result,
            **filters,
            "scope": scope,
            "scopes": scopes,
            "lands": selectors.catalogue_lands(),
            "sectors": GoodPractice.Sector.choices,
            "action_areas": ActionArea.choices,
            "may_propose": rules.may_propose_any(request.user),
        },
    )


def _entry(request: HttpRequest, kind: EntryType, slug: str) -> Any:
    entry = kind.detail(slug=slug, user=request.user)
    if entry is None:
        raise Http404
    return entry


def _detail_context(request: HttpRequest, entry: Any) -> dict[str, Any]:
    keeper = rules.is_keeper(request.user, entry)
    return {
        "entry": entry,
        "action_areas": labels.action_area_labels(entry.action_areas),
        "target_groups": labels.target_group_labels(entry.target_groups),
        "occupations": labels.occupation_labels(entry.occupations),
        "next_steps": CURATION_WORKFLOW.next_steps(request.user, entry) if keeper else [],
        "may_edit": rules.may_edit_entry(request.user, entry),
        "trail": selectors.entry_trail(entry=entry)[:50]
        if rules.may_view_trail(request.user, entry)
        else None,
    }


VIDEO_CONSENT = "zugestimmt"


def measure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    measure = _entry(request, MEASURE, slug)
    context = _detail_context(request, measure)
    context["period"] = labels.period(measure)
    context["origin_project_url"] = (
        project_url(measure.origin_project) if measure.origin_project else ""
    )
    return render(request, "knowledge/measure_detail.html", context)


def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The portrait; its video only after the visitor agrees (``?video=zugestimmt``): before,
    the page names the video's host and loads nothing from it."""
    practice = _entry(request, PRACTICE, slug)
    context = _detail_context(request, practice)
    context["month"] = labels.month(practice)
    consent = bool(practice.video_url) and request.GET.get("video") == VIDEO_CONSENT
    context["video_consent"] = consent
    if practice.video_url:
        context["video_host"] = video.host(practice.video_url)
        context["video_embed_url"] = video.embed_url(practice.video_url)
    response = render(request, "knowledge/practice_detail.html", context)
    if consent:
        response["Content-Security-Policy"] = video.policy_with_frame(context["video_embed_url"])
    return response


@login_required
def entry_create(request: HttpRequest, kind: str) -> HttpResponse:
    entry_type = TYPES[kind]
    alliances = rules.proposing_alliances(request.user)
    office = is_coordination(request.user)
    if not (office or alliances.exists()):
        raise PermissionDenied
    form = entry_type.form(request.POST or None, creating=True)
    form.add_alliance(alliances, office=office)

    def save() -> Any:
        try:
            return entry_type.create(
                actor=request.user,
                alliance=form.cleaned_data.get("alliance"),
                slug=form.cleaned_data["slug"],
                **form.values(),
            )
        except IntegrityError:
            raise ValidationError(
                {"slug": _("Diesen Kurznamen trägt schon ein Eintrag.")}
            ) from None

    return form_page(
        request,
        form,
        "knowledge/entry_form.html",
        {"kind": entry_type.key, "form": form},
        save=save,
        message=_("Der Entwurf ist gespeichert."),
        then=lambda entry: entry.get_absolute_url(),
    )


@login_required
def entry_edit(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    entry_type = TYPES[kind]
    entry = _entry(request, entry_type, slug)
    if not rules.may_edit_entry(request.user, entry):
        raise PermissionDenied
    form = entry_type.form(request.POST or None, instance=entry)
    return form_page(
        request,
        form,
        "knowledge/entry_form.html",
        {"kind": entry_type.key, "form": form, "entry": entry},
        save=lambda: entry_type.update(
            actor=request.user, **{entry_type.record_name: entry}, **form.values()
        ),
        message=_("Der Eintrag ist gespeichert."),
        then=entry.get_absolute_url(),
    )


@login_required
@require_POST
def entry_transition(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """Move the entry (field ``state``: where to); 403 for who may not, 400 with the reason
    for a step the table does not declare."""
    entry_type = TYPES[kind]
    entry = _entry(request, entry_type, slug)
    try:
        entry = services.entry_transition(
            actor=request.user, entry=entry, to=request.POST.get("state", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        detail = measure_detail if kind == "measure" else practice_detail
        response = detail(request, slug)
        response.status_code = 400
        return response
    messages.success(
        request, _("%(entry)s: %(state)s.") % {"entry": entry, "state": entry.get_state_display()}
    )
    return redirect(entry)
