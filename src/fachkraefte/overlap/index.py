"""An index of project texts for ``search``: normalised float32 embeddings in one matrix.

A query is one matrix-vector product over all rows (brute force): at 100,000 items and 512
dimensions that is 200 MB of float32 read once, well under 100 ms on two cores. The rows with
the best semantic score (a shortlist of ``max(5 k, 50)``) are then ranked by the combined score
and explained. Beyond about a million items the matrix no longer fits a small server's memory
bandwidth budget per query; then an approximate index takes its place: HNSW (e.g. hnswlib or
FAISS ``IndexHNSWFlat`` on inner product), keeping this shortlist-and-rerank step.

Adding records grows the matrix by doubling its capacity, so an incremental update costs the
new rows' embeddings, not a rebuild. ``save``/``load`` write the matrix as ``.npy`` and the
records as JSON, each through a temporary file and an atomic rename.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fachkraefte.overlap import embedding
from fachkraefte.overlap.compare import Overlap, combine, overlap_from
from fachkraefte.overlap.lexical import lexical_similarity, terms_of
from fachkraefte.overlap.records import ProjectText, as_record
from fachkraefte.overlap.structure import Neighbours, geo_neighbours

VECTORS_FILE = "vectors.npy"
RECORDS_FILE = "records.json"


class OverlapIndex:
    """Records, their embeddings (one float32 row each) and their term sets."""

    def __init__(self) -> None:
        self.records: list[ProjectText] = []
        self.terms: list[frozenset[str]] = []
        self._vectors = np.zeros((0, embedding.DIMENSIONS), dtype=np.float32)
        self._positions: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.records)

    @property
    def vectors(self) -> np.ndarray:
        return self._vectors[: len(self.records)]

    def add(self, records: Iterable[ProjectText | str], vectors: np.ndarray | None = None) -> None:
        """Append records (their embeddings computed unless given); a key already indexed is
        replaced in place."""
        new = [as_record(r) for r in records]
        if not new:
            return
        rows = embedding.encode([r.text for r in new]) if vectors is None else vectors
        rows = np.asarray(rows, dtype=np.float32)
        for record, row in zip(new, rows, strict=True):
            at = self._positions.get(record.key) if record.key else None
            if at is None:
                at = len(self.records)
                self._reserve(at + 1)
                self.records.append(record)
                self.terms.append(terms_of(record.text))
                if record.key:
                    self._positions[record.key] = at
            else:
                self.records[at] = record
                self.terms[at] = terms_of(record.text)
            self._vectors[at] = row

    def _reserve(self, size: int) -> None:
        if size <= self._vectors.shape[0]:
            return
        grown = np.zeros(
            (max(size, 2 * self._vectors.shape[0], 64), embedding.DIMENSIONS), dtype=np.float32
        )
        grown[: len(self.records)] = self.vectors
        self._vectors = grown

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        _atomic(directory / VECTORS_FILE, lambda f: np.save(f, self.vectors), binary=True)
        payload = [_record_json(r) for r in self.records]
        _atomic(directory / RECORDS_FILE, lambda f: json.dump(payload, f, ensure_ascii=False))

    @classmethod
    def load(cls, directory: Path) -> OverlapIndex:
        index = cls()
        records = [
            _record_from_json(d)
            for d in json.loads((directory / RECORDS_FILE).read_text(encoding="utf-8"))
        ]
        vectors = np.load(directory / VECTORS_FILE)
        if len(records) != len(vectors):
            raise ValueError(f"{directory}: {len(records)} records but {len(vectors)} vectors")
        index.add(records, vectors)
        return index


def _atomic(path: Path, write: Callable, *, binary: bool = False) -> None:
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(
            handle, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})
        ) as f:
            write(f)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _record_json(record: ProjectText) -> dict:
    data = dataclasses.asdict(record)
    for name in ("starts_on", "ends_on"):
        data[name] = data[name].isoformat() if data[name] else None
    return data


def _record_from_json(data: dict) -> ProjectText:
    for name in ("starts_on", "ends_on"):
        data[name] = dt.date.fromisoformat(data[name]) if data.get(name) else None
    for name in ("districts", "occupations", "target_groups"):
        data[name] = tuple(data.get(name) or ())
    return ProjectText(**data)


def build_index(records: Iterable[ProjectText | str]) -> OverlapIndex:
    """A new index over ``records`` (embedded in one batch)."""
    index = OverlapIndex()
    index.add(list(records))
    return index


def refresh_index(
    previous: OverlapIndex | None, records: Iterable[ProjectText]
) -> tuple[OverlapIndex, int]:
    """An index over exactly ``records``, reusing the embeddings of ``previous`` for every
    record whose key and content are unchanged; returns it and how many texts were embedded."""
    records = list(records)
    known = {} if previous is None else {r.key: i for i, r in enumerate(previous.records)}
    kept = [
        known[r.key] if r.key in known and previous.records[known[r.key]] == r else None
        for r in records
    ]
    changed = [r for r, at in zip(records, kept, strict=True) if at is None]
    fresh = iter(embedding.encode([r.text for r in changed]) if changed else ())
    rows = np.zeros((len(records), embedding.DIMENSIONS), dtype=np.float32)
    for n, at in enumerate(kept):
        rows[n] = next(fresh) if at is None else previous.vectors[at]
    index = OverlapIndex()
    index.add(records, rows)
    return index, len(changed)


@dataclass(frozen=True)
class Candidate:
    record: ProjectText
    overlap: Overlap

    @property
    def score(self) -> float:
        return self.overlap.score


def search(
    query: str | ProjectText,
    index: OverlapIndex,
    k: int = 10,
    *,
    where: Callable[[ProjectText], bool] | None = None,
    neighbours: Neighbours | None = geo_neighbours,
    explain: bool = True,
    shortlist: int | None = None,
) -> list[Candidate]:
    """The ``k`` records of ``index`` overlapping most with ``query``, best first.

    ``where`` keeps only the records it accepts; the query's own key is never a candidate.
    """
    record = as_record(query)
    if not len(index) or k <= 0:
        return []
    q = embedding.encode([record.text])[0]
    with embedding.one_blas_thread():
        scores = index.vectors @ q
    allowed = np.ones(len(index), dtype=bool)
    if where is not None:
        allowed = np.fromiter((where(r) for r in index.records), dtype=bool, count=len(index))
    if record.key and record.key in index._positions:
        allowed[index._positions[record.key]] = False
    scores = np.where(allowed, scores, -np.inf)
    size = min(int(allowed.sum()), shortlist or max(5 * k, 50))
    if size <= 0:
        return []
    top = _top(scores, size)
    terms = terms_of(record.text)
    ranked = sorted(
        top,
        key=lambda i: combine(
            max(float(scores[i]), 0.0), lexical_similarity(terms, index.terms[i])
        ),
        reverse=True,
    )[:k]
    return [
        Candidate(
            index.records[i],
            overlap_from(
                record,
                index.records[i],
                semantic=max(float(scores[i]), 0.0),
                terms_a=terms,
                terms_b=index.terms[i],
                neighbours=neighbours,
                explain=explain,
            ),
        )
        for i in ranked
    ]


def _top(scores: np.ndarray, size: int) -> Sequence[int]:
    if size >= len(scores):
        return list(np.argsort(-scores))
    part = np.argpartition(-scores, size - 1)[:size]
    return list(part[np.argsort(-scores[part])])
