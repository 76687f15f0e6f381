"""Helpers shared by the account tests (imported by name: ``from fixtures_accounts import ...``)."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

PASSWORD = "Sehr-geheim-2024"


def make_user(username: str, *, group: str | None = None, **fields):
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password=PASSWORD, **fields
    )
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def link_in(mail_body: str) -> str:
    """The path of the first http(s) link in a mail."""
    match = re.search(r"https?://[^/\s]+(/\S+)", mail_body)
    assert match, f"no link in mail:\n{mail_body}"
    return match.group(1)


def with_password(user):
    """The role world's people have no password (hashing is slow); a test that logs in by form
    or confirms with the password gives one first."""
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user
