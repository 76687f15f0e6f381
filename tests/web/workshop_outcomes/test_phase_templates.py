"""The phase templates are data: Hessen's three steps and the classic Zukunftswerkstatt, each
phase with its categories, the measures marked (DB-free)."""

from __future__ import annotations

from fachkraefte.web.workshop_outcomes.phases import CLASSIC, HESSEN, TEMPLATES, template_of


def test_hessen_has_the_three_steps_of_seed_002_in_order():
    assert [p.key for p in HESSEN.phases] == ["bild", "strategie", "massnahmen"]
    assert [str(p.label) for p in HESSEN.phases] == [
        "(a) Gemeinsames Bild",
        "(b) Strategische Ansätze",
        "(c) Maßnahmen",
    ]
    assert {c.key for c in HESSEN.categories["strategie"]} == {"ansatz", "handlungsfeld", "ziel"}
    measures = {c.key for p in HESSEN.phases for c in HESSEN.categories[p.key] if c.measure}
    assert measures == {"neue_massnahme", "synergie", "optimierung"}


def test_the_classic_method_is_critique_fantasy_realisation():
    assert [str(p.label) for p in CLASSIC.phases] == [
        "Kritikphase",
        "Fantasiephase",
        "Verwirklichungsphase",
    ]
    assert CLASSIC.category("verwirklichung", "massnahme").measure
    assert not CLASSIC.category("kritik", "kritikpunkt").measure


def test_every_phase_has_categories_and_keys_are_unique():
    for template in TEMPLATES.values():
        keys = [p.key for p in template.phases]
        assert len(keys) == len(set(keys)) == len(template.categories)
        for key in keys:
            assert template.categories[key], (template.key, key)


def test_a_category_belongs_to_its_phase_only():
    assert HESSEN.category("massnahmen", "neue_massnahme") is not None
    assert HESSEN.category("bild", "neue_massnahme") is None
    assert HESSEN.phase("kritik") is None


def test_an_unknown_template_key_reads_as_hessen():
    assert template_of("gibt-es-nicht") is HESSEN
    assert template_of("zukunftswerkstatt") is CLASSIC
