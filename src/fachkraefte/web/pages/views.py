"""Impressum, Datenschutz, Barrierefreiheit and Hilfe; the coordination office edits them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fachkraefte.web.pages import markup, rules, selectors, services
from fachkraefte.web.pages.forms import PageForm
from fachkraefte.web.pages.models import PublicPage


def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.page_get(slug=slug)
    english = get_language() == "en" and bool(page.body_en.strip())
    body = page.body_en if english else page.body
    context = {
        "page": page,
        "title": (page.title_en or page.title) if english else page.title,
        "body": markup.render(body),
        # the German text on an English page is marked as German for screen readers
        "content_lang": "en" if english else "de",
        "german_only": get_language() == "en" and not english,
        "can_edit": rules.can_edit_pages(request.user),
        "placeholders": markup.placeholders(body),
    }
    return render(request, "pages/page.html", context)


def _editable(request: HttpRequest) -> None:
    if not rules.can_edit_pages(request.user):
        raise PermissionDenied(_("Die öffentlichen Seiten pflegt die Koordinierungsstelle."))


@login_required
def page_list(request: HttpRequest) -> HttpResponse:
    _editable(request)
    pages = [(page, markup.placeholders(page.body)) for page in selectors.page_list()]
    return render(request, "pages/page_list.html", {"pages": pages})


@login_required
@require_http_methods(["GET", "POST"])
def page_edit(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in PublicPage.Slug.values:
        raise Http404(_("Diese Seite gibt es nicht."))
    _editable(request)
    page = selectors.page_get(slug=slug)
    form = PageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        services.page_update(actor=request.user, slug=slug, **form.cleaned_data)
        messages.success(
            request,
            _("Die Seite „%(title)s“ ist gespeichert.") % {"title": form.cleaned_data["title"]},
        )
        return redirect("pages:" + slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "pages/page_edit.html", {"page": page, "form": form}, status=status)
