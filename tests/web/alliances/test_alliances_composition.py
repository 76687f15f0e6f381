"""``composition_status``: hand-made cases, and Saxony's shipped rule set from the migration."""

from __future__ import annotations

import pytest

from fachkraefte.web.alliances.selectors import seat_rules
from fachkraefte.web.programmes.composition import Candidate, SeatRule, composition_status
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes

DISTRICT = SeatRule(key="district", label="Kreis", categories=("district",))
TOWNS = SeatRule(
    key="towns", label="Städte", categories=("town",), min_count=2, min_inhabitants=10_000
)
EMPLOYERS = SeatRule(
    key="employers", label="Arbeitgeber oder Kammer", categories=("employers", "chamber")
)
CHAMBER = SeatRule(key="chamber", label="Kammer", categories=("chamber",))
MIGRANT = SeatRule(key="migrant", label="Migration", categories=("migrant",), required=False)


def member(
    key: str, category: str, inhabitants: int | None = None, region: str | None = None
) -> Candidate:
    return Candidate(key=key, name=key, category=category, inhabitants=inhabitants, region=region)


def test_town_under_10000_does_not_count():
    status = composition_status(
        [TOWNS],
        [member("big", "town", 25_000), member("small", "town", 9_999), member("unknown", "town")],
    )
    (seat,) = status.seats
    assert [m.key for m in seat.filled_by] == ["big"]
    assert seat.missing == 1 and not status.complete
    assert {m.key for m in status.unassigned} == {"small", "unknown"}


def test_exactly_10000_does_not_count():
    # "mit mehr als 10 000 Einwohnern": the threshold is exclusive.
    status = composition_status([TOWNS], [member("a", "town", 10_000), member("b", "town", 10_001)])
    assert not status.complete
    assert [m.key for m in status.seats[0].filled_by] == ["b"]
    status = composition_status([TOWNS], [member("a", "town", 10_002), member("b", "town", 10_001)])
    assert status.complete


DISTRICT_TOWNS = SeatRule(
    key="towns",
    label="Kreisangehörige Städte",
    categories=("town",),
    min_count=2,
    min_inhabitants=10_000,
    district_towns=True,
)


def test_district_towns_must_lie_in_one_of_the_alliances_rural_districts():
    towns = [
        member("bautzen", "town", 38_000, region="14625"),
        member("zittau", "town", 25_000, region="14626"),
        member("loebau", "town", 14_000, region="14626"),
        member("nowhere", "town", 50_000),
    ]
    status = composition_status([DISTRICT_TOWNS], towns, districts={"14626"})
    (seat,) = status.seats
    assert seat.applicable and status.complete
    assert {m.key for m in seat.filled_by} == {"zittau", "loebau"}
    assert {m.key for m in status.unassigned} == {"bautzen", "nowhere"}
    # without Löbau the town from the neighbouring district does not make up for it
    status = composition_status([DISTRICT_TOWNS], towns[:2] + towns[3:], districts={"14626"})
    assert status.seats[0].missing == 1 and not status.complete
    # an alliance over both districts may take towns from either
    status = composition_status([DISTRICT_TOWNS], towns[:2], districts={"14625", "14626"})
    assert status.complete


def test_district_towns_seat_does_not_apply_to_a_kreisfreie_stadt():
    status = composition_status(
        [DISTRICT, DISTRICT_TOWNS], [member("stadt", "district", region="14612")], districts=()
    )
    district, towns = status.seats
    assert not towns.applicable and towns.missing == 0 and towns.satisfied
    assert district.applicable and status.complete and status.missing_required == 0
    # a town member cannot fill it either
    status = composition_status(
        [DISTRICT_TOWNS], [member("x", "town", 20_000, region="14612")], districts=()
    )
    assert status.seats[0].filled_by == () and status.complete


def test_a_member_fills_one_seat_only_and_the_narrow_rule_first():
    # The chamber could sit in either rule; it takes "Kammer" and leaves the broad seat open.
    status = composition_status([EMPLOYERS, CHAMBER], [member("ihk", "chamber")])
    employers, chamber = status.seats
    assert [m.key for m in chamber.filled_by] == ["ihk"]
    assert employers.filled_by == () and employers.missing == 1
    assert not status.complete and status.missing_required == 1
    # with an employers' association as well, both seats are filled, each by one member
    status = composition_status(
        [EMPLOYERS, CHAMBER], [member("ihk", "chamber"), member("verband", "employers")]
    )
    assert status.complete
    assert [s.filled_by[0].key for s in status.seats] == ["verband", "ihk"]


def test_two_chambers_fill_both_seats():
    status = composition_status(
        [EMPLOYERS, CHAMBER], [member("hwk", "chamber"), member("ihk", "chamber")]
    )
    assert status.complete
    assert sum(seat.filled for seat in status.seats) == 2


def test_optional_seats_do_not_affect_completeness():
    status = composition_status([DISTRICT, MIGRANT], [member("kreis", "district")])
    assert status.complete and status.missing_required == 0
    assert status.seats[1].missing == 1  # shown as open, but optional
    status = composition_status([DISTRICT, MIGRANT], [member("verein", "migrant")])
    assert not status.complete and status.missing_required == 1


def test_required_seat_is_filled_before_an_optional_one_of_the_same_category():
    optional_district = SeatRule(
        key="x", label="weiterer Kreis", categories=("district",), required=False
    )
    status = composition_status([optional_district, DISTRICT], [member("kreis", "district")])
    assert status.seats[1].filled == 1 and status.seats[0].filled == 0
    assert status.complete


def test_no_members_and_no_rules():
    assert composition_status([], []).complete
    status = composition_status([DISTRICT, TOWNS], [])
    assert [seat.missing for seat in status.seats] == [1, 2]
    assert status.missing_required == 3


@pytest.mark.django_db
def test_saxony_rule_set_is_shipped_with_its_source():
    ensure_shipped_programmes()  # present after migrating, unless a transactional test flushed
    assert ensure_shipped_programmes() == 0
    saxony = Programme.objects.get(slug="sachsen-fachkraefteallianzen")
    assert "SMWA" in saxony.source
    rules = seat_rules(saxony)
    required = [rule for rule in rules if rule.required]
    assert len(required) == 7 and sum(rule.min_count for rule in required) == 8
    towns = next(rule for rule in rules if rule.categories == ("town",))
    assert towns.min_count == 2 and towns.min_inhabitants == 10_000 and towns.district_towns
    assert [rule.district_towns for rule in rules].count(True) == 1
    assert {rule.categories[0] for rule in rules if not rule.required} == {
        "migrant",
        "university",
        "equal_opportunity",
    }
    full = [
        member("lk", "district", region="14626"),
        member("s1", "town", 30_000, region="14626"),
        member("s2", "town", 12_000, region="14626"),
        member("hwk", "chamber"),
        member("dgb", "union"),
        member("aa", "employment_agency"),
        member("schule", "school"),
        member("wf", "economic_development"),
    ]
    assert composition_status(rules, full, districts={"14626"}).complete
    assert not composition_status(rules, full[:-1], districts={"14626"}).complete
    # the same towns do not count for an alliance of another district
    assert not composition_status(rules, full, districts={"14625"}).complete
    # Dresden (kreisfreie Stadt): the towns seat falls away, the rest must still be filled
    city = [m for m in full if m.category != "town"]
    assert composition_status(rules, city, districts=()).complete
    assert (
        Programme.objects.filter(
            slug__in=["hessen-zukunftsgerecht-regional", "niedersachsen-fachkraeftebuendnisse"],
            composition_rules__isnull=True,
        ).count()
        == 2
    )
