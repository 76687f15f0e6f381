"""Programme statistics: the figures equal sums computed here, independently, from the ledger
entries and the outcome rows; the headline is computed; page, XLSX, PDF and API agree."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from p4_world import p4_projects

from fachkraefte.web.funding.models import LedgerEntry
from fachkraefte.web.outcomes.models import OutcomeResult, ParticipantCount
from fachkraefte.web.programmestats import selectors
from fachkraefte.web.programmestats.headline import euro_text, programme_headline
from fachkraefte.web.projects.models import Project

K = LedgerEntry.Kind
ZERO = Decimal("0")


def _independent(project: Project) -> dict:
    """One project's figures straight from the rows, without the app's code."""
    if project.proposal_id is None:
        committed = project.approved_amount
        paid = project.approved_amount if project.status == "closed" else ZERO
    else:
        by_proposal = LedgerEntry.objects.filter(proposal_id=project.proposal_id)
        by_project = LedgerEntry.objects.filter(project_id=project.pk)
        committed = sum(e.amount for e in by_proposal if e.kind == K.COMMITMENT) - sum(
            e.amount for e in by_proposal if e.kind == K.RELEASE
        )
        paid = sum(e.amount for e in by_project if e.kind == K.PAYMENT) - sum(
            e.amount for e in by_project if e.kind == K.RETURN
        )
    return {
        "committed": Decimal(committed),
        "paid": Decimal(paid),
        "participants": sum(row.count for row in ParticipantCount.objects.filter(project=project)),
        "outcomes": sum(
            row.count
            for row in OutcomeResult.objects.filter(project=project)
            if row.kind == OutcomeResult.Kind.ACHIEVED
        ),
    }


def _expected_by(world, group_of) -> dict[str, dict]:
    expected: dict[str, dict] = defaultdict(
        lambda: {"projects": 0, "committed": ZERO, "paid": ZERO, "participants": 0, "outcomes": 0}
    )
    for project in Project.objects.filter(programme=world.saxony):
        figures = _independent(project)
        for key in group_of(project):
            row = expected[key]
            row["projects"] += 1
            for name in ("committed", "paid", "participants", "outcomes"):
                row[name] += figures[name]
    return dict(expected)


def _got(world, dimension: str) -> dict[str, dict]:
    rows = selectors.statistics_rows(programme=world.saxony, dimension=dimension)
    return {
        row.key: {
            "projects": row.projects,
            "committed": row.committed,
            "paid": row.paid,
            "participants": row.participants,
            "outcomes": row.outcomes,
        }
        for row in rows
    }


def test_the_world_books_every_kind_of_entry(world):
    p4_projects(world)
    kinds = set(
        LedgerEntry.objects.filter(proposal__project__isnull=False).values_list("kind", flat=True)
    )
    assert kinds == {K.COMMITMENT, K.RELEASE, K.PAYMENT, K.RETURN}


@pytest.mark.parametrize(
    ("dimension", "group_of"),
    [
        ("jahr", lambda p: [str(p.funding_year)]),
        ("kreis", lambda p: [d.ags for d in p.districts.all()] or [""]),
        ("land", lambda p: sorted({d.land for d in p.districts.all()}) or [""]),
        ("allianz", lambda p: [p.alliance.slug if p.alliance_id else ""]),
        ("handlungsfeld", lambda p: [str(p.action_field_id or "")]),
        ("thema", lambda p: sorted(set(p.themes)) or [""]),
        ("schwerpunkt", lambda p: [str(p.priority_id or "")]),
        ("zweckbindung", lambda p: [p.earmark.slug if p.earmark_id else ""]),
    ],
)
def test_statistics_equal_sums_from_the_ledger_and_the_outcomes(world, dimension, group_of):
    records = p4_projects(world)
    got = _got(world, dimension)
    assert got == _expected_by(world, group_of)
    if dimension == "jahr":
        # the platform project: 9,000 committed − 1,000 released; 5,000 paid − 500 returned
        # plus the running historic project (committed, nothing paid yet)
        assert got["2025"]["committed"] == Decimal("8000.00") + records.running.approved_amount
        assert got["2025"]["paid"] == Decimal("4500.00")
        assert got["2018"]["paid"] == Decimal("50000.00")  # closed historic: paid in full


def test_target_groups_count_their_own_participants(world):
    p4_projects(world)
    got = _got(world, "zielgruppe")
    expected = defaultdict(int)
    for row in ParticipantCount.objects.filter(project__programme=world.saxony):
        expected[row.target_group] += row.count
    assert {key: row["participants"] for key, row in got.items()} == {
        "unemployed": expected["unemployed"],
        "school_leavers": expected["school_leavers"],
        "international": 0,
    }


def test_totals_count_each_project_once(world):
    p4_projects(world)
    total = selectors.programme_totals(programme=world.saxony)
    projects = list(Project.objects.filter(programme=world.saxony))
    figures = [_independent(project) for project in projects]
    assert total.projects == len(projects) == 3
    assert total.committed == sum(f["committed"] for f in figures)
    assert total.paid == sum(f["paid"] for f in figures)
    assert total.outcomes == sum(f["outcomes"] for f in figures) == 55
    by_district = _got(world, "kreis")
    # the Welcome-Center counts in both of its districts: rows add up to more than the total
    assert sum(row["projects"] for row in by_district.values()) == 4


def test_the_headline_is_computed(world):
    assert "noch keine geförderten Projekte" in programme_headline(programme=world.saxony)
    records = p4_projects(world)
    assert programme_headline(programme=world.saxony) == (
        "Seit 2018 wurden 3 regionale Projekte mit 88.000 Euro gefördert."
    )
    records.closed.approved_amount = Decimal("44330000.00")
    records.closed.save()
    assert programme_headline(programme=world.saxony) == (
        "Seit 2018 wurden 3 regionale Projekte mit 44,3 Mio. Euro gefördert."
    )
    records.running.delete()
    records.platform.funding_year = 2016
    records.platform.save()
    assert programme_headline(programme=world.saxony).startswith("Seit 2016 wurden 2 regionale")


def test_euro_text_rounds_down():
    assert euro_text(Decimal("44399999.99")) == "44,3 Mio. Euro"
    assert euro_text(Decimal("999999.99")) == "999.999 Euro"


def test_the_xlsx_download_equals_the_page(world, clients):
    p4_projects(world)
    url = f"/foerderstatistik/?programm={world.saxony.slug}&nach=kreis"
    page = clients["anonymous"].get(url)
    assert page.status_code == 200
    view = page.context["view"]
    html = page.content.decode()
    assert view.headline in html
    shown = [*view.rows, view.total]
    for row in shown:
        assert row["label"] in html
    download = clients["anonymous"].get(url + "&format=xlsx")
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.content)).worksheets[0]
    header, *lines = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header == [str(c.label) for c in view.columns]
    assert [
        [line[0], line[1], Decimal(str(line[2])), Decimal(str(line[3])), line[4], line[5]]
        for line in lines
    ] == [
        [r["label"], r["projects"], r["committed"], r["paid"], r["participants"], r["outcomes"]]
        for r in shown
    ]
    csv_text = clients["anonymous"].get(url + "&format=csv").content.decode()
    assert csv_text.count("\n") == len(shown) + 1


def test_the_page_sorts_and_falls_back_on_unknown_input(world, clients):
    p4_projects(world)
    base = f"/foerderstatistik/?programm={world.saxony.slug}"
    by_year = clients["anonymous"].get(base + "&nach=jahr").context["view"]
    assert [row["label"] for row in by_year.rows] == ["2018", "2025"]
    descending = clients["anonymous"].get(base + "&nach=jahr&sort=-committed").context["view"]
    assert [row["label"] for row in descending.rows] == ["2018", "2025"]
    odd = clients["anonymous"].get("/foerderstatistik/?programm=nix&nach=nix&sort=nix")
    assert odd.status_code == 200 and odd.context["view"].dimension.slug == "jahr"


def test_the_page_without_projects_says_so(world, clients):
    response = clients["anonymous"].get("/foerderstatistik/")
    assert response.status_code == 200 and "noch keine geförderten Projekte" in (
        response.content.decode()
    )
    assert clients["anonymous"].get("/foerderstatistik/bericht.pdf").status_code == 404


def test_the_pdf_report_is_tagged_and_holds_the_headline(world, clients):
    p4_projects(world)
    response = clients["anonymous"].get(
        f"/foerderstatistik/bericht.pdf?programm={world.saxony.slug}"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF") and b"StructTreeRoot" in body


def test_the_api_gives_the_same_figures(world, clients):
    p4_projects(world)
    listing = clients["anonymous"].get("/api/programme-statistics/").json()
    (only,) = listing
    assert only["programme"] == world.saxony.slug
    assert only["headline"] == programme_headline(programme=world.saxony)
    assert (
        Decimal(only["total"]["committed"])
        == selectors.programme_totals(programme=world.saxony).committed
    )
    detail = clients["anonymous"].get(
        f"/api/programme-statistics/{world.saxony.slug}/?dimension=zielgruppe"
    )
    assert detail.status_code == 200
    rows = {row["key"]: row for row in detail.json()["rows"]}
    assert rows["unemployed"]["participants"] == 20
    wrong = clients["anonymous"].get(f"/api/programme-statistics/{world.saxony.slug}/?dimension=x")
    assert wrong.status_code == 400
    assert clients["anonymous"].get("/api/programme-statistics/gibt-es-nicht/").status_code == 404
