"""The decisions pages: forms, HTMX voting, conflicts over HTTP, closing, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from fachkraefte.web.decisions import services
from fachkraefte.web.decisions.models import AgendaItem, Meeting, Vote
from fachkraefte.web.programmes.models import ConsensusRule

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _item_url(world, suffix: str = "") -> str:
    return f"/beschluesse/allianz-a/tops/{world.proposal.pk}/{suffix}"


def test_meeting_form_reports_bad_input_in_german(world):
    client = _login(world.voters[0])
    response = client.post(
        "/beschluesse/allianz-a/sitzungen/neu/", {"title": "", "date": "31.02.2025", "location": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte korrigieren Sie die markierten Angaben." in html
    assert 'href="#id_title">Titel</a>: Dieses Feld ist zwingend erforderlich.' in html
    assert "Bitte ein Datum wie 2025-03-31 oder 31.03.2025 eingeben." in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_date_error"' in html
    assert Meeting.objects.filter(alliance=world.a).count() == 2  # the role world's two


def test_meeting_create_and_edit(world):
    client = _login(world.voters[1])
    response = client.post(
        "/beschluesse/allianz-a/sitzungen/neu/",
        {"title": "Herbstsitzung", "date": "15.10.2025", "location": "Leer"},
        follow=True,
    )
    meeting = Meeting.objects.get(title="Herbstsitzung")
    assert meeting.date == dt.date(2025, 10, 15)
    assert "Die Sitzung „Herbstsitzung“ wurde angelegt." in response.content.decode()
    client.post(
        f"/beschluesse/allianz-a/sitzungen/{meeting.pk}/bearbeiten/",
        {"title": "Herbstsitzung", "date": "2025-10-16", "location": "Emden"},
    )
    meeting.refresh_from_db()
    assert (meeting.date, meeting.location) == (dt.date(2025, 10, 16), "Emden")


def test_meeting_list_sorts_filters_and_paginates(world):
    for day in range(1, 24):  # and the role world's two meetings in A
        Meeting.objects.create(alliance=world.a, title=f"S{day:02d}", date=dt.date(2030, 1, day))
    client = _login(world.users["member"])
    html = client.get("/beschluesse/allianz-a/").content.decode()
    assert "25 Sitzungen" in html and "Seite 1 von 2" in html
    titles = re.findall(r'<th scope="row" class="kern-table__cell"><a [^>]+>([^<]+)</a>', html)
    assert titles[0] == "S23" and len(titles) == 20  # newest first
    page2 = client.get("/beschluesse/allianz-a/?zeitraum=all&sort=-date&seite=2").content.decode()
    assert "Frühjahrssitzung" in page2
    past = client.get("/beschluesse/allianz-a/?zeitraum=past&sort=title").content.decode()
    assert "2 Sitzungen" in past and "Frühjahrssitzung" in past and "S01" not in past
    assert world.meeting.title in past
    upcoming = client.get("/beschluesse/allianz-a/?zeitraum=upcoming&sort=title").content.decode()
    titles = re.findall(r'<th scope="row" class="kern-table__cell"><a [^>]+>([^<]+)</a>', upcoming)
    assert titles[:2] == ["S01", "S02"]
    assert 'aria-sort="ascending"' in upcoming
    # an unknown sort or period falls back instead of failing
    assert client.get("/beschluesse/allianz-a/?sort=password&zeitraum=x").status_code == 200


def test_item_page_shows_forms_by_role(world):
    steering = _login(world.voters[0]).get(_item_url(world)).content.decode()
    assert "Votum abgeben" in steering and "Befangenheit erklären" in steering
    assert "Abstimmung abschließen" in steering
    assert f'hx-post="/beschluesse/allianz-a/tops/{world.proposal.pk}/votum/"' in steering
    member = _login(world.users["member"]).get(_item_url(world)).content.decode()
    # the member reads what can happen next, but gets no button that would answer 403
    assert "Votum abgeben" not in member
    assert f"/tops/{world.proposal.pk}/abschliessen/" not in member
    assert "Abstimmung abschließen – nur durch die Steuerungsgruppe" in member
    assert "Nur Mitglieder der Steuerungsgruppe stimmen ab." in member
    coordination = _login(world.users["coordination"]).get(_item_url(world)).content.decode()
    assert "Abstimmung abschließen" in coordination and "Votum abgeben" not in coordination


def test_htmx_vote_answers_message_and_tally(world):
    client = _login(world.voters[1])
    response = client.post(
        _item_url(world, "votum/"), {"choice": "consent", "note": "passt"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ihr Votum „Zustimmung“ wurde gespeichert." in html
    assert '<section id="tally" aria-labelledby="tally-heading" hx-swap-oob="true">' in html
    assert "<dt>Zustimmung</dt><dd>1</dd>" in html
    assert "<html" not in html  # a fragment, not a page
    assert '<section id="trail" aria-labelledby="trail-heading" hx-swap-oob="true">' in html
    assert "Votum: Zustimmung; Begründung: passt" in html
    response = client.post(_item_url(world, "votum/"), {"choice": "objection"}, **HTMX)
    html = response.content.decode()
    assert "Ihr Votum wurde geändert: „Einwand“." in html
    assert "<dt>Einwand</dt><dd>1</dd>" in html and "<dt>Zustimmung</dt><dd>0</dd>" in html
    assert Vote.objects.get(user=world.voters[1]).choice == "objection"


def test_vote_without_htmx_redirects_with_message(world):
    client = _login(world.voters[2])
    response = client.post(_item_url(world, "votum/"), {"choice": "abstention"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == _item_url(world)
    assert "Ihr Votum „Enthaltung“ wurde gespeichert." in html
    missing = client.post(_item_url(world, "votum/"), {"choice": ""})
    assert missing.status_code == 400
    assert "Bitte wählen Sie Zustimmung, Einwand oder Enthaltung." in missing.content.decode()


def test_conflict_over_http_allows_only_abstention(world):
    client = _login(world.voters[1])
    client.post(_item_url(world, "votum/"), {"choice": "consent"})
    response = client.post(
        _item_url(world, "befangenheit/"), {"reason": "Arbeitgeber"}, follow=True
    )
    html = response.content.decode()
    assert "Ihre Befangenheit wurde vermerkt" in html
    assert Vote.objects.get(user=world.voters[1]).choice == "abstention"
    # the form now offers abstention only, and the conflict form is gone
    assert 'id="id_choice_abstention"' in html and 'id="id_choice_consent"' not in html
    assert "Grund der Befangenheit" not in html
    # a hand-made request for consent is refused by the service
    refused = client.post(_item_url(world, "votum/"), {"choice": "consent"}, **HTMX)
    assert "können sich nur enthalten" in refused.content.decode()
    refused = client.post(_item_url(world, "votum/"), {"choice": "objection"})
    assert refused.status_code == 400 and "können sich nur enthalten" in refused.content.decode()
    assert Vote.objects.get(user=world.voters[1]).choice == "abstention"
    empty = client.post(_item_url(world, "befangenheit/"), {"reason": ""})
    assert empty.status_code == 400


def test_close_confirmation_then_frozen(world):
    client = _login(world.voters[0])
    client.post(_item_url(world, "votum/"), {"choice": "consent"})
    confirm = client.get(_item_url(world, "abschliessen/")).content.decode()
    assert "Bitte bestätigen: Der Beschluss ist endgültig." in confirm
    assert "Nach der Regel „Zustimmung ohne Widerspruch“ lautet das Ergebnis:" in confirm
    assert "<strong>angenommen</strong>" in confirm
    response = client.post(_item_url(world, "abschliessen/"), follow=True)
    html = response.content.decode()
    assert "ist entschieden: angenommen." in html
    assert "Votum abgeben" not in html and "Abstimmung abschließen" not in html
    assert "Änderungsprotokoll dieses Punktes" in html and "beschlossen" in html
    item = AgendaItem.objects.get(pk=world.proposal.pk)
    assert item.outcome == "adopted"
    late = _login(world.voters[1]).post(_item_url(world, "votum/"), {"choice": "objection"}, **HTMX)
    assert "bereits entschieden" in late.content.decode()
    assert not Vote.objects.filter(user=world.voters[1]).exists()
    # edit and close pages of a decided item lead back to it
    assert client.get(_item_url(world, "bearbeiten/"))["Location"] == _item_url(world)
    assert client.post(_item_url(world, "abschliessen/"))["Location"] == _item_url(world)


def test_unanimity_close_is_refused_with_names(world):
    world.a.consensus_rule = ConsensusRule.UNANIMITY
    world.a.save()
    item = services.agenda_item_create(
        actor=world.voters[0], meeting=world.spring_meeting, title="Streng"
    )
    services.vote_cast(actor=world.voters[0], item=item, choice="consent")
    client = _login(world.voters[0])
    url = f"/beschluesse/allianz-a/tops/{item.pk}/abschliessen/"
    page = client.get(url).content.decode()
    assert "Es fehlt das Votum von: Bernd Öztürk, Carla Weiß." in page
    assert "Ergebnis feststellen und abschließen" not in page
    response = client.post(url)
    assert response.status_code == 400
    assert "Der Punkt kann nicht abgeschlossen werden." in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).is_open


def test_item_trail_is_shown_in_words(world):
    client = _login(world.voters[1])
    client.post(_item_url(world, "votum/"), {"choice": "consent"})
    client.post(_item_url(world, "befangenheit/"), {"reason": "Vorstand"})
    html = client.get(_item_url(world)).content.decode()
    assert "Votum: Zustimmung" in html
    assert "Votum: Zustimmung → Enthaltung" in html
    assert "Befangenheit erklärt" in html and "Grund: Vorstand" in html


def test_votes_export_csv_and_xlsx(world):
    services.vote_cast(
        actor=world.voters[0], item=world.proposal, choice="consent", note="Gut; „so“"
    )
    services.conflict_declare(actor=world.voters[1], item=world.proposal, reason="Vorstand")
    client = _login(world.users["member"])
    response = client.get(f"/beschluesse/allianz-a/sitzungen/{world.spring_meeting.pk}/voten.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="voten-allianz-a-2025-03-31.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Sitzungsdatum", "Sitzung", "TOP", "Tagesordnungspunkt"]
    by_user = {row[5]: row for row in rows[1:]}
    assert set(by_user) == {"steuerung-a", "steuerung-a2", "steuerung-a3"}
    assert by_user["steuerung-a"][6:9] == ["Anna Ährenfeld", "Zustimmung", "Gut; „so“"]
    assert by_user["steuerung-a2"][9] == "Vorstand" and by_user["steuerung-a3"][7] == ""
    response = client.get("/beschluesse/allianz-a/voten.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    # every meeting of the alliance; here only the rows of this one
    spring = [row for row in values[1:] if row[1] == "Frühjahrssitzung"]
    assert values[0][0] == "Sitzungsdatum" and len(spring) == 3
    assert spring[0][0] == dt.datetime(2025, 3, 31)
    assert {row[6] for row in spring} == {"Anna Ährenfeld", "Bernd Öztürk", "Carla Weiß"}


def test_pages_have_no_inline_script_or_style(world):
    client = _login(world.voters[0])
    for url in (
        "/beschluesse/allianz-a/",
        f"/beschluesse/allianz-a/sitzungen/{world.spring_meeting.pk}/",
        _item_url(world),
        _item_url(world, "abschliessen/"),
        "/beschluesse/allianz-a/sitzungen/neu/",
    ):
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert " hx-on" not in html, url  # would need 'unsafe-eval'


def test_vote_needs_csrf(world):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.voters[0])
    assert strict.post(_item_url(world, "votum/"), {"choice": "consent"}).status_code == 403
    assert not Vote.objects.filter(agenda_item=world.proposal).exists()


def test_english_interface_renders(world):
    client = _login(world.voters[0])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(_item_url(world))
    assert response.status_code == 200 and '<html lang="en">' in response.content.decode()


def test_decisions_stylesheet_is_served(client):
    response = client.get("/static/decisions/decisions.css")
    assert response.status_code == 200
    assert b".decisions-breadcrumbs" in b"".join(response.streaming_content)
