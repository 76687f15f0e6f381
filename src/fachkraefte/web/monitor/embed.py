"""Frameable copies of the monitor's charts and map, and their Vega-Lite specs as JSON.

The site forbids framing (``X-Frame-Options: DENY``, CSP ``frame-ancestors 'none'``). These
addresses are the exception: a minimal page with one chart (or the map), its text alternative
and its data table, which other sites may put into an ``<iframe>``; every other monitor page
stays unframeable. The addresses carry the run id, so an embedded chart never changes.

- ``/monitor/einbetten/kreise/<AGS>/<chart>/``, ``…/berufe/<KldB>/<chart>/``,
  ``…/vergleich/<chart>/``: one chart of the district, occupation or comparison page;
- ``/monitor/einbetten/karte/``: the overview map;
- the same chart addresses with ``spec.json``: the chart's Vega-Lite spec.

The query string is that of the page (``lauf``, ``land``, ``jahr``, ``beruf``, ``niveau``, …).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.clickjacking import xframe_options_exempt

from fachkraefte.reports import AggregatesNotReady
from fachkraefte.web.monitor import compare, views
from fachkraefte.web.monitor.aggregates_task import request_aggregates
from fachkraefte.web.monitor.assets import import_map
from fachkraefte.web.monitor.language import demo_label
from fachkraefte.web.monitor.page_rendering import NoRunsYet, page_cache_key
from fachkraefte.web.monitor.params import ParamError

# The page's policy, but any site may frame this response (and only this one).
FRAME_ANCESTORS = "frame-ancestors *"

CACHE_SECONDS = 60 * 60


def embed_policy() -> str:
    _text, policy = import_map()
    framed = policy.replace("frame-ancestors 'none'", FRAME_ANCESTORS)
    if framed == policy:  # the base policy changed shape: fail loudly in tests
        raise RuntimeError("CSP has no \"frame-ancestors 'none'\" directive to relax")
    return framed


def _raw(view_name: str) -> Callable[..., dict[str, Any]]:
    """The page's context function without its rendering decorator."""
    view = {
        "district": views.district,
        "occupation": views.occupation,
        "compare": compare.compare,
        "overview": views.overview,
    }[view_name]
    return view.__wrapped__


def _framed(html: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(html, status=status)
    response["Content-Security-Policy"] = embed_policy()
    return response


def _render(request: HttpRequest, context: dict[str, Any]) -> str:
    text, _policy = import_map()
    return render_to_string("monitor/embed.html", {**context, "import_map": text}, request)


def _context(request: HttpRequest, view_name: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    try:
        return _raw(view_name)(request, **kwargs)
    except NoRunsYet as error:
        raise Http404("Noch kein Prognoselauf / no forecast run yet") from error


def _chart(context: dict[str, Any], key: str):
    for chart in context.get("charts", []):
        if chart.key == key:
            return chart
    raise Http404(f"Keine Grafik „{key}“ auf dieser Seite / no such chart")


def _cached(request: HttpRequest, name: str, kwargs: dict[str, Any], build) -> tuple:
    key = page_cache_key(request, name, kwargs)
    found = cache.get(key)
    if found is None:
        found = build()
        if found[0] == 200:
            cache.set(key, found, CACHE_SECONDS)
    return found


def _embed(request: HttpRequest, view_name: str, kwargs: dict[str, Any], chart_key: str | None):
    def build() -> tuple:
        try:
            context = _context(request, view_name, kwargs)
        except ParamError as error:
            return (400, _render(request, {"error": error.message, "param": error.param}))
        except AggregatesNotReady as error:
            request_aggregates(error.run_id)
            return (503, _render(request, {"preparing": error.run_id}))
        extra: dict[str, Any] = {"page": context, "demo_label": demo_label()}
        if chart_key is None:
            extra["map"] = context["map"]
        else:
            extra["chart"] = _chart(context, chart_key)
        return (200, _render(request, extra))

    status, html = _cached(request, f"embed-{view_name}", {**kwargs, "chart": chart_key}, build)
    response = _framed(html, status)
    if status == 503:
        response["Retry-After"] = "30"
    return response


def _spec(request: HttpRequest, view_name: str, kwargs: dict[str, Any], chart_key: str):
    def build() -> tuple:
        try:
            context = _context(request, view_name, kwargs)
        except ParamError as error:
            return (400, {"error": error.message, "param": error.param})
        except AggregatesNotReady as error:
            request_aggregates(error.run_id)
            return (503, {"error": str(error)})
        chart = _chart(context, chart_key)
        run = context["run"]
        own = chart.table.source  # data from outside the run (the wage atlas)
        spec = copy.deepcopy(chart.spec)
        spec.setdefault("title", chart.title)
        spec.setdefault("usermeta", {})["source"] = {
            "page": context.get("citable_url"),
            "run_id": run.run_id,
            "scenario": run.scenario,
            "data_vintage": own.data_vintage if own else run.data_vintage,
            "model_version": run.model_version,
            "synthetic": own.synthetic if own else run.synthetic,
            "summary": chart.summary,
        }
        if own:
            spec["usermeta"]["source"]["note"] = own.note
        return (200, spec)

    status, body = _cached(request, f"spec-{view_name}", {**kwargs, "chart": chart_key}, build)
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    # Specs are public data: any site may load them into its own vega-embed.
    response["Access-Control-Allow-Origin"] = "*"
    if status == 503:
        response["Retry-After"] = "30"
    return response


@xframe_options_exempt
def district_chart(request: HttpRequest, ags: str, chart: str) -> HttpResponse:
    return _embed(request, "district", {"ags": ags}, chart)


@xframe_options_exempt
def occupation_chart(request: HttpRequest, kldb3: str, chart: str) -> HttpResponse:
    return _embed(request, "occupation", {"kldb3": kldb3}, chart)


@xframe_options_exempt
def compare_chart(request: HttpRequest, chart: str) -> HttpResponse:
    return _embed(request, "compare", {}, chart)


@xframe_options_exempt
def overview_map(request: HttpRequest) -> HttpResponse:
    return _embed(request, "overview", {}, None)


def district_spec(request: HttpRequest, ags: str, chart: str) -> HttpResponse:
    return _spec(request, "district", {"ags": ags}, chart)


def occupation_spec(request: HttpRequest, kldb3: str, chart: str) -> HttpResponse:
    return _spec(request, "occupation", {"kldb3": kldb3}, chart)


def compare_spec(request: HttpRequest, chart: str) -> HttpResponse:
    return _spec(request, "compare", {}, chart)
