"""Reads of the public pages: the stored text, or the shipped default until one is stored."""

from __future__ import annotations

from fachkraefte.web.pages.defaults import TEXTS
from fachkraefte.web.pages.models import PublicPage


def page_default(*, slug: str) -> PublicPage:
    """An unsaved page with the shipped German text."""
    title, body = TEXTS[slug]
    return PublicPage(slug=slug, title=title, body=body)


def page_get(*, slug: str) -> PublicPage:
    """``slug`` must be one of ``PublicPage.Slug``; a page never edited has its default."""
    return PublicPage.objects.filter(slug=slug).first() or page_default(slug=slug)


def page_list() -> list[PublicPage]:
    """Every public page in the order of ``PublicPage.Slug``, stored or default."""
    stored = {page.slug: page for page in PublicPage.objects.all()}
    return [stored.get(slug) or page_default(slug=slug) for slug in PublicPage.Slug.values]
