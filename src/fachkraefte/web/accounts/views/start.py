"""The personal start after login: my proposals, funded projects with open reports, workshop
registrations, alliances, open agenda items, commitments, invitations."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fachkraefte.web.accounts.rules import can_invite_anyone
from fachkraefte.web.accounts.selectors import invitations_sent_open
from fachkraefte.web.alliances.selectors import commitments_of_speaker, roles_of_user
from fachkraefte.web.decisions.models import Vote
from fachkraefte.web.decisions.selectors import open_items_of_user
from fachkraefte.web.proposals.selectors import personal_proposals
from fachkraefte.web.reporting.selectors import own_projects_with_open_reports
from fachkraefte.web.workshops.attendance import when_text
from fachkraefte.web.workshops.selectors import own_upcoming_registrations


@login_required
def personal_start(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    items = list(open_items_of_user(user=user))
    choices = dict(Vote.Choice.choices)
    for item in items:
        item.my_vote_label = choices.get(item.my_vote, "")
    commitments = list(commitments_of_speaker(user=user))
    for commitment in commitments:
        commitment.overdue = commitment.due_on is not None and commitment.due_on < today
        commitment.due_soon = (
            commitment.due_on is not None
            and today <= commitment.due_on <= today + dt.timedelta(days=30)
        )
    registrations = list(own_upcoming_registrations(user=user))
    for registration in registrations:
        registration.when = when_text(registration.workshop)
    context = {
        "today": today,
        "my_open_reports": own_projects_with_open_reports(user=user),
        "my_registrations": registrations,
        "roles": roles_of_user(user=user),
        "items": items,
        "commitments": commitments,
        "invitations": invitations_sent_open(user=user),
        "can_invite": can_invite_anyone(user),
        **personal_proposals(user=user),
    }
    return render(request, "accounts/personal_start.html", context)
