"""The catalogue: proposing, the office's review, public pages, lists, exports, the video
consent, funded projects as entries, and the measures shown on other pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from knowledge_world import matrix_measure, matrix_practice, publish
from role_world import SECRET

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.core.models import Region
from fachkraefte.web.knowledge import selectors, services
from fachkraefte.web.knowledge.models import Curation, GoodPractice, Measure
from fachkraefte.web.knowledge.workflows import ARCHIVED, IN_REVIEW, PUBLISHED
from fachkraefte.web.projects.models import Project
from fachkraefte.web.sitesearch.models import Kind
from fachkraefte.web.sitesearch.selectors import search

pytestmark = pytest.mark.django_db


def test_a_member_proposes_the_office_publishes(world, clients):
    member = world.users["member"]
    response = clients["member"].post(
        reverse("knowledge:measure_create"),
        {
            "alliance": world.a.pk,
            "title": "Pflegelotsen im Landkreis",
            "slug": "pflegelotsen",
            "summary": "Lotsen begleiten Pflegekräfte aus dem Ausland.",
            "districts": ["14626"],
            "action_areas": ["attract_retain"],
            "target_groups": ["international"],
            "occupations": "813, 821",
            "activity": "running",
            "links": "https://example.org/pflegelotsen",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    measure = Measure.objects.get(slug="pflegelotsen")
    assert (measure.state, measure.alliance, measure.created_by) == ("draft", world.a, member)
    assert measure.occupations == ["813", "821"]
    detail = reverse("knowledge:measure", args=["pflegelotsen"])
    assert clients["anonymous"].get(detail).status_code == 404
    assert clients["outsider"].get(detail).status_code == 404
    transition = reverse("knowledge:measure_transition", args=["pflegelotsen"])
    # from a draft there is no step to "published" (400); from review it is the office's (403)
    assert clients["member"].post(transition, {"state": PUBLISHED}).status_code == 400
    assert clients["member"].post(transition, {"state": IN_REVIEW}).status_code == 302
    # in review: the member may no longer edit; the office reviews
    edit = reverse("knowledge:measure_edit", args=["pflegelotsen"])
    assert clients["member"].get(edit).status_code == 403
    assert clients["member"].post(transition, {"state": PUBLISHED}).status_code == 403
    assert clients["coordination"].get(edit).status_code == 200
    assert clients["coordination"].post(transition, {"state": PUBLISHED}).status_code == 302
    page = clients["anonymous"].get(detail)
    assert page.status_code == 200 and "Pflegelotsen im Landkreis" in page.content.decode()
    assert "Änderungsprotokoll" not in page.content.decode()
    trail = selectors.entry_trail(entry=measure)
    assert [e.action for e in trail] == ["update", "update", "create"]
    assert trail[0].changes["state"] == ["in_review", "published"]
    assert trail[0].alliance == world.a


def test_the_table_refuses_undeclared_steps(world, clients):
    measure = matrix_measure(world, Curation.DRAFT)
    url = reverse("knowledge:measure_transition", args=[measure.slug])
    response = clients["coordination"].post(url, {"state": ARCHIVED})
    assert response.status_code == 400
    assert "Von „Entwurf“ geht es nicht zu „archiviert“" in response.content.decode()
    measure.refresh_from_db()
    assert measure.state == Curation.DRAFT


def test_services_ask_the_rules_and_check_the_values(world):
    office, outsider = world.users["coordination"], world.users["outsider"]
    with pytest.raises(PermissionDenied):
        services.measure_create(actor=outsider, alliance=world.a, slug="x", title="X", summary="Y")
    with pytest.raises(PermissionDenied):
        services.measure_create(
            actor=world.users["applicant"], alliance=None, slug="x", title="X", summary="Y"
        )
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            actor=office,
            alliance=None,
            slug="neu",
            title="X",
            summary="Y",
            occupations=["999"],
            action_areas=["fliegen"],
            links=["javascript:alert(1)"],
            starts_on=dt.date(2024, 1, 1),
            ends_on=dt.date(2023, 1, 1),
            districts=[Region.objects.get(ags="14")],
        )
    assert set(error.value.error_dict) == {
        "slug",
        "occupations",
        "action_areas",
        "links",
        "ends_on",
        "districts",
    }
    published = matrix_measure(world, Curation.PUBLISHED)
    with pytest.raises(PermissionDenied):
        services.measure_update(actor=world.users["member"], measure=published, title="neu")


def test_lists_filter_sort_and_export(world, clients, office_catalogue):
    url = reverse("knowledge:measures")
    body = clients["anonymous"].get(url).content.decode()
    assert "Maßnahme (published)" in body and SECRET not in body
    body = clients["anonymous"].get(url + "?beruf=813&sort=-title").content.decode()
    assert "Pflegekräfte gewinnen" in body and "Kitaplätze" not in body
    in_district = clients["anonymous"].get(url + "?kreis=06432").content.decode()
    assert "Kitaplätze" in in_district and "Maßnahme (published)" not in in_district
    mine = clients["member"].get(url + "?stand=bearbeitung").content.decode()
    assert f"{SECRET} Maßnahme (draft)" in mine
    assert SECRET not in clients["outsider"].get(url + "?stand=bearbeitung").content.decode()
    export = clients["anonymous"].get(url + "?format=xlsx&beruf=813")
    sheet = openpyxl.load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Maßnahme" and [r[0] for r in rows[1:]] == ["Pflegekräfte gewinnen"]
    csv = clients["anonymous"].get(url + "?format=csv").content.decode("utf-8-sig")
    assert "Kitaplätze" in csv and SECRET not in csv
    practices = clients["anonymous"].get(reverse("knowledge:practices") + "?format=csv")
    assert "Muster GmbH" in practices.content.decode("utf-8-sig")


@pytest.fixture()
def office_catalogue(world):
    office = world.users["coordination"]
    for state in Curation.values:
        matrix_measure(world, state)
        matrix_practice(world, state)
    for slug, title, codes in (
        ("pflege", "Pflegekräfte gewinnen", ["813"]),
        ("kita", "Kitaplätze schaffen", []),
    ):
        measure = services.measure_create(
            actor=office,
            alliance=None,
            slug=slug,
            title=title,
            summary=title,
            occupations=codes,
            districts=[Region.objects.get(ags="06432")],
        )
        publish(office, measure)


def test_video_loads_only_after_consent(world, client):
    practice = matrix_practice(world)
    GoodPractice.objects.filter(pk=practice.pk).update(
        video_url="https://www.youtube.com/watch?v=abc123"
    )
    url = reverse("knowledge:practice", args=[practice.slug])
    before = client.get(url)
    body = before.content.decode()
    assert "<iframe" not in body and "youtube-nocookie" not in body
    assert "www.youtube.com" in body and "Zustimmen und Video laden" in body
    assert "frame-src" not in before["Content-Security-Policy"]
    after = client.get(url + "?video=zugestimmt")
    assert 'src="https://www.youtube-nocookie.com/embed/abc123"' in after.content.decode()
    assert after["Content-Security-Policy"].endswith("frame-src https://www.youtube-nocookie.com")


def test_funded_projects_become_catalogue_entries(world, client):
    project = Project.objects.create(
        programme=world.saxony,
        alliance=world.a,
        title="Pflegeschule am Klinikum",
        summary="Ausbildung in der Pflege.",
        recipient="Klinikum A",
        funding_year=2024,
        approved_amount=Decimal("10000"),
        occupations=["813"],
        internal_note=f"{SECRET} intern",
        status=Project.Status.RUNNING,
    )
    project.districts.set([Region.objects.get(ags="14626")])
    entry = services.measure_from_project(project=project)
    assert (entry.state, entry.origin_project, entry.provider) == (
        "published",
        project,
        "Klinikum A",
    )
    assert [d.ags for d in entry.districts.all()] == ["14626"]
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Dieser Eintrag stammt aus einem geförderten Projekt" in page and SECRET not in page
    project.status, project.title = Project.Status.CLOSED, "Pflegeschule"
    project.save()
    again = services.measure_from_project(project=project)
    assert again.pk == entry.pk and again.activity == "ended" and again.title == "Pflegeschule"
    hits = search(query="Pflegeschule", kind=Kind.MEASURE)
    assert [h.document.title for h in hits] == ["Pflegeschule"]
    assert [h.document.title for h in search(query="Pflegeschule", kind=Kind.PROJECT)] == [
        "Pflegeschule"
    ]
    assert not search(query="intern", kind=Kind.PROJECT)
    assert AuditEntry.objects.filter(object_id=str(entry.pk), action="update").exists()
    # unchanged: nothing written or audited again; a new district is written
    trail = AuditEntry.objects.filter(object_id=str(entry.pk)).count()
    services.measure_from_project(project=project)
    assert AuditEntry.objects.filter(object_id=str(entry.pk)).count() == trail
    project.districts.add(Region.objects.get(ags="06432"))
    services.measure_from_project(project=project)
    assert sorted(d.ags for d in entry.districts.all()) == ["06432", "14626"]


def test_measures_in_districts_and_for_an_occupation(world, office_catalogue):
    found = selectors.measures_in_districts(ags_list=["06432", "14626"])
    assert [m.title for m in found["measures"]] == ["Kitaplätze schaffen", "Pflegekräfte gewinnen"]
    assert [p.title for p in found["practices"]] == ["Betrieb (published)"]
    assert selectors.measures_in_districts(ags_list=["09162"]) == {"measures": [], "practices": []}
    assert [m.title for m in selectors.measures_for_occupation(kldb3="813")] == [
        "Pflegekräfte gewinnen"
    ]


def test_partials_render(world, office_catalogue):
    from django.template import Context, Template

    html = Template(
        "{% load knowledge_tags %}{% measures_elsewhere ags %}{% measures_for_occupation '813' %}"
    ).render(Context({"ags": ["06432"]}))
    assert "Was ähnliche Kreise tun" in html and "Kitaplätze schaffen" in html
    assert "Maßnahmen, die hier ansetzen" in html and "/massnahmen/?beruf=813" in html


def test_demo_content_says_only_what_the_seeds_say(world):
    from django.contrib.auth import get_user_model

    from fachkraefte.web.knowledge.demo import (
        HESSEN_MEASURES,
        SEED_000_INTRO,
        ensure_demo_knowledge,
    )

    get_user_model().objects.filter(pk=world.users["coordination"].pk).update(
        username="koordination"
    )
    result = ensure_demo_knowledge()
    assert result["entries"] == len(HESSEN_MEASURES) + 1
    measures = Measure.objects.filter(source__startswith="Seed 000")
    assert measures.count() == 11 and {m.state for m in measures} == {"published"}
    welcome = measures.get(slug="welcomecenter-hessen")
    assert (welcome.summary, welcome.description, welcome.provider) == (SEED_000_INTRO, "", "")
    laessig = GoodPractice.objects.get(slug="laessig-gmbh-babenhausen")
    assert (laessig.employer, laessig.district_id, laessig.published_month) == (
        "Lässig GmbH",
        "06432",
        dt.date(2020, 8, 1),
    )
    assert (laessig.finding, laessig.video_url, laessig.sector) == ("", "", "")
    assert ensure_demo_knowledge()["entries"] == 0
    titles = [h.document.title for h in search(query="Budget Ausbildung")]
    assert titles == ["Hessisches Ausbildungs- und Qualifizierungsbudget"]
