"""The person's notifications under /mein-bereich/benachrichtigungen/ (their own only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fachkraefte.web.core import tables
from fachkraefte.web.notifications import rules, services
from fachkraefte.web.notifications.models import Notification


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user)
    page = tables.paginate(request, notifications)
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "unread": notifications.filter(read_at__isnull=True).count()},
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk)
    if not rules.may_view(request.user, notification):
        raise Http404  # someone else's notification is not found, as if it did not exist
    services.notification_mark_read(actor=request.user, notification=notification)
    return redirect("notifications:list")
