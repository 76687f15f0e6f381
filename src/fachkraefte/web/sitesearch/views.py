"""The site search page (/suche/): ranked hits across the public records, with filters."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fachkraefte import occupations
from fachkraefte.web.calls.models import TargetGroup
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.tables import query
from fachkraefte.web.knowledge.models import ActionArea
from fachkraefte.web.sitesearch import rules, selectors
from fachkraefte.web.sitesearch.models import Kind

PAGE_SIZE = 20
MAX_QUERY = 200


def search_filters(params) -> dict[str, str]:
    """The filters of a search request, unknown values dropped (never an error)."""

    def choice(name: str, choices: type) -> str:
        value = params.get(name, "").strip()
        return value if value in choices.values else ""

    occupation = params.get("beruf", "").strip()[:3]
    land = params.get("land", "").strip()
    district = params.get("kreis", "").strip()
    return {
        "kind": choice("typ", Kind),
        "action_area": choice("handlungsfeld", ActionArea),
        "target_group": choice("zielgruppe", TargetGroup),
        "occupation": occupation if occupation.isdigit() else "",
        "land": land if land.isdigit() and len(land) == 2 else "",
        "district": district if district.isdigit() and len(district) == 5 else "",
    }


def search(request: HttpRequest) -> HttpResponse:
    if not rules.may_search(request.user):
        raise PermissionDenied
    text = request.GET.get("q", "").strip()[:MAX_QUERY]
    filters = search_filters(request.GET)
    hits = selectors.search(query=text, **filters) if text else []
    page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = selectors.with_passages(list(page.object_list), text)
    params = dict(request.GET.items())
    base = query(params, page=None)
    return render(
        request,
        "sitesearch/search.html",
        {
            "q": text,
            **filters,
            "hits": shown,
            "page": page,
            "page_query": base if base.endswith("?") else base + "&",
            "kinds": Kind.choices,
            "action_areas": ActionArea.choices,
            "target_groups": TargetGroup.choices,
            "occupation_groups": [
                (o.code, f"{o.code} {o.title}") for o in occupations.berufsgruppen()
            ],
            "lands": Region.objects.filter(level=Region.Level.LAND).order_by("name"),
            "districts": Region.objects.filter(level=Region.Level.KREIS)
            .filter(**({"land": filters["land"]} if filters["land"] else {}))
            .order_by("name"),
        },
    )
