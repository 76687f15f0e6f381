"""The one form page: 200 to show, redirect after a save, 400 with the errors on their fields."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from fachkraefte.web.core import form_pages


class DayForm(forms.Form):
    title = forms.CharField()
    date = forms.DateField()


class NameForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["username"]


@pytest.fixture
def shown(monkeypatch):
    """What the page would render: template, context and status."""
    pages: list[tuple] = []
    monkeypatch.setattr(
        form_pages,
        "render",
        lambda request, template, context, status: (
            pages.append((template, context, status)) or status
        ),
    )
    return pages


def _request(method: str, data: dict | None = None):
    request = getattr(RequestFactory(), method)("/seite/", data or {})
    request._messages = CookieStorage(request)
    return request


def _page(request, form, save, context=None, **options):
    return form_pages.form_page(
        request,
        form,
        "page.html",
        context or {"form": form},
        save=save,
        message=options.pop("message", "Gespeichert."),
        then=options.pop("then", "/weiter/"),
        **options,
    )


def _never():
    raise AssertionError("the service must not run")


def test_a_get_shows_the_form_without_saving(shown):
    request = _request("get")
    assert _page(request, DayForm(None), _never) == 200
    assert shown[0][0] == "page.html"


def test_a_valid_post_saves_says_so_and_goes_on_to_what_was_saved(shown):
    request = _request("post", {"title": "Werkstatt", "date": "2026-03-01"})
    form = DayForm(request.POST)
    response = _page(
        request,
        form,
        lambda: form.cleaned_data["title"].upper(),
        message=lambda saved: f"{saved} angelegt.",
        then=lambda saved: f"/werkstatt/{saved}/",
    )
    assert (response.status_code, response["Location"]) == (302, "/werkstatt/WERKSTATT/")
    assert [str(m) for m in get_messages(request)] == ["WERKSTATT angelegt."]
    assert shown == []


def test_an_invalid_post_shows_the_page_again_with_400(shown):
    request = _request("post", {"title": ""})
    form = DayForm(request.POST)
    assert _page(request, form, _never) == 400
    assert set(form.errors) == {"title", "date"}


def test_the_services_refusal_lands_on_the_renamed_field_or_the_whole_form(shown):
    request = _request("post", {"title": "Werkstatt", "date": "2026-03-01"})
    form = DayForm(request.POST)

    def refuse():
        raise ValidationError({"starts_at": "Zu früh.", "room": "Belegt."})

    built = []
    status = _page(
        request,
        form,
        refuse,
        context=lambda: built.append(1) or {"form": form},
        rename={"starts_at": "date"},
    )
    assert status == 400 and built == [1]
    assert form.errors["date"] == ["Zu früh."]
    assert form.non_field_errors() == ["Belegt."]
    assert list(get_messages(request)) == []


@pytest.mark.django_db
def test_a_refused_model_form_shows_the_record_as_stored(shown):
    user = get_user_model().objects.create_user("erika")
    request = _request("post", {"username": "erika-neu"})
    form = NameForm(request.POST, instance=user)

    def refuse():
        raise ValidationError("Nicht jetzt.")

    assert _page(request, form, refuse, context={"user": user}) == 400
    assert user.username == "erika"
    assert form["username"].value() == "erika-neu"
