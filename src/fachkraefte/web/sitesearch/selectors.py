"""The search: documents that match every query word, ranked, with a passage around the hits.

The database answers only "which documents hold these terms" (FTS5 ``MATCH`` on SQLite, the
GIN-indexed ``tsvector`` on PostgreSQL); ranking and passages are computed here from the stored
terms, so both databases give the same hits in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from fachkraefte.textsearch import QueryTerm, query_terms
from fachkraefte.textsearch.passages import Segment, passage
from fachkraefte.web.sitesearch.models import Kind, SearchDocument

# A word found in the title counts this many times a word found in the text.
TITLE_WEIGHT = 3
# Beyond this many occurrences a word adds nothing more (long texts must not win by length).
MAX_COUNT = 5
KIND_ORDER = {kind: position for position, kind in enumerate(Kind.values)}


@dataclass(frozen=True)
class Hit:
    document: SearchDocument
    score: float
    passage: list[Segment]
    title_marked: list[Segment] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return self.document.get_kind_display()


def _fts5(terms: list[QueryTerm]) -> str:
    def group(option: tuple[str, ...]) -> str:
        inner = " AND ".join(f'"{t}"' for t in option)
        return f"({inner})" if len(option) > 1 else inner

    return " AND ".join(
        "(" + " OR ".join(group(o) for o in term.alternatives) + ")" for term in terms
    )


def _tsquery(terms: list[QueryTerm]) -> str:
    def group(option: tuple[str, ...]) -> str:
        inner = " & ".join(f"'{t}'" for t in option)
        return f"({inner})" if len(option) > 1 else inner

    return " & ".join("(" + " | ".join(group(o) for o in term.alternatives) + ")" for term in terms)


def matching(terms: list[QueryTerm]) -> QuerySet[SearchDocument]:
    """Documents holding every query word (by its stem or all its parts), by the index."""
    if not terms:
        return SearchDocument.objects.none()
    if connection.vendor == "postgresql":
        ids = RawSQL(
            "SELECT id FROM sitesearch_searchdocument"
            " WHERE search_vector @@ to_tsquery('simple', %s)",
            [_tsquery(terms)],
        )
    else:
        ids = RawSQL(
            "SELECT rowid FROM sitesearch_fts WHERE sitesearch_fts MATCH %s", [_fts5(terms)]
        )
    return SearchDocument.objects.filter(id__in=ids)


def _count(option: tuple[str, ...], words: list[str]) -> int:
    return min(words.count(term) for term in option)


def score(document: SearchDocument, terms: list[QueryTerm]) -> float:
    """Per query word: title hits weigh ``TITLE_WEIGHT``, text hits up to ``MAX_COUNT``."""
    title, text = document.title_terms.split(), document.terms.split()
    total = 0.0
    for term in terms:
        in_title = max(_count(option, title) for option in term.alternatives) > 0
        count = max(_count(option, text) for option in term.alternatives)
        total += TITLE_WEIGHT * in_title + min(count, MAX_COUNT) / MAX_COUNT
    return round(total, 6)


def _between_bars(queryset: QuerySet, field: str, code: str) -> QuerySet:
    return queryset.filter(**{f"{field}__contains": f"|{code}|"}) if code else queryset


def search(
    *,
    query: str,
    kind: str = "",
    action_area: str = "",
    target_group: str = "",
    occupation: str = "",
    land: str = "",
    district: str = "",
) -> list[Hit]:
    """Ranked hits of ``query`` (best first; ties by kind, then title), filtered."""
    terms = query_terms(query)
    documents = matching(terms)
    if kind:
        documents = documents.filter(kind=kind)
    if land:
        documents = documents.filter(land=land)
    documents = _between_bars(documents, "districts", district)
    documents = _between_bars(documents, "action_areas", action_area)
    documents = _between_bars(documents, "target_groups", target_group)
    documents = _between_bars(documents, "occupations", occupation[:3])
    hits = [Hit(d, score(d, terms), []) for d in documents]
    hits.sort(
        key=lambda h: (-h.score, KIND_ORDER[h.document.kind], h.document.title, h.document.pk)
    )
    return hits


def with_passages(hits: list[Hit], query: str) -> list[Hit]:
    """The hits with their passages (for the page's hits only: the analysis costs time)."""
    terms = query_terms(query)
    return [
        Hit(
            h.document,
            h.score,
            passage(h.document.text, terms),
            passage(h.document.title, terms),
        )
        for h in hits
    ]


def kind_counts(hits: list[Hit]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for hit in hits:
        counts[hit.document.kind] = counts.get(hit.document.kind, 0) + 1
    return counts
