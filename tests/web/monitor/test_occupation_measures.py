"""The occupation page of the monitor names the catalogue's measures for that occupation group
("measures that address that bottleneck elsewhere", issue 16 point 5)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.knowledge import services
from fachkraefte.web.knowledge.workflows import IN_REVIEW, PUBLISHED

pytestmark = pytest.mark.django_db


def test_occupation_page_lists_published_measures_for_its_group(client: Client, base_run):
    office = get_user_model().objects.create_user("koordination")
    office.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    for slug, codes in (("pflege", ["813"]), ("metall", ["244"]), ("entwurf", ["813"])):
        measure = services.measure_create(
            actor=office,
            alliance=None,
            slug=slug,
            title=f"Maßnahme {slug}",
            summary=slug,
            occupations=codes,
        )
        if slug != "entwurf":
            measure = services.entry_transition(actor=office, entry=measure, to=IN_REVIEW)
            services.entry_transition(actor=office, entry=measure, to=PUBLISHED)
    body = client.get(f"/monitor/berufe/813/?lauf={base_run}&land=06").content.decode()
    assert "Maßnahmen, die hier ansetzen" in body
    assert "Maßnahme pflege" in body
    assert "Maßnahme metall" not in body and "Maßnahme entwurf" not in body
    assert 'href="/massnahmen/?beruf=813"' in body
