"""Fixtures of the outcome tests: a done workshop of alliance A with the applicant registered."""

from __future__ import annotations

import pytest
from outcomes_world import register, workshop_in

from fachkraefte.web.workshops.models import Workshop


@pytest.fixture()
def done(world) -> Workshop:
    workshop = workshop_in(world, Workshop.Status.DONE, days=-2)
    register(workshop, world.users["applicant"])
    return workshop
