"""Alliance administration that scales: the organisation picker with server-side search, unique
alliance names, the composition status in the alliance list."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from fachkraefte.web.alliances import selectors, services
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.core.models import Region
from fachkraefte.web.organisations.models import Organisation, PartnerCategory

pytestmark = pytest.mark.django_db


def _picker(client, world, **params) -> str:
    return client.get(f"/allianzen/{world.a.slug}/mitglieder/auswahl/", params).content.decode()


@pytest.fixture()
def more_organisations(world):
    Organisation.objects.create(
        name="IHK Dresden", category=PartnerCategory.CHAMBER, region_id="14612"
    )
    Organisation.objects.create(
        name="Handwerkskammer Kassel", category=PartnerCategory.CHAMBER, region_id="06611"
    )
    Organisation.objects.create(
        name="DGB Kassel", category=PartnerCategory.UNION, region_id="06611"
    )


def test_picker_searches_by_name_land_and_category(client, world, more_organisations):
    client.force_login(world.users["steering"])
    html = _picker(client, world, suche="kassel")
    assert "Handwerkskammer Kassel" in html and "DGB Kassel" in html and "IHK Dresden" not in html
    html = _picker(client, world, land="06", kategorie="chamber")
    assert "Handwerkskammer Kassel" in html and "DGB Kassel" not in html
    assert "IHK Dresden" not in html
    # members already in the alliance are not offered
    assert "Kammer A" not in _picker(client, world)
    # the answer is the select (HTMX swaps it) and the count for the live region
    assert 'id="organisation-picker"' in html and 'name="organisation"' in html
    assert 'id="organisation-picker-status" hx-swap-oob="innerHTML"' in html
    assert "1 Organisation steht zur Auswahl." in html


def test_picker_without_javascript_narrows_the_page(client, world, more_organisations):
    client.force_login(world.users["steering"])
    html = client.get(f"/allianzen/{world.a.slug}/", {"suche": "dgb"}).content.decode()
    form = html.split('id="organisation-picker"')[1].split("</select>")[0]
    assert "DGB Kassel" in form and "Handwerkskammer" not in form
    assert 'role="search"' in html and 'id="picker-q"' in html and 'value="dgb"' in html


def test_picked_organisation_outside_the_filter_is_still_accepted(
    client, world, more_organisations
):
    client.force_login(world.users["steering"])
    kassel = Organisation.objects.get(name="DGB Kassel")
    response = client.post(
        f"/allianzen/{world.a.slug}/mitglieder/neu/", {"organisation": kassel.pk}
    )
    assert response.status_code == 302
    assert world.a.memberships.filter(organisation=kassel).exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("applicant", 403), ("member", 403), ("steering", 200)],
)
def test_picker_is_for_the_managers(client, world, role, expected):
    if world.users[role] is not None:
        client.force_login(world.users[role])
    response = client.get(f"/allianzen/{world.a.slug}/mitglieder/auswahl/")
    assert response.status_code == expected


def test_duplicate_alliance_names_are_refused(client, world):
    coordination = world.users["coordination"]
    with pytest.raises(ValidationError, match="Eine Allianz mit dem Namen"):
        services.alliance_create(
            actor=coordination,
            name="allianz a ",
            districts=[Region.objects.get(ags="14626")],
        )
    with pytest.raises(ValidationError, match="gibt es schon"):
        services.alliance_update(actor=coordination, alliance=world.b, name="Allianz A")
    client.force_login(coordination)
    page = client.post(
        "/allianzen/neu/",
        {
            "name": "Allianz A",
            "district_list": "14626",
            "consensus_rule": "no_objection",
        },
    )
    assert page.status_code == 200
    assert "Eine Allianz mit dem Namen „Allianz A“ gibt es schon." in (page.content.decode())
    api = client.post(
        "/api/alliances/",
        {"name": "Allianz A", "districts": ["14626"]},
        content_type="application/json",
    )
    assert api.status_code == 400 and "gibt es schon" in api.json()["name"][0]
    assert Alliance.objects.filter(name__iexact="Allianz A").count() == 1
    # saving an alliance under its own name is no duplicate
    services.alliance_update(actor=coordination, alliance=world.a, name="Allianz A")


def test_alliance_list_shows_composition_status(client, world):
    status = selectors.alliance_composition(alliance=world.a)
    assert status is not None and not status.complete
    html = client.get("/allianzen/").content.decode()
    assert "Zusammensetzung" in html
    row = html.split("Allianz A</a>")[1].split("</tr>")[0]
    missing = status.missing_required
    label = "Pflichtsitz fehlt" if missing == 1 else "Pflichtsitze fehlen"
    assert f"{missing} {label}" in row and "kern-badge--warning" in row
    assert selectors.composition_summary(alliance=world.a) == f"{missing} {label}"
    csv = client.get("/allianzen/?format=csv").content.decode("utf-8-sig")
    assert f"{missing} {label}" in csv
