"""Pages that take one form and hand it to a service: show it, save it, then go on or show why not.

The view asks the rules first and builds the form; :func:`form_page` does the rest the same way
on every page: a GET shows the form (200); a POST whose form is valid calls the service, queues
the success message and redirects; an invalid form or a service's ``ValidationError`` shows the
page again with the errors on their fields (400).

    form = CriterionForm(request.POST or None)
    return form_page(
        request, form, "calls/call_criteria.html", {"call": call, "form": form},
        save=lambda: services.criterion_create(actor=request.user, call=call, **form.cleaned_data),
        message=_("Das Kriterium ist hinzugefügt."),
        then=reverse("calls:criteria", args=[call.slug]),
    )
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def add_errors(
    form: forms.BaseForm, error: ValidationError, *, rename: Mapping[str, str] | None = None
) -> None:
    """A service's error on the field it names (``rename``: the service's name -> the form's),
    where the form has that field; on the whole form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = (rename or {}).get(field, field)
        form.add_error(target if target in form.fields else None, errors)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    template: str,
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    *,
    save: Callable[[], Any],
    message: str | Callable[[Any], str],
    then: str | Callable[[Any], str],
    rename: Mapping[str, str] | None = None,
) -> HttpResponse:
    """The form page: ``save()`` runs for a valid POST; ``message`` and ``then`` (the URL to go
    on to) may be functions of what it returned. ``context`` may be a function, built only when
    the page is shown."""
    posted = request.method == "POST"
    if posted and form.is_valid():
        try:
            saved = save()
        except ValidationError as error:
            add_errors(form, error, rename=rename)
        else:
            messages.success(request, message(saved) if callable(message) else message)
            return redirect(then(saved) if callable(then) else then)
    if posted and isinstance(form, forms.ModelForm) and form.instance.pk is not None:
        # The failed form has written the posted values onto its record; the page shows it
        # as stored (title, links), the form keeps what was typed.
        form.instance.refresh_from_db()
    return render(
        request,
        template,
        context() if callable(context) else context,
        status=400 if posted else 200,
    )
