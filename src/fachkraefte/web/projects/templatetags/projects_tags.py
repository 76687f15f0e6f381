"""The proposal page's link to its project, or the office's "Projekt anlegen" (rules asked)."""

from __future__ import annotations

from typing import Any

from django import template

from fachkraefte.web.projects import rules
from fachkraefte.web.projects.models import Project

register = template.Library()


@register.simple_tag(takes_context=True)
def project_of_proposal(context: dict[str, Any], proposal: Any) -> dict[str, Any]:
    user = context["request"].user
    project = Project.objects.filter(proposal=proposal).first()
    return {
        "project": project if project is not None and rules.may_view(user, project) else None,
        "may_create": rules.may_create_from(user, proposal),
    }
