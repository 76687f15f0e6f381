"""Proposals and projects as the overlap core sees them (``ProjectText``), keyed
``proposal:<pk>`` and ``project:<pk>``."""

from __future__ import annotations

import re

from fachkraefte.overlap import ProjectText
from fachkraefte.web.projects.models import Project
from fachkraefte.web.proposals.models import Proposal

PROPOSAL, PROJECT = "proposal", "project"
# The marks of synthetic demo records ("Demo: …", "(Demodaten – fiktiver Antrag)") label the
# data, they are not its content: left in, every demo text would share them.
SYNTHETIC_MARKS = re.compile(r"^\s*Demo:\s*|\s*\(Demodaten[^)]*\)", re.MULTILINE)


def _content(text: str) -> str:
    return SYNTHETIC_MARKS.sub("", text or "").strip()


def key_of(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def parse_key(key: str) -> tuple[str, int] | None:
    kind, _, pk = key.partition(":")
    return (kind, int(pk)) if kind in (PROPOSAL, PROJECT) and pk.isdigit() else None


def _names(instance: Proposal | Project) -> tuple[tuple[str, ...], str]:
    districts = sorted(instance.districts.all(), key=lambda r: r.ags)
    return tuple(r.ags for r in districts), ", ".join(r.name for r in districts)


def proposal_record(proposal: Proposal) -> ProjectText:
    districts, names = _names(proposal)
    return ProjectText(
        title=_content(proposal.title),
        description="\n".join(
            _content(t) for t in (proposal.summary, proposal.description) if _content(t)
        ),
        key=key_of(PROPOSAL, proposal.pk),
        label=names,
        districts=districts,
        occupations=tuple(str(c) for c in proposal.occupations or ()),
        target_groups=tuple(str(g) for g in proposal.target_groups or ()),
        starts_on=proposal.starts_on,
        ends_on=proposal.ends_on,
        extra={"title": proposal.title},
    )


def project_record(project: Project) -> ProjectText:
    districts, names = _names(project)
    return ProjectText(
        title=_content(project.title),
        description=_content(project.summary),
        key=key_of(PROJECT, project.pk),
        label=names,
        districts=districts,
        occupations=tuple(str(c) for c in project.occupations or ()),
        target_groups=tuple(str(g) for g in project.target_groups or ()),
        starts_on=project.starts_on,
        ends_on=project.ends_on,
        extra={"title": project.title},
    )
