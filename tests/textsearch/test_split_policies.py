"""One analyser, two split policies: real German phrases through both, and what differs.

The expected terms are those of the two analysers this module replaced (the site search's and
the overlap check's), so the policies pin the old behaviour term for term, order included.
"""

from __future__ import annotations

import pytest

from fachkraefte.textsearch.analyser import EAGER, STRICT, analyse, compound_parts

# Phrase: (STRICT terms, EAGER terms).
PHRASES = {
    # the same terms
    "Pflegefachkraft": (
        ["pflegefachkraft", "pfleg", "fachkraft", "fach", "kraft"],
        ["pflegefachkraft", "pfleg", "fachkraft", "fach", "kraft"],
    ),
    "Berufskraftfahrer": (
        ["berufskraftfahr", "beruf", "kraftfahr", "kraft", "fahr"],
        ["berufskraftfahr", "beruf", "kraftfahr", "kraft", "fahr"],
    ),
    "Medizinische Fachangestellte": (
        ["medizin", "fachangestellt", "fach", "angestellt"],
        ["medizin", "fachangestellt", "fach", "angestellt"],
    ),
    "Qualifizierungsmaßnahmen für Geflüchtete": (
        ["qualifizierungsmassnahm", "qualifizier", "massnahm", "geflucht"],
        ["qualifizierungsmassnahm", "qualifizier", "massnahm", "geflucht"],
    ),
    # the same terms; EAGER lists a compound's two parts before the parts of its parts
    "Fachkräftesicherung": (
        ["fachkraftesicher", "fachkraft", "fach", "kraft", "sicher"],
        ["fachkraftesicher", "fachkraft", "sicher", "fach", "kraft"],
    ),
    "Teilzeitausbildung für Alleinerziehende": (
        ["teilzeitausbild", "teilzeit", "teil", "zeit", "ausbild", "alleinerzieh"],
        ["teilzeitausbild", "teilzeit", "ausbild", "teil", "zeit", "alleinerzieh"],
    ),
    # STRICT takes a weak split when its tail is a compound of its own; EAGER only the best one
    "Ausbildungsplatzbörse": (
        ["ausbildungsplatzbors", "ausbild", "platzbors", "platz", "bors"],
        ["ausbildungsplatzbors"],
    ),
    "Pflegequalifizierungszentrum": (
        [
            "pflegequalifizierungszentrum",
            "pfleg",
            "qualifizierungszentrum",
            "qualifizier",
            "zentrum",
        ],
        ["pflegequalifizierungszentrum"],
    ),
    # EAGER takes any positive score, prefixes included; STRICT keeps these words whole
    "Unternehmen": (["unternehm"], ["unternehm", "unt", "nehm"]),
    "Anerkennungsberatung": (
        ["anerkennungsberat", "anerkenn", "berat"],
        ["anerkennungsberat", "anerkenn", "berat", "aner", "kennung"],
    ),
    "Willkommenslotsen begleiten Fachkräfte": (
        ["willkommenslots", "willkomm", "lots", "begleit", "fachkraft", "fach", "kraft"],
        [
            "willkommenslots",
            "willkomm",
            "lots",
            "will",
            "komm",
            "begleit",
            "fachkraft",
            "fach",
            "kraft",
        ],
    ),
    # EAGER splits three levels deep, STRICT two
    "Weiterbildungsverbund": (
        ["weiterbildungsverbund", "weiterbild", "verbund"],
        ["weiterbildungsverbund", "weiterbild", "verbund", "weit", "bildung", "bild", "ung"],
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
