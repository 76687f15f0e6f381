"""Password reset by e-mail (Django's views with our German pages and mail)."""

from __future__ import annotations

import pytest
from django.test import Client
from fixtures_accounts import PASSWORD, link_in, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Neue-Passphrase-2025"


def test_reset_mail_link_and_new_password_work(mailoutbox):
    make_user("erika")
    client = Client()
    response = client.post("/konto/passwort-vergessen/", {"email": "ERIKA@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/passwort-vergessen/gesendet/"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["erika@example.org"]
    assert mail.subject == "Neues Passwort für die Fachkräfte-Plattform"
    assert "„erika“" in mail.body and "drei Tage gültig" in mail.body
    link = link_in(mail.body)
    assert link.startswith("/konto/passwort-neu/")

    # Django swaps the token in the URL for a session marker before showing the form
    form_page = client.get(link, follow=True)
    assert "Neues Passwort festlegen" in form_page.content.decode()
    form_url = form_page.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "abc", "new_password2": "abc"})
    assert weak.status_code == 200 and "zu kurz" in weak.content.decode()
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/konto/passwort-neu/fertig/"

    login = Client()
    assert (
        login.post("/konto/anmelden/", {"username": "erika", "password": PASSWORD}).status_code
        == 200
    )
    ok = login.post("/konto/anmelden/", {"username": "erika", "password": NEW_PASSWORD})
    assert ok.status_code == 302

    # the link works once
    again = Client().get(link, follow=True)
    assert "Der Link ist ungültig" in again.content.decode()


def test_unknown_address_gets_the_same_answer_and_no_mail(mailoutbox):
    make_user("erika")
    known = Client().post("/konto/passwort-vergessen/", {"email": "erika@example.org"})
    unknown = Client().post("/konto/passwort-vergessen/", {"email": "niemand@example.org"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [mail.to for mail in mailoutbox] == [["erika@example.org"]]
    page = Client().get(unknown["Location"]).content.decode()
    assert "Wenn zu der angegebenen Adresse ein Konto gehört" in page


def test_deactivated_account_gets_no_reset_mail(mailoutbox):
    make_user("erika", is_active=False)
    Client().post("/konto/passwort-vergessen/", {"email": "erika@example.org"})
    assert mailoutbox == []


def test_login_page_links_to_the_reset():
    html = Client().get("/konto/anmelden/").content.decode()
    assert 'href="/konto/passwort-vergessen/"' in html and "Passwort vergessen?" in html


def test_invalid_address_is_explained_in_german():
    response = Client().post("/konto/passwort-vergessen/", {"email": "kein-at"})
    assert response.status_code == 200
    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein" in response.content.decode()


def test_password_reset_lifts_a_login_lockout(mailoutbox):
    make_user("erika")
    for _ in range(5):
        Client().post("/konto/anmelden/", {"username": "erika", "password": "falsch"})
    assert (
        Client().post("/konto/anmelden/", {"username": "erika", "password": PASSWORD}).status_code
        == 429
    )
    client = Client()
    client.post("/konto/passwort-vergessen/", {"email": "erika@example.org"})
    form_url = client.get(link_in(mailoutbox[0].body), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    ok = Client().post("/konto/anmelden/", {"username": "erika", "password": NEW_PASSWORD})
    assert ok.status_code == 302
