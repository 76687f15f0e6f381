"""A district's briefing pack page: ask for a pack, follow its progress, download it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from fachkraefte import geo
from fachkraefte.reports.briefing.render import style_hash
from fachkraefte.web.briefings import rules, selectors, services
from fachkraefte.web.monitor import selectors as monitor
from fachkraefte.web.tasks.views import display_title

FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


def _district(ags: str) -> geo.Region:
    try:
        region = geo.region(ags)
    except geo.UnknownRegionError as error:
        raise Http404(str(error)) from error
    if region.level != "kreis" or region.ags != ags:
        raise Http404(_("Kein Kreis mit dem AGS „%(ags)s“.") % {"ags": ags})
    return region


def _run(request: HttpRequest) -> monitor.Run | None:
    """The run named by ``lauf`` (query or form; 404 if unknown), else the default run."""
    run_id = (request.POST.get("lauf") or request.GET.get("lauf") or "").strip()
    if not run_id:
        return selectors.briefing_run()
    try:
        return monitor.run_by_id(run_id)
    except monitor.UnknownRunError as error:
        raise Http404(_("Prognoselauf „%(run)s“ nicht gefunden.") % {"run": run_id}) from error


def _back(ags: str, run: monitor.Run) -> HttpResponse:
    return redirect(
        reverse("briefings:district", args=[ags]) + "?" + urlencode({"lauf": run.run_id})
    )


@login_required
def district(request: HttpRequest, ags: str) -> HttpResponse:
    if not rules.can_view(request.user, ags):
        raise PermissionDenied
    region = _district(ags)
    run = _run(request)
    covered = run is not None and selectors.district_in_run(run=run, ags=ags)
    if request.method == "POST":
        if not rules.can_generate(request.user, ags):
            raise PermissionDenied
        if not covered:
            messages.error(request, _("Für diesen Kreis gibt es keinen Prognoselauf."))
            return redirect("briefings:district", ags=ags)
        _task, created = services.briefing_request(actor=request.user, run_id=run.run_id, ags=ags)
        if created:
            messages.success(request, _("Die Unterlagen werden erstellt."))
        else:
            messages.info(request, _("Die Unterlagen werden bereits erstellt."))
        return _back(ags, run)
    if request.method != "GET":
        return HttpResponse(status=405)
    pack = selectors.briefing_pack(run_id=run.run_id, ags=ags) if covered else None
    task = selectors.briefing_task(run_id=run.run_id, ags=ags) if covered else None
    return render(
        request,
        "briefings/district.html",
        {
            "district": region,
            "run": run,
            "covered": covered,
            "pack": pack,
            "task": task,
            "task_title": display_title(task) if task else "",
            "pending": task is not None and not task.is_finished,
            "can_generate": rules.can_generate(request.user, ags),
        },
    )


@login_required
def download(request: HttpRequest, ags: str, fmt: str) -> FileResponse:
    if not rules.can_view(request.user, ags):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise Http404
    run = _run(request)
    pack = selectors.briefing_pack(run_id=run.run_id, ags=ags) if run else None
    if not rules.can_download(request.user, ags, stored=pack is not None):
        raise Http404(_("Für diesen Kreis liegen noch keine Unterlagen vor."))
    response = FileResponse(
        pack.path(fmt).open("rb"),
        content_type=FORMATS[fmt],
        as_attachment=fmt == "pdf",
        filename=f"unterlagen-{ags}.{fmt}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    if fmt == "html":
        # The pack is one self-contained page: its own style and its charts as data: images.
        response["Content-Security-Policy"] = (
            f"default-src 'none'; img-src data:; style-src {style_hash()}; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        )
    return response
