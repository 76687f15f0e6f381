"""User administration for the coordination office: list, roles, deactivate and reactivate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fachkraefte.tabular import Column
from fachkraefte.web.accounts.models import Invitation
from fachkraefte.web.accounts.rules import can_administer_users, can_change_active
from fachkraefte.web.accounts.selectors import USER_SORT_FIELDS, user_list, user_roles
from fachkraefte.web.accounts.services import user_set_active
from fachkraefte.web.alliances.models import AllianceRole
from fachkraefte.web.core import tables
from fachkraefte.web.core.exports import FORMATS

PAGE_SIZE = 25
COLUMNS = [
    Column("username", gettext_lazy("Benutzername")),
    Column("name", gettext_lazy("Name")),
    Column("email", gettext_lazy("E-Mail")),
    Column("status", gettext_lazy("Status")),
    Column("last_login", gettext_lazy("Letzte Anmeldung")),
    Column("date_joined", gettext_lazy("Angelegt am")),
    Column("roles", gettext_lazy("Rollen")),
]


def _require_administrator(request: HttpRequest) -> None:
    if not can_administer_users(request.user):
        raise PermissionDenied(_("Nur die Koordinierungsstelle verwaltet Benutzerkonten."))


def _role_labels(user) -> str:
    labels = [_("Administration")] if user.is_superuser else []
    labels += [group.name for group in user.groups.all()]
    labels += [
        f"{role.get_kind_display()} ({role.alliance.name})" for role in user.alliance_roles.all()
    ]
    return ", ".join(labels)


EXPORT_COLUMNS = [
    Column("username", gettext_lazy("Benutzername"), lambda u: u.username),
    Column("first_name", gettext_lazy("Vorname"), lambda u: u.first_name),
    Column("last_name", gettext_lazy("Nachname"), lambda u: u.last_name),
    Column("email", gettext_lazy("E-Mail"), lambda u: u.email),
    Column(
        "status",
        gettext_lazy("Status"),
        lambda u: _("aktiv") if u.is_active else _("deaktiviert"),
    ),
    Column("roles", gettext_lazy("Rollen"), _role_labels),
    Column("last_login", gettext_lazy("Letzte Anmeldung"), lambda u: u.last_login),
    Column("date_joined", gettext_lazy("Angelegt am"), lambda u: u.date_joined),
]


def _role_filter_choices() -> list[tuple[str, str]]:
    return [
        ("admin", _("Administration")),
        *Invitation.Group.choices,
        *AllianceRole.Kind.choices,
    ]


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    search = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    role = request.GET.get("rolle", "")
    key, descending = tables.parse_sort(request.GET.get("sort"), USER_SORT_FIELDS, "username")
    sort = f"-{key}" if descending else key
    users = user_list(search=search, status=status, role=role, sort=sort)

    export = request.GET.get("format")
    if export in FORMATS:
        return tables.download(export, EXPORT_COLUMNS, users, filename="benutzerkonten")

    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("seite"))
    filters = {"q": search, "status": status, "rolle": role}
    kept = {name: value for name, value in filters.items() if value}
    headers = tables.header_links(COLUMNS, key, descending, kept, sortable=USER_SORT_FIELDS)
    rows = [{"user": user, "roles": _role_labels(user)} for user in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "headers": headers,
        "search": search,
        "status": status,
        "role": role,
        "role_choices": _role_filter_choices(),
        "page_query": urlencode({**kept, "sort": sort}),
        "csv_url": "?" + urlencode({**kept, "sort": sort, "format": "csv"}),
        "xlsx_url": "?" + urlencode({**kept, "sort": sort, "format": "xlsx"}),
    }
    return render(request, "accounts/people_list.html", context)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    person = get_object_or_404(get_user_model(), pk=pk)
    context = {
        "person": person,
        "roles": user_roles(person),
        "can_change": can_change_active(request.user, person),
    }
    return render(request, "accounts/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate or reactivate after a confirmation page; the POST names the wanted state so
    that a repeated submit cannot flip it back."""
    _require_administrator(request)
    person = get_object_or_404(get_user_model(), pk=pk)
    if not can_change_active(request.user, person):
        raise PermissionDenied(_("Sie dürfen den Status dieses Kontos nicht ändern."))
    if request.method == "POST":
        wanted = request.POST.get("active")
        if wanted not in {"0", "1"}:
            messages.error(request, _("Ungültige Anfrage: gewünschter Status fehlt."))
            return redirect("accounts:person", pk=person.pk)
        user_set_active(actor=request.user, user=person, active=wanted == "1")
        if person.is_active:
            text = _("Das Konto %(user)s ist wieder aktiv.")
        else:
            text = _(
                "Das Konto %(user)s ist deaktiviert; die Person kann sich nicht mehr anmelden."
            )
        messages.success(request, text % {"user": person.get_username()})
        return redirect("accounts:person", pk=person.pk)
    return render(request, "accounts/person_status.html", {"person": person})
