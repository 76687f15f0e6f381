"""Overlap search at programme scale (not a test): 100,000 synthetic indexed project texts.

Prints the time to build the index (embedding every text, one BLAS thread for the encoder,
plus the German stems and compound parts), the time of an incremental update (1 and 1,000
new texts), the time of one query (embedding the query, brute-force matrix-vector product
over normalised float32 rows, shortlist, lexical re-rank; with and without the explanation of
the top 10), and — measured in the same run, on the same matrix — a plain NumPy
matrix-vector product, with the ratio of a query to it. Target: one query < 100 ms on 2 cores.

The texts are synthetic: sentences assembled from fragments (measures, target groups,
occupations, places) by a seeded random generator; nothing is tuned to the figures.

Run:  .venv/bin/python benchmarks/overlap.py [--items 100000] [--queries 30] [--keep DIR]

``--keep DIR`` saves the built index to DIR, or, when DIR holds one already, loads it and times
only the queries (the build of 100,000 texts takes minutes; a query is what the target is about).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from pathlib import Path

import numpy as np

from fachkraefte.overlap import OverlapIndex, ProjectText, build_index, search
from fachkraefte.overlap.embedding import THREADS, one_blas_thread

MEASURES = [
    "Qualifizierung",
    "Umschulung",
    "Weiterbildung",
    "Berufsorientierung",
    "Coaching",
    "Sprachförderung",
    "Teilqualifizierung",
    "Ausbildungsbegleitung",
    "Beratung",
    "Anwerbung",
]
GROUPS = [
    "Arbeitsloser",
    "Jugendlicher",
    "Frauen nach der Familienphase",
    "älterer Beschäftigter",
    "zugewanderter Fachkräfte",
    "Schülerinnen und Schüler",
    "Geringqualifizierter",
    "Studienabbrecher",
    "Auszubildender",
    "Geflüchteter",
]
OCCUPATIONS = [
    "in der Altenpflege",
    "im Handwerk",
    "in der Lagerlogistik",
    "in der Metallbearbeitung",
    "in der Kinderbetreuung",
    "im Gastgewerbe",
    "im Einzelhandel",
    "in der Mechatronik",
    "im Berufskraftverkehr",
    "in der Elektrotechnik",
    "in Arztpraxen",
    "in der IT",
]
PLACES = [
    "im ländlichen Raum",
    "in der Kreisstadt",
    "in kleinen Betrieben",
    "in der Grenzregion",
    "in Kooperation mit der Kammer",
    "mit Praktika in Betrieben",
    "berufsbegleitend",
    "in Teilzeit",
    "mit digitalen Lernangeboten",
    "mit sozialpädagogischer Begleitung",
]
EXTRAS = [
    "Die Teilnehmenden erhalten ein Zertifikat.",
    "Betriebe stellen Praktikumsplätze.",
    "Ein Netzwerk der Arbeitgeber begleitet das Vorhaben.",
    "Die Kurse finden abends statt.",
    "Kinderbetreuung wird während der Kurse angeboten.",
    "Der Abschluss ist anerkannt.",
    "Lotsen begleiten die Teilnehmenden.",
    "Die Agentur für Arbeit vermittelt Teilnehmende.",
]


def synthetic(count: int, seed: int) -> list[ProjectText]:
    rng = random.Random(seed)
    records = []
    for n in range(count):
        measure, group = rng.choice(MEASURES), rng.choice(GROUPS)
        occupation, place = rng.choice(OCCUPATIONS), rng.choice(PLACES)
        extras = " ".join(rng.sample(EXTRAS, 2))
        records.append(
            ProjectText(
                title=f"{measure} {group} {occupation}",
                description=f"{measure} {group} {occupation} {place}. {extras}",
                key=f"synthetic:{n}",
                districts=(f"{rng.randrange(1, 17):02d}{rng.randrange(1, 40):03d}",),
            )
        )
    return records


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()

    records = synthetic(args.items + 1_001 + args.queries, args.seed)
    base, later = records[: args.items], records[args.items : args.items + 1_001]
    queries = [r.text for r in records[args.items + 1_001 :]]
    print(
        f"cores: {os.cpu_count()}  encoder threads: {THREADS}  items: {args.items:,}  "
        f"load average at start: {os.getloadavg()[0]:.1f}"
    )

    search(queries[0], build_index(base[:10]), k=1)  # load the model outside the timings
    if args.keep is not None and (args.keep / "vectors.npy").exists():
        start = time.perf_counter()
        index = OverlapIndex.load(args.keep)
        print(
            f"index loaded from {args.keep} ({len(index):,} rows) in "
            f"{time.perf_counter() - start:.1f} s; build and update not timed in this run"
        )
    else:
        start = time.perf_counter()
        index = build_index(base)
        build = time.perf_counter() - start
        print(
            f"index build ({args.items:,} texts):  {build:.1f} s  "
            f"({args.items / build:,.0f} texts/s)"
        )
        start = time.perf_counter()
        index.add(later[:1])
        one = time.perf_counter() - start
        start = time.perf_counter()
        index.add(later[1:])
        thousand = time.perf_counter() - start
        print(
            f"incremental update: 1 text {_ms(one)}, 1,000 texts {thousand:.2f} s  "
            f"(index now {len(index):,})"
        )
        if args.keep is not None:
            index.save(args.keep)

    ranking, explained, matvec, matvec_one = [], [], [], []
    matrix = index.vectors
    vector = matrix[0].copy()
    for query in queries:
        start = time.perf_counter()
        search(query, index, k=10, neighbours=None, explain=False)
        ranking.append(time.perf_counter() - start)
        start = time.perf_counter()
        found = search(query, index, k=10, neighbours=None, explain=True)
        explained.append(time.perf_counter() - start)
        start = time.perf_counter()
        np.dot(matrix, vector)
        matvec.append(time.perf_counter() - start)
        with one_blas_thread():
            start = time.perf_counter()
            np.dot(matrix, vector)
            matvec_one.append(time.perf_counter() - start)
    assert found and found[0].score > 0
    q_rank, q_explained = statistics.median(ranking), statistics.median(explained)
    q_default, q_one = statistics.median(matvec), statistics.median(matvec_one)
    q_matvec = min(q_default, q_one)  # the ratio is to the faster of the two plain products
    print(
        f"one query, top 10 ranked (median of {len(queries)}):  {_ms(q_rank)}  "
        f"(p90 {_ms(sorted(ranking)[int(0.9 * len(ranking))])})"
    )
    print(f"one query, top 10 ranked and explained:  {_ms(q_explained)}")
    print(
        f"plain NumPy matvec {matrix.shape[0]:,} x {matrix.shape[1]} float32:  "
        f"{_ms(q_default)} (default BLAS threads), {_ms(q_one)} (one BLAS thread)"
    )
    print(
        f"ratio query / matvec:  {q_rank / q_matvec:.1f}x  "
        f"(explained: {q_explained / q_matvec:.1f}x)"
    )
    print(f"target one query < 100 ms: {'met' if q_rank < 0.1 else 'NOT met'}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
