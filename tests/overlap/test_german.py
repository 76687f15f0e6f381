"""The overlap check's German analyser (``EAGER``): stems, compound parts, umlauts, ß, stop
words and numbers."""

from __future__ import annotations

from fachkraefte.textsearch.analyser import EAGER
from fachkraefte.textsearch.analyser import analyse as analyse_with


def analyse(text: str) -> list[str]:
    return analyse_with(text, EAGER)


def test_compounds_meet_in_their_parts():
    helpers, assistants = set(analyse("Pflegehilfskräfte")), set(analyse("Pflegehelfer"))
    assert "pfleg" in helpers & assistants
    assert {"pflegehilfskraft", "hilfskraft", "kraft"} <= helpers
    assert "kurs" in set(analyse("Sprachkurse")) & set(analyse("Deutschkurse"))


def test_inflected_forms_share_their_stem():
    assert analyse("Pflegekräfte") == analyse("Pflegekraft")
    assert set(analyse("Schülerinnen")) & set(analyse("Schüler"))


def test_umlauts_and_sharp_s_are_folded():
    assert analyse("Straße") == analyse("Strasse") == ["strass"]
    assert analyse("größer") == analyse("groesser")
    assert analyse("Fachkräfte") == analyse("Fachkraefte")
    assert all(not set("äöüß") & set(term) for term in analyse("Übergänge für Größere"))


def test_stop_words_and_numbers_are_dropped():
    assert analyse("und der die das mit für") == []
    assert analyse("20 Teilnehmende, 50.000 Euro, 2027, zwölf Monate") == ["teilnehm", "monat"]


def test_terms_are_lower_case_and_in_text_order():
    terms = analyse("Willkommenslotsen begleiten Fachkräfte")
    assert terms == [t.lower() for t in terms]
    assert terms.index("lots") < terms.index("fachkraft")
