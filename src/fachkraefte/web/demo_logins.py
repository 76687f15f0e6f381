"""Demo users with passwords generated once and kept in ``data_dir()/demo_logins.json`` (0600)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fachkraefte.paths import data_dir
from fachkraefte.web.secret import write_private

COORDINATION_GROUP = "Koordinierungsstelle"
APPLICANT_GROUP = "Antragsteller"
DEMO_USERS = (
    {"username": "admin", "superuser": True, "group": None},
    {"username": "koordination", "superuser": False, "group": COORDINATION_GROUP},
)
# Created by ``alliances.demo.ensure_demo_governance``; the names are obviously invented.
GOVERNANCE_USERS = (
    {
        "username": "antragsteller",
        "superuser": False,
        "group": APPLICANT_GROUP,
        "first_name": "Anton",
        "last_name": "Antragsteller (Demo)",
    },
    {
        "username": "mitglied",
        "superuser": False,
        "group": None,
        "first_name": "Mira",
        "last_name": "Mitglied (Demo)",
    },
    {
        "username": "steuerung1",
        "superuser": False,
        "group": None,
        "first_name": "Stefan",
        "last_name": "Steuermann (Demo)",
    },
    {
        "username": "steuerung2",
        "superuser": False,
        "group": None,
        "first_name": "Stella",
        "last_name": "Steuerfrau (Demo)",
    },
    {
        "username": "steuerung-sachsen",
        "superuser": False,
        "group": None,
        "first_name": "Sören",
        "last_name": "Sachsmann (Demo)",
    },
)

# Created by ``reviews.demo.ensure_demo_reviews_and_decisions``: reviewers of the demo proposals.
REVIEWER_USERS = (
    {
        "username": "gutachterin",
        "superuser": False,
        "group": None,
        "first_name": "Greta",
        "last_name": "Gutachterin (Demo)",
    },
    {
        "username": "gutachter",
        "superuser": False,
        "group": None,
        "first_name": "Gustav",
        "last_name": "Gutachter (Demo)",
    },
)

# Created by ``proposals.demo.ensure_demo_proposals``: two invented training providers.
PROPOSAL_USERS = (
    {
        "username": "traeger1",
        "superuser": False,
        "group": APPLICANT_GROUP,
        "first_name": "Tamara",
        "last_name": "Träger (Demo)",
    },
    {
        "username": "traeger2",
        "superuser": False,
        "group": APPLICANT_GROUP,
        "first_name": "Tobias",
        "last_name": "Träger (Demo)",
    },
)


def logins_path() -> Path:
    return data_dir() / "demo_logins.json"


def stored_logins() -> dict[str, str]:
    """{username: password} from the logins file, or {} before the first ``fachkraefte demo``."""
    path = logins_path()
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def ensure_demo_users(*, reset: bool = False) -> dict[str, str]:
    """Create the demo users (idempotent); new passwords only on first run or with ``reset``."""
    return ensure_logins(DEMO_USERS, reset=reset)


def ensure_logins(specs: Iterable[dict[str, Any]], *, reset: bool = False) -> dict[str, str]:
    """Create the users in ``specs`` with stored (or new) passwords; returns all stored logins.

    A spec: username, superuser, group (or None), optional first_name and last_name. ``reset``
    gives these users new passwords; other logins in the file stay as they are.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    logins = stored_logins()
    changed = False
    user_model = get_user_model()
    for spec in specs:
        name = spec["username"]
        if reset or name not in logins:
            logins[name] = secrets.token_urlsafe(12)
            changed = True
        user = user_model.objects.filter(username=name).first()
        if user is None:
            user = user_model(
                username=name,
                is_staff=spec["superuser"],
                is_superuser=spec["superuser"],
                first_name=spec.get("first_name", ""),
                last_name=spec.get("last_name", ""),
            )
            user.set_password(logins[name])
            user.save()
        elif reset or not user.check_password(logins[name]):
            user.set_password(logins[name])
            user.save(update_fields=["password"])
        if spec["group"]:
            group, _ = Group.objects.get_or_create(name=spec["group"])
            if not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
    if changed:
        write_private(logins_path(), json.dumps(logins, indent=2) + "\n")
    return logins
