"""The addresses and ``<iframe>`` snippets of a page's embeddable charts (the frameable copies
themselves are served by ``embed``)."""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.urls import reverse

# view name → (URL name of its embeds, URL argument name or None)
PAGES: dict[str, tuple[str, str | None]] = {
    "district": ("monitor:embed-district", "ags"),
    "occupation": ("monitor:embed-occupation", "kldb3"),
    "compare": ("monitor:embed-compare", None),
}


def _query(context: dict[str, Any]) -> str:
    return urlsplit(context.get("citable_url", "")).query


def add_embed_urls(
    request: HttpRequest, view_name: str, kwargs: dict[str, Any], context: dict[str, Any]
) -> None:
    """Give each chart of a page its embed and spec addresses (absolute, with the run id)."""
    query = _query(context)
    if view_name == "overview":
        context["map_embed_url"] = request.build_absolute_uri(
            reverse("monitor:embed-map") + ("?" + query if query else "")
        )
        return
    if view_name not in PAGES:
        return
    url_name, arg = PAGES[view_name]
    for chart in context.get("charts", []):
        args = [kwargs[arg], chart.key] if arg else [chart.key]
        path = reverse(url_name, args=args)
        suffix = "?" + query if query else ""
        chart.embed_url = request.build_absolute_uri(path + suffix)
        chart.spec_url = request.build_absolute_uri(path + "spec.json" + suffix)


def embed_code(url: str, title: str, height: int = 520) -> str:
    """The ``<iframe>`` snippet shown under a chart (escaped by the template)."""
    return (
        f'<iframe src="{escape(url, quote=True)}" title="{escape(title, quote=True)}" '
        f'width="100%" height="{height}" loading="lazy"></iframe>'
    )
