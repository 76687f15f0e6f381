"""The index follows saves and deletions of the records it holds, whoever writes them (the
calls, projects and alliances services, the admin, the demo). Measures and good practices
are indexed by their own services too, after their districts are set."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.calls.models import Call
from fachkraefte.web.knowledge.models import GoodPractice, Measure
from fachkraefte.web.projects.models import Project

INDEXED = (Measure, GoodPractice, Call, Project, Alliance)
WITH_DISTRICTS = (Measure, Call, Project, Alliance)
UID = "sitesearch-index"


def _saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # fixtures load rows, not records; ``knowledge reindex`` indexes them
        return
    from fachkraefte.web.sitesearch.services import search_document_save

    search_document_save(record=instance)


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from fachkraefte.web.sitesearch.services import search_document_remove

    search_document_remove(record=instance)


def _districts_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, INDEXED):
        _saved(type(instance), instance)


def connect() -> None:
    for model in INDEXED:
        post_save.connect(_saved, sender=model, dispatch_uid=f"{UID}-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{UID}-del-{model.__name__}")
    for model in WITH_DISTRICTS:
        m2m_changed.connect(
            _districts_changed,
            sender=model.districts.through,
            dispatch_uid=f"{UID}-m2m-{model.__name__}",
        )
