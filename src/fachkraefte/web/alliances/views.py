"""Alliance list, create/edit, the alliance page and its audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.alliances import rules, selectors, services
from fachkraefte.web.alliances.access import internal_alliance, managed_alliance, public_alliance
from fachkraefte.web.alliances.forms import AllianceForm, MembershipForm
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.audit import display as audit_display
from fachkraefte.web.audit import selectors as audit_selectors
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.core import tables
from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.organisations.selectors import organisation_lands
from fachkraefte.web.programmes.models import Programme


def _districts(alliance: Alliance) -> str:
    return ", ".join(f"{d.name} ({d.ags})" for d in alliance.districts.all())


ALLIANCE_COLUMNS = [
    tables.Column("name", gettext_lazy("Name"), lambda a: a.name, "name"),
    tables.Column("districts", gettext_lazy("Kreise"), _districts),
    tables.Column(
        "programme",
        gettext_lazy("Programm"),
        lambda a: a.programme.name if a.programme else "",
        "programme__name",
    ),
    tables.Column(
        "members", gettext_lazy("Mitglieder"), lambda a: a.member_count, "member_count", True
    ),
    tables.Column("founded", gettext_lazy("gegründet am"), lambda a: a.founded_on, "founded_on"),
    tables.Column(
        "composition",
        gettext_lazy("Zusammensetzung"),
        lambda a: selectors.composition_summary(alliance=a),
    ),
]


def alliance_list(request: HttpRequest) -> HttpResponse:
    land = request.GET.get("land", "").strip()
    programme = request.GET.get("programm", "").strip()
    search = request.GET.get("q", "").strip()
    listed = tables.table(
        request,
        ALLIANCE_COLUMNS,
        selectors.alliance_list(land=land, programme=programme, search=search).prefetch_related(
            "districts"
        ),
        default="name",
        filename="allianzen",
    )
    if isinstance(listed, HttpResponse):
        return listed
    for alliance in listed["page"]:
        alliance.composition = selectors.alliance_composition(alliance=alliance)
    context = {
        "lands": selectors.lands_with_alliances(),
        "programmes": Programme.objects.all(),
        "land": land,
        "programme": programme,
        "search": search,
        "can_create": rules.can_create_alliance(request.user),
        **listed,
    }
    return render(request, "alliances/alliance_list.html", context)


def _save_alliance(request: HttpRequest, form: AllianceForm, alliance: Alliance | None):
    data = {name: form.cleaned_data[name] for name in AllianceForm.Meta.fields}
    try:
        if alliance is None:
            return services.alliance_create(
                actor=request.user, districts=form.cleaned_data["district_list"], **data
            )
        return services.alliance_update(
            actor=request.user,
            alliance=alliance,
            districts=form.cleaned_data["district_list"],
            **data,
        )
    except ValidationError as error:
        form.add_error(None, error)  # a dict error lands on its field (the name that is taken)
        return None


@login_required
def alliance_create(request: HttpRequest) -> HttpResponse:
    if not rules.can_create_alliance(request.user):
        raise PermissionDenied
    form = AllianceForm(request.POST or None, initial={"programme": request.GET.get("programm")})
    if request.method == "POST" and form.is_valid():
        alliance = _save_alliance(request, form, None)
        if alliance is not None:
            messages.success(
                request, _("Die Allianz „%(name)s“ ist angelegt.") % {"name": alliance}
            )
            return redirect("alliances:detail", alliance.slug)
    return render(request, "alliances/alliance_form.html", {"form": form, "alliance": None})


@login_required
def alliance_edit(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = managed_alliance(request.user, slug, internal=False)
    form = AllianceForm(request.POST or None, instance=alliance)
    saved = request.method == "POST" and form.is_valid() and _save_alliance(request, form, alliance)
    if saved:
        messages.success(request, _("Die Änderungen sind gespeichert."))
        return redirect("alliances:detail", alliance.slug)
    return render(request, "alliances/alliance_form.html", {"form": form, "alliance": alliance})


def picker_filters(request: HttpRequest) -> dict[str, str]:
    """The organisation picker's search (``?suche=…&land=…&kategorie=…``)."""
    return {
        "query": request.GET.get("suche", "").strip()[:100],
        "land": request.GET.get("land", "").strip()[:2],
        "category": request.GET.get("kategorie", "").strip()[:32],
    }


def members_context(request: HttpRequest, alliance: Alliance, form=None) -> dict:
    """What the members section (``_members.html``, also the HTMX partial) needs."""
    can_manage = rules.can_manage(request.user, alliance)
    if can_manage and form is None:
        form = MembershipForm(alliance=alliance, picker=picker_filters(request))
    return {
        "alliance": alliance,
        "members": selectors.member_list(alliance=alliance),
        "composition": selectors.alliance_composition(alliance=alliance),
        "can_manage": can_manage,
        "member_form": form,
        "picker_lands": organisation_lands() if can_manage else (),
        "picker_categories": PartnerCategory.choices,
    }


def alliance_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render_detail(request, public_alliance(slug))


def render_detail(
    request: HttpRequest, alliance: Alliance, member_form=None, status: int = 200
) -> HttpResponse:
    """The alliance page; ``member_form`` carries a refused member form back (no-JS path)."""
    internal = rules.can_view_internal(request.user, alliance)
    context = {
        **members_context(request, alliance, member_form),
        "districts": alliance.districts.all(),
        "lands": selectors.alliance_lands(alliance),
        "action_fields": alliance.action_fields.prefetch_related("priorities"),
        "priorities": alliance.priorities.select_related("action_field"),
        "internal": internal,
        "role": rules.role_in(request.user, alliance),
    }
    if internal:
        context.update(
            roles=alliance.roles.select_related("user", "membership__organisation").order_by(
                "kind", "user__username"
            ),
            project_groups=alliance.project_groups.prefetch_related(
                "experts__nominated_by__organisation"
            ),
            latest_strategy=alliance.strategy_versions.first(),
            commitment_count=alliance.commitments.count(),
        )
    return render(request, "alliances/alliance_detail.html", context, status=status)


def _changes(entry) -> str:
    return audit_display.changes_text(entry)


AUDIT_COLUMNS = [
    tables.Column("time", gettext_lazy("Zeitpunkt"), lambda e: e.created_at, "created_at"),
    tables.Column("person", gettext_lazy("Person"), lambda e: e.actor_name, "actor_name"),
    tables.Column("action", gettext_lazy("Aktion"), lambda e: e.get_action_display(), "action"),
    tables.Column("kind", gettext_lazy("Objektart"), audit_selectors.kind_label),
    tables.Column("object", gettext_lazy("Objekt"), lambda e: e.object_repr, "object_repr"),
    tables.Column("changes", gettext_lazy("Änderungen"), _changes),
]


@login_required
def alliance_audit(request: HttpRequest, slug: str) -> HttpResponse:
    """The alliance's trail; filter by person, action and days; sortable; CSV/XLSX."""
    alliance = internal_alliance(request.user, slug)
    trail = selectors.alliance_audit_trail(alliance=alliance)
    filters = {
        "person": request.GET.get("person", "").strip(),
        "action": request.GET.get("aktion", "").strip(),
        "since": audit_selectors.parse_day(request.GET.get("von")),
        "until": audit_selectors.parse_day(request.GET.get("bis")),
    }
    entries = audit_selectors.filter_entries(trail, **filters)
    result = tables.table(
        request,
        AUDIT_COLUMNS,
        entries,
        default="time",
        default_descending=True,
        filename=f"protokoll-{alliance.slug}",
        per_page=50,
    )
    if isinstance(result, HttpResponse):
        return result
    for entry in result["page"]:
        entry.kind_label = audit_selectors.kind_label(entry)
    context = {
        "alliance": alliance,
        "people": audit_selectors.people(trail),
        "actions": AuditEntry.Action.choices,
        **filters,
        **result,
    }
    return render(request, "alliances/alliance_audit.html", context)
