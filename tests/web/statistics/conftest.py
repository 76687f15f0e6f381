"""Users of every role, an empty data store per import test and the BA file builders."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from fachkraefte.web.accounts.roles import COORDINATION_GROUP

# The builders of official-layout BA files live beside the importer tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "sources"))


@pytest.fixture()
def users(django_user_model):
    """One user per role; no passwords (tests log in with force_login, hashing is slow)."""
    group, _ = Group.objects.get_or_create(name=COORDINATION_GROUP)
    make = django_user_model.objects.create_user
    ordinary = make("olga")
    coordination = make("karla", first_name="Karla", last_name="Koordination")
    coordination.groups.add(group)
    admin = django_user_model.objects.create_superuser("ada", email=None, password=None)
    return {"ordinary": ordinary, "coordination": coordination, "admin": admin}


@pytest.fixture()
def fresh_store(tmp_path, monkeypatch) -> Path:
    """An empty data store for this test, so that imports never touch the shared demo store."""
    path = tmp_path / "store"
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(path))
    return path
