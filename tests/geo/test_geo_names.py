"""Finding regions by name as people write them."""

from __future__ import annotations

import datetime as dt

import pytest

from fachkraefte import geo
from fachkraefte.geo.names import fold

REFERENCE = dt.date(2018, 12, 31)

pytestmark = pytest.mark.usefixtures("regions_store")


def test_every_kreis_round_trips_from_code_to_name():
    ambiguous = []
    for kreis in geo.districts(as_of=REFERENCE):
        name = geo.region(kreis.ags).name
        try:
            found = geo.find_region(name, as_of=REFERENCE)
        except geo.AmbiguousRegionError as error:
            # a city and a Landkreis of the same name (Kassel, Landshut, …): the kind decides
            assert kreis in error.candidates and len(error.candidates) == 2
            assert {c.is_city for c in error.candidates} == {True, False}
            ambiguous.append(kreis.ags)
            found = geo.find_region(f"{kreis.kind} {name}", as_of=REFERENCE)
        assert found.ags == kreis.ags, name
        assert geo.find_region(kreis.label, as_of=REFERENCE).ags == kreis.ags
    assert "06633" in ambiguous and "06438" in ambiguous and "06611" not in ambiguous
    assert len(ambiguous) == 38


def test_laender_and_bezirke_by_name():
    for region in geo.laender() + geo.regierungsbezirke():
        assert geo.find_region(region.name).ags == region.ags
    assert geo.find_region("Regierungsbezirk Kassel").ags == "066"
    assert geo.find_region("RB Gießen").ags == "065"
    assert geo.find_region("Berlin").ags == "11"  # the Land; its Kreis is 'Berlin, Stadt'
    assert geo.find_region("Berlin, Stadt").ags == "11000"
    assert geo.find_region("Berlin", level="kreis").ags == "11000"


@pytest.mark.parametrize(
    ("written", "ags"),
    [
        ("Giessen", "06531"),
        ("GIESSEN", "06531"),
        ("Landkreis Gießen", "06531"),
        ("Kreis Giessen", "06531"),
        ("Gießen-Kreis", "06531"),
        ("LK Gießen", "06531"),
        ("Stadt Kassel", "06611"),
        ("Kassel, Stadt", "06611"),
        ("Kassel Stadt", "06611"),
        ("kreisfreie Stadt Kassel", "06611"),
        ("Kassel, documenta-Stadt", "06611"),
        ("Landkreis Kassel", "06633"),
        ("Kassel, Landkreis", "06633"),
        ("Kreis Offenbach", "06438"),
        ("Offenbach am Main", "06413"),
        ("Stadt Offenbach", "06413"),
        ("Darmstadt", "06411"),
        ("Darmstadt Wissenschaftsstadt", "06411"),
        ("Wissenschaftsstadt Darmstadt", "06411"),
        ("Darmstadt-Dieburg", "06432"),
        ("Main-Kinzig", "06435"),
        ("Main Kinzig Kreis", "06435"),
        ("Wetterau", "06440"),
        ("Wetterau-Kreis", "06440"),
        ("Hochtaunus", "06434"),
        ("Werra-Meissner-Kreis", "06636"),
        ("Frankfurt am Main", "06412"),
        ("Frankfurt (Oder)", "12053"),
        ("Frankfurt/Oder", "12053"),
        ("Muenchen, Landeshauptstadt", "09162"),
        ("Landkreis München", "09184"),
        ("Landeshauptstadt München", "09162"),
        ("Mühldorf", "09183"),
        ("Mühldorf a. Inn", "09183"),
        ("Landkreis Rostock", "13072"),
        ("Stadtkreis Stuttgart", "08111"),
        ("Saarbrücken", "10041"),
        ("Halle", "15002"),
        ("Oldenburg (Oldenburg)", "03403"),
        ("06411", "06411"),
        ("DE731", "06611"),
    ],
)
def test_spelling_variants(written, ags):
    assert geo.find_region(written).ags == ags


@pytest.mark.parametrize(
    ("written", "candidates"),
    [
        ("Kassel", {"06611", "06633"}),
        ("Offenbach", {"06413", "06438"}),
        ("München", {"09162", "09184"}),
        ("Frankfurt", {"06412", "12053"}),
        ("Neustadt", {"07316", "09374", "09575"}),
    ],
)
def test_ambiguous_names_list_their_candidates(written, candidates):
    with pytest.raises(geo.AmbiguousRegionError) as caught:
        geo.find_region(written)
    assert {r.ags for r in caught.value.candidates} == candidates
    for ags in candidates:
        assert ags in str(caught.value)
    assert "mehrdeutig" in str(caught.value) and "ambiguous" in str(caught.value)


def test_unknown_names_suggest_close_matches():
    with pytest.raises(geo.UnknownRegionError) as caught:
        geo.find_region("Frnakfurt am Main")
    assert "06412" in [r.ags for r in caught.value.suggestions]
    assert "06412 Frankfurt am Main, Stadt" in str(caught.value)
    with pytest.raises(geo.UnknownRegionError) as caught:
        geo.find_region("Atlantis")
    assert caught.value.suggestions == []
    assert isinstance(caught.value, LookupError)


def test_dissolved_kreis_is_found_by_name():
    eisenach = geo.find_region("Eisenach")
    assert (eisenach.ags, eisenach.merged_into) == ("16056", "16063")


def test_fold_is_tolerant_to_umlaut_spellings():
    assert fold("Gießen") == fold("Giessen") == fold("GIESSEN")
    assert fold("Düsseldorf") == fold("Duesseldorf") == fold("Dusseldorf")
    assert fold("Werra-Meißner-Kreis") == fold("werra meissner kreis")
