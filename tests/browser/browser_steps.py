"""Steps several browser tests take the same way (``tests/browser`` is on ``sys.path``)."""

from __future__ import annotations


def sign_in_as(page, base: str, username: str, password: str) -> None:
    """Sign in through the login form; returns once the personal start has loaded."""
    page.goto(base + "/konto/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_label("Passwort").press("Enter")
    page.wait_for_url(base + "/mein-bereich/")
