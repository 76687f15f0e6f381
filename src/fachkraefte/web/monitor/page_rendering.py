"""How every monitor page is rendered (the ``monitor_page`` decorator) and what the pages share:
run choice, cache, downloads, errors, citable links, CSP."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fachkraefte.paths import data_dir
from fachkraefte.reports import AggregatesNotReady, exports
from fachkraefte.reports.accuracy import AccuracyNotReady
from fachkraefte.web.core.exports import download
from fachkraefte.web.monitor import selectors
from fachkraefte.web.monitor.accuracy_task import request_accuracy
from fachkraefte.web.monitor.aggregates_task import request_aggregates
from fachkraefte.web.monitor.assets import import_map
from fachkraefte.web.monitor.embed_links import add_embed_urls
from fachkraefte.web.monitor.language import demo_label, lang
from fachkraefte.web.monitor.params import NIVEAUS, ParamError
from fachkraefte.web.monitor.selectors import Run
from fachkraefte.web.monitor.svgmap import boundary_file
from fachkraefte.web.monitor.tables import Table
from fachkraefte.web.monitor.wages import wage_data_stamp


class NoRunsYet(Exception):
    """No forecast run exists: the page explains how to make one."""


def chosen_run(request: HttpRequest) -> Run:
    """The run named by ``?lauf=`` (404 if unknown), else the default run."""
    run_id = (request.GET.get("lauf") or "").strip()
    if run_id:
        try:
            return selectors.run_by_id(run_id)
        except selectors.UnknownRunError as error:
            raise Http404(_("Prognoselauf „%(run)s“ nicht gefunden.") % {"run": run_id}) from error
    run = selectors.default_run()
    if run is None:
        raise NoRunsYet()
    return run


def run_context(run: Run) -> dict[str, Any]:
    sources = selectors.aggregates_sources(run)
    return {
        "run": run,
        "scenario_text": selectors.scenario_text(run.scenario, lang()),
        "runs": selectors.run_list(),
        "demo_label": demo_label(),
        "sources": sources,
    }


def niveau_choices() -> list[tuple[int, str]]:
    return [(key, str(label)) for key, label in NIVEAUS.items()]


def citable_url(request: HttpRequest, run: Run, params: dict[str, Any]) -> str:
    """This page with every choice spelled out, including the run: it never changes meaning."""
    query = {"lauf": run.run_id, **{k: v for k, v in params.items() if v not in (None, "")}}
    return request.build_absolute_uri(request.path + "?" + urlencode(query, doseq=True))


def download_url(request: HttpRequest, table_key: str, fmt: str) -> str:
    query = {k: v for k, v in request.GET.lists() if k not in ("tabelle", "format")}
    query.update(tabelle=[table_key], format=[fmt])
    return request.path + "?" + urlencode(query, doseq=True)


def _download(request: HttpRequest, context: dict[str, Any]) -> tuple:
    key = request.GET.get("tabelle", "")
    tables: dict[str, Table] = context.get("tables", {})
    if key not in tables:
        raise Http404(_("Keine Tabelle „%(key)s“ auf dieser Seite.") % {"key": key})
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        raise ParamError(
            "format",
            _("Unbekanntes Format „%(value)s“. Gültig: csv, xlsx, json.") % {"value": fmt},
        )
    table = tables[key]
    run: Run = context["run"]
    # A table from other data than the run (the wage atlas) names its own source.
    source = table.source
    data_vintage = source.data_vintage if source else run.data_vintage
    synthetic = source.synthetic if source else run.synthetic
    notes = [
        table.caption,
        source.note
        if source
        else _(
            "Szenario: %(scenario)s; Prognoselauf %(run)s; Datenstand %(vintage)s; Modell %(model)s"
        )
        % {
            "scenario": context["scenario_text"],
            "run": run.run_id,
            "vintage": run.data_vintage,
            "model": run.model_version,
        },
        _("Quelle: %(url)s") % {"url": context["citable_url"]},
        *table.notes,
    ]
    if synthetic:
        notes.append(demo_label())
    filename = f"{key}-{run.run_id}.{fmt}"
    if fmt == "csv":
        body: str | bytes = exports.to_csv(table.columns, table.rows, notes=notes)
    elif fmt == "xlsx":
        body = exports.to_xlsx(table.columns, table.rows, title=key, notes=notes)
    else:
        body = exports.to_json(
            table.columns,
            table.rows,
            metadata={
                "table": key,
                "caption": table.caption,
                "run_id": run.run_id,
                "scenario": run.scenario,
                "data_vintage": data_vintage,
                "model_version": run.model_version,
                "source": context["citable_url"],
                "notes": notes,
                "synthetic": synthetic,
            },
        )
    return ("download", body, exports.CONTENT_TYPES[fmt], filename)


BODY_MARKER = "<!--monitor-body-->"
CACHE_SECONDS = 60 * 60


def page_cache_key(request: HttpRequest, name: str, kwargs: dict[str, Any]) -> str:
    """Everything a monitor page depends on: the data store, the imported boundaries, the
    request's address and query, the language and the run a page without ``?lauf=`` shows.
    The runs themselves never change."""
    default = selectors.default_run()
    boundaries = boundary_file()
    parts = [
        name,
        str(data_dir()),
        f"{boundaries}:{boundaries.stat().st_mtime_ns}" if boundaries else "",
        request.get_host(),
        request.path,
        repr(sorted(kwargs.items())),
        repr(sorted((k, sorted(v)) for k, v in request.GET.lists())),
        get_language() or "",
        default.run_id if default else "",
        wage_data_stamp(),  # the wage atlas section reads the current wages vintage
    ]
    return "monitor:" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _page(request: HttpRequest, title: str, body: str, status: int = 200) -> HttpResponse:
    text, policy = import_map()
    response = render(
        request,
        "monitor/page.html",
        {"page_title": title, "body": mark_safe(body), "import_map": text},
        status=status,
    )
    response["Content-Security-Policy"] = policy
    return response


def _render_body(request: HttpRequest, template: str, context: dict[str, Any]) -> tuple[str, str]:
    text = render_to_string(template, context, request)
    title, _marker, body = text.partition(BODY_MARKER)
    return title.strip(), body


def monitor_page(template: str) -> Callable:
    """Decorator: the view returns a context; this renders it, or serves ``?tabelle=`` as a
    download, answers bad parameters with 400 and a German message, and sets the CSP.

    Monitor pages show immutable forecast runs to everyone alike, so the rendered content
    (without the site frame, which holds the user's name and CSRF tokens) and the downloads
    are cached per address, query, language and run: a repeated view costs one cache lookup
    and the frame.
    """

    def decorate(func: Callable[..., dict[str, Any]]) -> Callable[..., HttpResponse]:
        @wraps(func)
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            key = page_cache_key(request, func.__name__, kwargs)
            cached = cache.get(key)
            if cached is None:
                cached = _build(request, template, func, args, kwargs)
                if cached[0] not in ("error", "preparing"):
                    cache.set(key, cached, CACHE_SECONDS)
            kind = cached[0]
            if kind == "preparing":
                response = _page(request, cached[1], cached[2], status=503)
                response["Retry-After"] = "30"
                return response
            if kind == "download":
                _kind, body, content_type, filename = cached
                return download(body, filename=filename, content_type=content_type)
            if kind == "error":
                return _page(request, cached[1], cached[2], status=400)
            return _page(request, cached[1], cached[2])

        return view

    return decorate


def _build(request, template, func, args, kwargs) -> tuple:
    """("page", title, body), ("download", body, content type, file name) or ("error", …)."""
    try:
        context = func(request, *args, **kwargs)
        if request.GET.get("tabelle"):
            return _download(request, context)
    except ParamError as error:
        title, body = _render_body(
            request, "monitor/error.html", {"message": error.message, "param": error.param}
        )
        return ("error", title, body)
    except NoRunsYet:
        return ("page", *_render_body(request, "monitor/no_runs.html", {}))
    except AggregatesNotReady as error:
        return preparing(request, error.run_id)
    except AccuracyNotReady as error:
        request_accuracy(error.run_id)
        return (
            "preparing",
            *_render_body(request, "monitor/accuracy_preparing.html", {"run_id": error.run_id}),
        )
    for item in context.get("tables", {}).values():
        item.downloads = [
            (fmt.upper(), download_url(request, item.key, fmt)) for fmt in exports.FORMATS
        ]
    add_embed_urls(request, func.__name__, kwargs, context)
    return ("page", *_render_body(request, template, context))


def preparing(request: HttpRequest, run_id: str) -> tuple:
    """The run has no aggregates yet: queue their build (never build them in a request) and
    say so; the response is a 503 with ``Retry-After`` and is not cached."""
    request_aggregates(run_id)
    return (
        "preparing",
        *_render_body(request, "monitor/preparing.html", {"run_id": run_id}),
    )


def key_figures(
    horizon: dict | None, profile: dict | None, land_horizon: dict | None = None
) -> list[tuple[str, str]]:
    """(value, label) cards for the top of a district or occupation page."""
    from fachkraefte.web.monitor.params import LEVEL_LABELS
    from fachkraefte.web.monitor.svgmap import _number, _percent

    cards: list[tuple[str, str]] = []
    if horizon:
        year = horizon["year"]
        cards.append(
            (_number(horizon["gap"]), _("Lücke %(year)s (Bedarf minus Angebot)") % {"year": year})
        )
        level = str(LEVEL_LABELS.get(horizon["level"], horizon["level"]))
        cards.append(
            (
                _percent(horizon["gap_rel"]),
                _("Lücke in %% des Bedarfs %(year)s – Stufe: %(level)s")
                % {"year": year, "level": level},
            )
        )
        if land_horizon:
            cards.append(
                (
                    _percent(land_horizon["gap_rel"]),
                    # xgettext:no-python-format (a percent sign, not a placeholder)
                    _("Lücke in % des Bedarfs im Land (zum Vergleich)"),
                )
            )
    if profile:
        cards.append(
            (_percent(profile.get("share_55")), _("der Beschäftigten sind 55 Jahre oder älter"))
        )
    return cards
