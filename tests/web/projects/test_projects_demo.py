"""ensure_demo_projects(): a project per approved proposal, reports in several states (one
overdue, on the office's overview), through the services; reruns change nothing."""

from __future__ import annotations

import datetime as dt

from p1_world import approved_proposal

from fachkraefte.web.projects.demo import ensure_demo_projects
from fachkraefte.web.projects.models import Project
from fachkraefte.web.reporting.selectors import overdue_rows


def test_demo_projects_once_with_reports_in_several_states(world):
    proposal = approved_proposal(world)
    today = dt.date(2026, 1, 15)
    assert ensure_demo_projects(today=today) == 1
    project = Project.objects.get(proposal=proposal)
    assert project.status == "running"
    states = list(project.reports.order_by("due_on").values_list("status", flat=True))
    assert states == ["accepted", "due", "draft"]
    overdue = overdue_rows(user=world.users["coordination"], today=today)
    assert sorted(row["what"] for row in overdue) == ["Zwischenbericht", "Zwischenprüfung"]
    assert ensure_demo_projects(today=today) == 0
    assert Project.objects.count() == 1
