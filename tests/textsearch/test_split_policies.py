"""One analyser, two split policies: real German phrases through both, and what differs."""

from __future__ import annotations

import pytest

from fachkraefte.textsearch.analyser import EAGER, STRICT, analyse, compound_parts

# Phrase: (STRICT terms, EAGER terms). Where both policies agree the two lists are the same.
PHRASES = {
    "Pflegefachkraft": (
        ["pflegefachkraft", "pfleg", "fachkraft", "fach", "kraft"],
        ["pflegefachkraft", "pfleg", "fachkraft", "fach", "kraft"],
    ),
    "Fachkräftesicherung": (
        ["fachkraftesicher", "fachkraft", "fach", "kraft", "sicher"],
        ["fachkraftesicher", "fachkraft", "fach", "kraft", "sicher"],
    ),
    "Altenpflegehelferin": (
        ["altenpflegehelf", "altenpfleg", "alt", "pfleg", "helf"],
        ["altenpflegehelf", "altenpfleg", "alt", "pfleg", "helf"],
    ),
    "Qualifizierungsmaßnahmen": (
        ["qualifizierungsmassnahm", "qualifizier", "massnahm"],
        ["qualifizierungsmassnahm", "qualifizier", "massnahm"],
    ),
    # STRICT takes a weak split when its tail is a compound of its own; EAGER only the best one
    "Ausbildungsplatzbörse": (
        ["ausbildungsplatzbors", "ausbild", "platzbors", "platz", "bors"],
        ["ausbildungsplatzbors"],
    ),
    # EAGER takes any positive score, prefixes included; STRICT keeps these words whole
    "Unternehmen": (["unternehm"], ["unternehm", "unt", "nehm"]),
    "Anerkennungsberatung": (
        ["anerkennungsberat", "anerkenn", "berat"],
        ["anerkennungsberat", "anerkenn", "aner", "kennung", "berat"],
    ),
    # EAGER splits three levels deep, STRICT two
    "Weiterbildungsverbund": (
        ["weiterbildungsverbund", "weiterbild", "verbund"],
        ["weiterbildungsverbund", "weiterbild", "weit", "bildung", "bild", "ung", "verbund"],
    ),
    # EAGER splits written-out umlauts as the umlaut
    "Fachkraefte": (["fachkraft"], ["fachkraft", "fach", "kraft"]),
    # EAGER keeps a hyphenated word whole besides its pieces; STRICT cuts at the hyphen
    "Kfz-Mechatroniker": (["kfz", "mechatron"], ["kfzmechatron", "kfz", "mechatron"]),
    # EAGER drops numbers and number words, which must not make two texts similar
    "20 Plätze, zwölf Monate in der Pflege": (
        ["20", "platz", "zwolf", "monat", "pfleg"],
        ["platz", "monat", "pfleg"],
    ),
}


@pytest.mark.parametrize(("phrase", "expected"), PHRASES.items())
def test_both_policies_keep_their_terms(phrase, expected):
    assert (analyse(phrase, STRICT), analyse(phrase, EAGER)) == expected


def test_strict_is_the_default():
    assert all(analyse(phrase) == strict for phrase, (strict, _) in PHRASES.items())


def test_a_split_is_cached_per_policy():
    assert compound_parts("Unternehmen", STRICT) == ()
    assert compound_parts("Unternehmen", EAGER) == ("unter", "nehmen")
    assert compound_parts("Unternehmen") == ()
