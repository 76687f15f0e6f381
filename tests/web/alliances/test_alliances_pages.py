"""Services write audit entries; member add by HTMX; lists filter, sort and export; versions compare."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from openpyxl import load_workbook

from fachkraefte.web.alliances import commitment_services, services
from fachkraefte.web.alliances.models import ActionField, Alliance, Membership
from fachkraefte.web.alliances.strategy_diff import compare
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.organisations import services as organisation_services
from fachkraefte.web.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def entries(model, action):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action=action
    )


def test_services_record_who_changed_what(world):
    actor = world.users["steering"]
    field = services.action_field_create(actor=actor, alliance=world.a, title="Ausbildung")
    services.action_field_update(actor=actor, action_field=field, title="Ausbildung stärken")
    services.action_field_update(
        actor=actor, action_field=field, title="Ausbildung stärken"
    )  # no change
    pk = str(field.pk)  # the world has action fields of its own
    services.action_field_delete(actor=actor, action_field=field)
    created, updated, deleted = (
        entries(ActionField, action).get(object_id=pk) for action in ("create", "update", "delete")
    )
    assert created.actor == actor and created.alliance == world.a
    assert updated.changes == {"title": ["Ausbildung", "Ausbildung stärken"]}
    assert deleted.object_repr == "Ausbildung stärken"
    alliance_entry = entries(Alliance, "create").get(object_id=str(world.a.pk))
    assert alliance_entry.changes["districts"] == ["14626"]
    organisation_services.organisation_update(
        actor=actor, organisation=world.org_a, inhabitants=1234
    )
    assert entries(Organisation, "update").get().changes == {"inhabitants": [None, 1234]}


def test_moving_an_action_field_swaps_positions_and_is_audited(world):
    actor = world.users["coordination"]
    a, b, c = (services.action_field_create(actor=actor, alliance=world.a, title=t) for t in "ABC")
    services.position_move(actor=actor, item=c, step=-1)
    titles = ["Handlungsfeld A1", "Handlungsfeld A2", "A", "C", "B"]  # after the world's two
    assert list(world.a.action_fields.values_list("title", flat=True)) == titles
    services.position_move(actor=actor, item=world.field, step=-1)  # already first: nothing
    assert entries(ActionField, "update").count() == 2


def test_strategy_versions_are_numbered_and_compared(client, world):
    actor = world.users["steering"]
    v1 = services.strategy_version_create(
        actor=actor, alliance=world.a, title="HK", text="A\r\nB alt\r\nC"
    )
    v2 = services.strategy_version_create(
        actor=actor, alliance=world.a, title="HK", text="A\nB neu\nC\nD"
    )
    # numbered after the world's two versions
    assert (v1.number, v2.number, v1.text) == (3, 4, "A\nB alt\nC")
    assert [row.kind for row in compare(v1.text, v2.text)] == ["equal", "changed", "equal", "added"]
    client.force_login(world.users["member"])
    html = client.get(f"/allianzen/{world.a.slug}/strategie/vergleich/?von=3&zu=4").content.decode()
    assert '<del><span class="kern-sr-only">[entfernt: </span>alt' in html
    assert '<ins><span class="kern-sr-only">[neu: </span>neu' in html
    assert "hinzugefügt" in html
    assert (
        client.get(f"/allianzen/{world.a.slug}/strategie/vergleich/?von=3&zu=9").status_code == 400
    )


def test_member_added_by_htmx_updates_the_composition(client, world):
    client.force_login(world.users["steering"])
    union = Organisation.objects.create(name="Demo-DGB Görlitz", category="union")
    url = f"/allianzen/{world.a.slug}/mitglieder/neu/"
    response = client.post(url, {"organisation": union.pk}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section id="mitglieder"') and "<html" not in html
    assert "Demo-DGB Görlitz ist jetzt Mitglied." in html
    assert "Pflichtsitze fehlen" in html
    assert Membership.objects.filter(alliance=world.a, organisation=union).exists()
    # the same organisation again: an inline error at the field, nothing written
    response = client.post(url, {"organisation": union.pk}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="id_organisation_error"' in html and 'aria-invalid="true"' in html
    assert "schon Mitglied" in html
    assert world.a.memberships.count() == 4  # the world's three and this one
    # without JavaScript: the page again with the error, status 400
    response = client.post(url, {"organisation": ""})
    assert response.status_code == 400 and "<html" in response.content.decode()


def test_member_removal_needs_confirmation(client, world):
    client.force_login(world.users["coordination"])
    url = f"/allianzen/{world.a.slug}/mitglieder/{world.m_a.pk}/entfernen/"
    page = client.get(url).content.decode()
    assert "Soll Kammer A aus der Allianz" in page and "csrfmiddlewaretoken" in page
    assert Membership.objects.filter(pk=world.m_a.pk).exists()
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=world.m_a.pk).exists()
    assert entries(Membership, "delete").count() == 1


def test_create_alliance_with_district_names_and_clear_errors(client, world):
    client.force_login(world.users["coordination"])
    data = {
        "name": "Fachkräfteallianz Meißen",
        "programme": world.saxony.pk,
        "district_list": "Meißen, 99999",
        "consensus_rule": "no_objection",
    }
    response = client.post("/allianzen/neu/", data)
    assert response.status_code == 200
    assert "„99999“ ist kein bekannter Kreis." in response.content.decode()
    data["district_list"] = "Landkreis Meißen"
    response = client.post("/allianzen/neu/", data)
    alliance = Alliance.objects.get(name="Fachkräfteallianz Meißen")
    assert response["Location"] == f"/allianzen/{alliance.slug}/"
    assert alliance.slug == "fachkraefteallianz-meissen"
    assert list(alliance.districts.values_list("ags", flat=True)) == ["14627"]


def test_alliance_list_filters_sorts_and_exports(client, world):
    html = client.get("/allianzen/?land=14&sort=-name").content.decode()
    assert html.index("Allianz B") < html.index("Allianz A")
    assert "Allianz A" not in client.get("/allianzen/?land=06").content.decode().split("<tbody")[1]
    found = client.get("/allianzen/?q=allianz+a").content.decode().split("<tbody")[1]
    assert "Allianz A" in found and "Allianz B" not in found
    csv = client.get("/allianzen/?format=csv&sort=name").content.decode("utf-8-sig").splitlines()
    # the composition status is a column of the list, so it is one of the download too
    assert csv[0] == "Name;Kreise;Programm;Mitglieder;gegründet am;Zusammensetzung"
    assert csv[1].endswith("Pflichtsitze fehlen")
    assert csv[1].startswith("Allianz A;Görlitz (14626)")
    xlsx = client.get("/allianzen/?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "Name" and sheet.max_row == 3 and sheet["D2"].value in (1, 3)


def test_organisation_list_filters_and_exports(client, world):
    html = client.get("/allianzen/organisationen/?kategorie=union").content.decode()
    body = html.split("<tbody")[1]
    assert "Gewerkschaft B" in body and "Kammer A" not in body
    body = client.get("/allianzen/organisationen/?kreis=14625").content.decode().split("<tbody")[1]
    assert "Gewerkschaft B" in body and "Landkreis A" not in body
    rows = (
        client.get("/allianzen/organisationen/?format=csv").content.decode("utf-8-sig").splitlines()
    )
    assert len(rows) == 6 and rows[0].startswith("Name;Partnerkategorie;Kreis")


def test_commitment_list_filters_by_status_member_and_field(client, world):
    actor = world.users["coordination"]
    field = services.action_field_create(actor=actor, alliance=world.a, title="Ausbildung")
    commitment_services.commitment_create(
        actor=actor,
        alliance=world.a,
        membership=world.m_a,
        title="Praktika",
        action_field=field,
    )
    commitment_services.commitment_create(
        actor=actor,
        alliance=world.a,
        membership=world.m_a2,
        title="Messe",
        status="done",
    )
    client.force_login(world.users["member"])
    base = f"/allianzen/{world.a.slug}/verpflichtungen/"

    def body(query):
        return client.get(base + query).content.decode().split("<tbody")[1]

    assert "Messe" in body("?status=done") and "Praktika" not in body("?status=done")
    assert "Praktika" in body(f"?mitglied={world.m_a.pk}") and "Messe" not in body(
        f"?mitglied={world.m_a.pk}"
    )
    assert "Praktika" in body(f"?handlungsfeld={field.pk}") and "Messe" not in body(
        f"?handlungsfeld={field.pk}"
    )
    sheet = load_workbook(io.BytesIO(client.get(base + "?format=xlsx").content)).active
    assert [cell.value for cell in sheet[1]] == [
        "Titel",
        "Mitglied",
        "Handlungsfeld",
        "fällig am",
        "Status",
    ]
    assert sheet.max_row == 1 + world.a.commitments.count()  # the world's and these two
