"""Writes to the search index: one record's document (on every save of a public record, by
``signals`` and the knowledge services), or the whole index (``fachkraefte knowledge reindex``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Model

from fachkraefte.textsearch import analyse
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.calls.models import Call
from fachkraefte.web.core.models import Region
from fachkraefte.web.knowledge.models import GoodPractice, Measure
from fachkraefte.web.projects.models import Project
from fachkraefte.web.sitesearch import documents
from fachkraefte.web.sitesearch.documents import Entry
from fachkraefte.web.sitesearch.models import Kind, SearchDocument


def _bars(codes: Iterable[str]) -> str:
    """Codes between bars ("|06432|06433|"): a "contains |code|" filter matches whole codes."""
    codes = [str(code) for code in codes if code]
    return "|" + "|".join(codes) + "|" if codes else ""


def _values(entry: Entry) -> dict[str, str]:
    return {
        "title": entry.title[:300],
        "url": entry.url,
        "text": entry.text,
        "title_terms": " ".join(analyse(entry.title)),
        "terms": " ".join(analyse(entry.title + "\n" + entry.text)),
        "land": entry.land,
        "districts": _bars(entry.districts),
        "action_areas": _bars(entry.action_areas),
        "target_groups": _bars(entry.target_groups),
        "occupations": _bars(entry.occupations),
    }


def search_document_save(*, record: Model) -> SearchDocument | None:
    """Index ``record`` as it is now; a record that is not (or no longer) public leaves the index."""
    kind, key = documents.key_of(record)
    entry = documents.entry_for(record)
    if entry is None:
        SearchDocument.objects.filter(kind=kind, key=key).delete()
        return None
    document, _created = SearchDocument.objects.update_or_create(
        kind=kind, key=key, defaults=_values(entry)
    )
    return document


def search_document_remove(*, record: Model) -> None:
    kind, key = documents.key_of(record)
    SearchDocument.objects.filter(kind=kind, key=key).delete()


SOURCES = {
    Kind.MEASURE: lambda: Measure.objects.prefetch_related("districts"),
    Kind.PRACTICE: lambda: GoodPractice.objects.select_related("district"),
    Kind.CALL: lambda: Call.objects.select_related("programme", "alliance").prefetch_related(
        "districts", "alliance__districts"
    ),
    Kind.PROJECT: lambda: Project.objects.select_related("programme").prefetch_related("districts"),
    Kind.ALLIANCE: lambda: Alliance.objects.prefetch_related("districts"),
    Kind.DISTRICT: lambda: Region.objects.filter(level=Region.Level.KREIS).select_related(
        "parent__parent__parent"
    ),
}


def _entries(kind: str) -> Iterable[Entry]:
    if kind == Kind.OCCUPATION:
        return documents.occupation_entries()
    found = (documents.entry_for(record) for record in SOURCES[kind]())
    return (entry for entry in found if entry is not None)


@transaction.atomic
def search_reindex(*, kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the documents of ``kinds`` (default: all) from the records; {kind: count}."""
    counts = {}
    for kind in kinds or Kind.values:
        SearchDocument.objects.filter(kind=kind).delete()
        batch = [SearchDocument(kind=kind, key=e.key, **_values(e)) for e in _entries(kind)]
        SearchDocument.objects.bulk_create(batch, batch_size=500)
        counts[kind] = len(batch)
    return counts
