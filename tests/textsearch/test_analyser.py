"""The German analyser: stems, compound parts, and a labelled list against over- and under-splitting."""

from __future__ import annotations

import pytest

from fachkraefte.textsearch import analyse, compound_parts, query_terms
from fachkraefte.textsearch.analyser import words


def matches(query: str, text: str) -> bool:
    """The search's match rule on plain sets: every query word by its stem or all its parts."""
    terms = set(analyse(text))
    return all(
        any(set(option) <= terms for option in term.alternatives) for term in query_terms(query)
    )


# Labelled by hand: the parts a compound must split into (first level), or () for a word that
# must stay whole because its "parts" are prefixes or fragments, not words of their own.
COMPOUNDS = {
    "Pflegekräfte": ("pflege", "kräfte"),
    "Fachkräfte": ("fach", "kräfte"),
    "Fachkräftesicherung": ("fachkräfte", "sicherung"),
    "Ausbildungsbudget": ("ausbildungs", "budget"),
    "Krankenhäuser": ("kranken", "häuser"),
    "Kinderbetreuung": ("kinder", "betreuung"),
    "Familienzentren": ("familien", "zentren"),
    "Lohnatlas": ("lohn", "atlas"),
    "Sozialwirtschaft": ("sozial", "wirtschaft"),
    "Landkreis": ("land", "kreis"),
    "Arbeitsmarkt": ("arbeits", "markt"),
    "Willkommenskultur": ("willkommens", "kultur"),
    "Pflegequalifizierungszentrum": ("pflege", "qualifizierungszentrum"),
    "Berufsorientierung": ("berufs", "orientierung"),
    "Zukunftsdialog": ("zukunfts", "dialog"),
    # must stay whole
    "Unternehmen": (),
    "Unterstützung": (),
    "Anerkennung": (),
    "Verantwortung": (),
    "Gesellschaft": (),
    "Ausbildung": (),
    "Bildung": (),
    "Beratung": (),
    "Mitarbeiter": (),
    "Vorstellung": (),
    "Einstellung": (),
    "Aufstieg": (),
    "Erzieherin": (),
    "Betrieb": (),
    "Pflege": (),
    "Babenhausen": (),
    "Digitalisierung": (),
    "Qualifizierung": (),
}


@pytest.mark.parametrize(("word", "parts"), COMPOUNDS.items())
def test_labelled_compounds_split_as_labelled(word, parts):
    assert compound_parts(word) == parts


@pytest.mark.parametrize("query", ["Pflege", "Kräfte in der Pflege", "Pflegekraft", "pflegekräfte"])
def test_care_queries_find_care_workers_for_hospitals(query):
    assert matches(query, "Pflegekräfte für Krankenhäuser gewinnen")


def test_a_compound_query_finds_its_parts_written_apart():
    assert matches("Fachkräftesicherung", "Sicherung von Fachkräften")


def test_words_written_apart_find_the_compound():
    assert matches("Budget Ausbildung", "Ausbildungsbudget")
    assert matches("Budget Ausbildung", "Hessisches Ausbildungs- und Qualifizierungsbudget")


def test_every_query_word_must_match():
    assert not matches("Pflege Metall", "Pflegekräfte für Krankenhäuser gewinnen")
    assert not matches("Kinder", "Pflegekräfte für Krankenhäuser gewinnen")


def test_a_whole_word_is_not_found_by_a_fragment_of_it():
    # "Unternehmen" is not split, so "nehmen" finds nothing in it
    assert not matches("nehmen", "Unternehmen in der Region")


def test_stop_words_and_punctuation_carry_no_terms():
    assert words("Kräfte in der Pflege, für alle!") == ["kräfte", "pflege"]
    assert query_terms("in der und") == []


def test_umlauts_and_inflection_meet_in_one_stem():
    assert analyse("Kräfte")[0] == analyse("Kraft")[0] == analyse("Kräften")[0]


def test_digits_stay_searchable():
    assert "813" in analyse("KldB 813 Gesundheits- und Krankenpflege")
