"""The index: search ranks, excludes the query itself, filters, grows and survives save/load."""

from __future__ import annotations

import numpy as np

from fachkraefte.overlap import OverlapIndex, ProjectText, build_index, search

RECORDS = [
    ProjectText(
        "Pflegehilfe kompakt",
        "Arbeitslose werden zu Pflegehilfskräften qualifiziert.",
        key="p:1",
        districts=("14626",),
    ),
    ProjectText(
        "Werkstatttage Handwerk",
        "Oberschüler lernen Handwerksberufe kennen.",
        key="p:2",
        districts=("14626",),
    ),
    ProjectText(
        "Umschulung Berufskraftfahrer",
        "Arbeitslose werden Lkw-Fahrer.",
        key="p:3",
        districts=("03454",),
    ),
]


def test_search_finds_the_paraphrase_first_and_never_the_query_itself():
    index = build_index(RECORDS)
    query = ProjectText(
        "Pflegehelfer ausbilden", "Erwerbslose werden zu Pflegehelfern qualifiziert.", key="p:1"
    )
    found = search(query, index, k=2, neighbours=None)
    assert "p:1" not in [c.record.key for c in found] and len(found) == 2
    found = search(query.__class__(query.title, query.description), index, k=2)
    assert found[0].record.key == "p:1"
    assert found[0].score >= found[1].score


def test_where_filters_the_candidates():
    index = build_index(RECORDS)
    found = search(
        "Pflegehilfskräfte qualifizieren", index, k=5, where=lambda r: "03454" in r.districts
    )
    assert [c.record.key for c in found] == ["p:3"]


def test_incremental_add_and_replace(tmp_path):
    index = build_index(RECORDS[:1])
    index.add(RECORDS[1:])
    assert len(index) == 3
    index.add([ProjectText("Sprachkurse", "Deutsch für Pflegekräfte.", key="p:2")])
    assert len(index) == 3 and index.records[1].title == "Sprachkurse"
    for _ in range(70):  # grows past the first capacity
        index.add(["Noch ein Projekt zur Berufsorientierung"])
    assert len(index) == 73 and index.vectors.shape == (73, 512)

    index.save(tmp_path)
    loaded = OverlapIndex.load(tmp_path)
    assert len(loaded) == 73 and loaded.records[0] == index.records[0]
    assert np.allclose(loaded.vectors, index.vectors)
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


def test_refresh_embeds_only_new_and_changed_records():
    from fachkraefte.overlap import refresh_index

    first, embedded = refresh_index(None, RECORDS)
    assert embedded == 3
    changed = ProjectText("Werkstatttage Handwerk", "Jetzt auch für Gymnasien.", key="p:2")
    second, embedded = refresh_index(first, [RECORDS[0], changed])
    assert embedded == 1 and [r.key for r in second.records] == ["p:1", "p:2"]
    assert np.array_equal(second.vectors[0], first.vectors[0])
    assert not np.allclose(second.vectors[1], first.vectors[1])
