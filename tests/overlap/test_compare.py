"""compare(): components side by side, the matching passage named, numbers never count,
structure named and vetoing duplicates across unrelated districts."""

from __future__ import annotations

import datetime as dt

from fachkraefte.overlap import DUPLICATE_THRESHOLD, ProjectText, compare

LANGUAGE_A = ProjectText(
    title="Deutsch im Pflegeberuf",
    description=(
        "Der Träger bietet Bewerbungstraining für Jugendliche an. "
        "Berufsbezogene Deutschkurse für internationale Pflegekräfte in Görlitz und Zittau."
    ),
    districts=("14626",),
    occupations=("81302",),
    target_groups=("internationale_fachkraefte",),
    starts_on=dt.date(2026, 1, 1),
    ends_on=dt.date(2026, 12, 31),
)
LANGUAGE_B = ProjectText(
    title="Sprachkurse für Pflegekräfte",
    description=(
        "Ausländische Pflegekräfte lernen in Zittau und Görlitz berufsbezogenes Deutsch "
        "für Pflegedokumentation und Übergabe."
    ),
    districts=("14626",),
    occupations=("81301",),
    target_groups=("internationale_fachkraefte", "arbeitslose"),
    starts_on=dt.date(2026, 7, 1),
    ends_on=dt.date(2027, 6, 30),
)


def no_neighbours(ags):
    return ()


def test_near_duplicates_are_flagged_with_both_components():
    result = compare(LANGUAGE_A, LANGUAGE_B, neighbours=no_neighbours)
    assert result.is_duplicate
    assert result.score >= DUPLICATE_THRESHOLD
    assert 0 < result.lexical < 1 and 0 < result.semantic <= 1
    assert result.score == round(0.5 * result.semantic + 0.5 * result.lexical, 4)


def test_the_matching_passage_is_named_not_the_unrelated_one():
    result = compare(LANGUAGE_A, LANGUAGE_B, neighbours=no_neighbours)
    texts = [p.text_a for p in result.passages]
    assert any("Deutschkurse für internationale Pflegekräfte" in t for t in texts)
    assert not any("Bewerbungstraining" in t for t in texts)
    best = next(p for p in result.passages if "Deutschkurse" in p.text_a)
    assert "pflegekraft" in best.terms
    highlighted = [best.text_a[s:e] for s, e in best.spans_a]
    assert "Pflegekräfte" in highlighted and "Deutschkurse" in highlighted


def test_structure_is_named():
    structure = compare(LANGUAGE_A, LANGUAGE_B, neighbours=no_neighbours).structure
    assert structure.same_districts == ("14626",)
    assert structure.shared_occupations == ("813",)
    assert structure.shared_target_groups == ("internationale_fachkraefte",)
    assert structure.period_overlap_days == 184
    assert len(structure.named()) == 4


def test_the_same_idea_far_away_is_no_duplicate_but_a_neighbour_is():
    elsewhere = ProjectText(**{**LANGUAGE_B.__dict__, "districts": ("06433",)})
    far = compare(LANGUAGE_A, elsewhere, neighbours=no_neighbours)
    assert far.score >= DUPLICATE_THRESHOLD and not far.is_duplicate
    assert far.structure.districts_apart

    near = compare(LANGUAGE_A, elsewhere, neighbours=lambda ags: {"06433"})
    assert near.is_duplicate
    assert near.structure.neighbouring_districts == (("14626", "06433"),)


def test_periods_that_do_not_overlap_veto_a_duplicate():
    later = ProjectText(
        **{
            **LANGUAGE_B.__dict__,
            "starts_on": dt.date(2028, 1, 1),
            "ends_on": dt.date(2028, 12, 31),
        }
    )
    result = compare(LANGUAGE_A, later, neighbours=no_neighbours)
    assert result.structure.period_overlap_days == 0 and not result.is_duplicate


def test_numbers_and_amounts_do_not_make_texts_similar():
    a = "Werkstatttage für 120 Schüler, 40.000 Euro, 2026 bis 2027."
    b = "Deutschkurse für 120 Pflegekräfte, 40.000 Euro, 2026 bis 2027."
    assert compare(a, b).lexical == 0
    assert not compare(a, b).is_duplicate
    same = "Qualifizierung von Arbeitslosen zu Pflegehilfskräften mit Praktika in Pflegeheimen"
    assert compare(f"{same}, 20 Plätze, 80.000 Euro", f"{same}, 45 Plätze, 210.000 Euro").score == 1


def test_unrelated_texts_score_low():
    result = compare("Schweißkurse für Metallbauer", "Deutschkurse für Pflegekräfte im Ausland")
    assert result.score < DUPLICATE_THRESHOLD and not result.is_duplicate
