"""The composition on the alliance page and in the API: district towns, kreisfreie Städte."""

from __future__ import annotations

import pytest

from fachkraefte.web.alliances import selectors, services
from fachkraefte.web.core.models import Region
from fachkraefte.web.organisations.models import Organisation

pytestmark = pytest.mark.django_db

TOWNS = "Kreisangehörige Städte mit mehr als 10.000 Einwohnern"


def towns_seat(alliance):
    status = selectors.alliance_composition(alliance=alliance)
    return next(seat for seat in status.seats if seat.rule.label == TOWNS)


def add(world, alliance, name, category, inhabitants=None, region=None):
    organisation = Organisation.objects.create(
        name=name, category=category, inhabitants=inhabitants, region_id=region
    )
    return services.membership_create(
        actor=world.users["coordination"], alliance=alliance, organisation=organisation
    )


def test_only_towns_of_the_alliances_district_with_more_than_10000_count(world):
    add(world, world.a, "Demo-Stadt Zittau", "town", 25_000, "14626")
    add(world, world.a, "Demo-Stadt Bautzen", "town", 38_000, "14625")  # other Kreis
    add(world, world.a, "Demo-Stadt Genau", "town", 10_000, "14626")  # not more than
    seat = towns_seat(world.a)
    assert [m.name for m in seat.filled_by] == ["Demo-Stadt Zittau"]
    assert seat.applicable and seat.missing == 1
    add(world, world.a, "Demo-Stadt Löbau", "town", 14_000, "14626")
    assert towns_seat(world.a).missing == 0


def test_kreisfreie_stadt_shows_the_towns_seat_as_not_applicable(client, world):
    dresden = services.alliance_create(
        actor=world.users["coordination"],
        name="Fachkräfteallianz Dresden",
        programme=world.saxony,
        districts=[Region.objects.get(ags="14612")],
    )
    add(world, dresden, "Demo-Stadt Dresden", "district", 560_000, "14612")
    seat = towns_seat(dresden)
    assert not seat.applicable and seat.missing == 0
    status = selectors.alliance_composition(alliance=dresden)
    assert status.missing_required == 5  # chamber, union, agency, school, economic development
    html = client.get(f"/allianzen/{dresden.slug}/").content.decode()
    assert "entfällt (kreisfreie Stadt)" in html
    assert "5 Pflichtsitze fehlen" in html
    data = client.get(f"/api/alliances/{dresden.slug}/composition/").json()
    seats = {seat["label"]: seat for seat in data["seats"]}
    assert seats[TOWNS]["applicable"] is False and seats[TOWNS]["missing"] == 0
    assert data["missing_required"] == 5
    # Görlitz (a Landkreis) still needs its two towns
    html = client.get(f"/allianzen/{world.a.slug}/").content.decode()
    assert "entfällt (kreisfreie Stadt)" not in html
    assert towns_seat(world.a).applicable
