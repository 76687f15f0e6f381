"""Public pages of the programmes and their composition rules."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.programmes.models import Programme


def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.select_related("land").annotate(
        alliance_count=Count("alliances", distinct=True),
        rule_count=Count("composition_rules", distinct=True),
    )
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.select_related("land"), slug=slug)
    labels = dict(PartnerCategory.choices)
    rules = [
        {"rule": rule, "categories": [labels.get(c, c) for c in rule.categories]}
        for rule in programme.composition_rules.all()
    ]
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "rules": rules,
            "alliances": programme.alliances.order_by("name"),
        },
    )
