"""REST endpoints of this app (included by ``fachkraefte.web.api.routes``): the wage atlas and
the bottleneck indicators, read-only and public like their pages.

Parameters are checked against the data: a wrong value or an unknown parameter gives 400 with
the valid forms listed per parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte import SYNTHETIC_LABEL_DE
from fachkraefte.indicators.config import CORE_INDICATORS, RISK_INDICATORS
from fachkraefte.web.statistics import atlas, selectors

COMMON = ("year", "land", "ags", "kldb3", "page", "format")
BOTTLENECK_ONLY = ("level", "niveau", "classification")


def _param(name: str, description: str, kind: Any = OpenApiTypes.STR, enum: list | None = None):
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description, enum=enum)


COMMON_PARAMETERS = [
    _param("year", "Berichtsjahr (Standard: das neueste im Datenbestand)", OpenApiTypes.INT),
    _param("land", "Land, 2-stelliger Schlüssel, z. B. 06 (Standard: 06, sonst das erste)"),
    _param("ags", "Kreis, 5-stelliger AGS, z. B. 06411"),
    _param("kldb3", "KldB-2010-Berufsgruppe, 3 Ziffern, z. B. 813"),
]
ERROR_RESPONSE = OpenApiResponse(
    response=inline_serializer(
        "FilterErrors",
        {
            "detail": serializers.CharField(),
            "errors": serializers.DictField(child=serializers.CharField()),
        },
    ),
    description="Ungültige Parameter; je Parameter die gültigen Formen / invalid parameters",
)


class WageRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    ags = serializers.CharField()
    region = serializers.CharField()
    kldb3 = serializers.CharField()
    occupation = serializers.CharField()
    median_m = serializers.FloatField(allow_null=True)
    median_w = serializers.FloatField(allow_null=True)
    gender_gap_pct = serializers.FloatField(allow_null=True)
    land_median_m = serializers.FloatField(allow_null=True)
    land_median_w = serializers.FloatField(allow_null=True)
    land_gender_gap_pct = serializers.FloatField(allow_null=True)
    deviation_from_land_m_pct = serializers.FloatField(allow_null=True)
    deviation_from_land_w_pct = serializers.FloatField(allow_null=True)
    land_basis = serializers.CharField(allow_null=True)


class BottleneckRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    ags = serializers.CharField()
    region = serializers.CharField()
    kldb3 = serializers.CharField()
    occupation = serializers.CharField()
    niveau = serializers.IntegerField()
    core_indicators = serializers.IntegerField()
    score = serializers.FloatField(allow_null=True)
    classification = serializers.CharField(source="classification_code")
    x_flag = serializers.BooleanField()
    note = serializers.CharField(allow_null=True)
    risk_score = serializers.FloatField(allow_null=True)
    employees = serializers.IntegerField(allow_null=True)
    unemployed = serializers.IntegerField(allow_null=True)
    vacancies = serializers.IntegerField(allow_null=True)
    reference_basis = serializers.CharField(
        allow_null=True,
        help_text="Land/Deutschland: amtliche Zeile der BA-Datei oder Summe der Kreise",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for name in (*CORE_INDICATORS, *RISK_INDICATORS):
            fields[name] = serializers.FloatField(allow_null=True)
            fields[f"{name}_points"] = serializers.IntegerField(allow_null=True)
        return fields

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        return {**super().to_representation(instance), "x_flag": instance["x_flag"] == "X"}


class IndicatorPagination(PageNumberPagination):
    page_size = 100


class _PageRows(Sequence):
    """The rows of a frame, built only for the slice a page takes (building all ≈ 19,000
    bottleneck rows of the demo for a page of 100 cost about a second per request)."""

    def __init__(self, frame: pl.DataFrame, build: Callable[[pl.DataFrame], list]) -> None:
        self.frame, self.build = frame, build

    def __len__(self) -> int:
        return self.frame.height

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            return self.build(self.frame.slice(start, max(stop - start, 0)))[::step]
        position = range(len(self))[index]  # IndexError as a list gives it
        return self.build(self.frame.slice(position, 1))[0]


def _paged(
    view: viewsets.ViewSet, request: Request, rows: Sequence, serializer, meta: dict
) -> Response:
    paginator = IndicatorPagination()
    page = paginator.paginate_queryset(rows, request, view=view)
    response = paginator.get_paginated_response(serializer(page, many=True).data)
    response.data = {**meta, **response.data}
    return response


def _unknown(request: Request, allowed: tuple[str, ...]) -> dict[str, str]:
    return {
        name: _("Unbekannter Parameter. Gültig: %(valid)s") % {"valid": ", ".join(allowed)}
        for name in request.query_params
        if name not in allowed
    }


def _bad_request(errors: dict[str, str]) -> Response:
    return Response(
        {"detail": _("Ungültige Parameter"), "errors": errors}, status=status.HTTP_400_BAD_REQUEST
    )


def _rows(view, request: Request, *, table: str) -> Response:
    allowed = COMMON + (BOTTLENECK_ONLY if table == "bottlenecks" else ())
    unknown = _unknown(request, allowed)
    if unknown:
        return _bad_request(unknown)
    required = selectors.WAGE_TABLES if table == "wages" else selectors.BOTTLENECK_TABLES
    data = selectors.indicator_data(required)
    if data is None:
        return Response({"detail": _("Noch keine Daten")}, status=status.HTTP_404_NOT_FOUND)
    years = selectors.available_years(data, "wages" if table == "wages" else "labour_market")

    def frame_for(year: int, level: str):
        if table == "wages":
            return selectors.wage_atlas_frame(data, year)
        return selectors.bottleneck_frame(data, year, level)

    try:
        filters, frame = atlas.parse_filters(request.query_params, years, frame_for, table=table)
    except atlas.FilterError as error:
        return _bad_request(error.errors)
    selected = atlas.filter_frame(frame, filters)
    language = getattr(request, "LANGUAGE_CODE", "de")
    meta = {
        "demo": data.demo,
        "label": SYNTHETIC_LABEL_DE if data.demo else None,
        "vintages": dict(data.vintages),
        "filters": filters.query(),
    }
    if table == "wages":
        rows = _PageRows(selected, lambda part: atlas.wage_rows(part, language))
        return _paged(view, request, rows, WageRowSerializer, meta)
    rows = _PageRows(selected, lambda part: atlas.bottleneck_rows(part, language))
    return _paged(view, request, rows, BottleneckRowSerializer, meta)


def _envelope(name: str, rows: type[serializers.Serializer]) -> Any:
    return inline_serializer(
        name,
        {
            "demo": serializers.BooleanField(),
            "label": serializers.CharField(allow_null=True),
            "vintages": serializers.DictField(child=serializers.CharField()),
            "filters": serializers.DictField(child=serializers.CharField()),
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": rows(many=True),
        },
    )


class WageAtlasViewSet(viewsets.ViewSet):
    """Lohnatlas: Medianentgelte nach Kreis × Berufsgruppe × Geschlecht, Gender Pay Gap, Land."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Lohnatlas",
        description=(
            "Mittlere Bruttomonatsentgelte (Median, Vollzeit) je Kreis und KldB-Berufsgruppe für "
            "Männer und Frauen, unbereinigter Gender Pay Gap ((M − F) / M × 100) und Vergleich "
            "mit dem Landeswert (fachkraefte.indicators.wage_atlas). 'demo' ist true, wenn die "
            f"Werte aus synthetischen Demodaten stammen ({SYNTHETIC_LABEL_DE})."
        ),
        parameters=COMMON_PARAMETERS,
        responses={200: _envelope("WageAtlasPage", WageRowSerializer), 400: ERROR_RESPONSE},
    )
    def list(self, request: Request) -> Response:
        return _rows(self, request, table="wages")


class BottleneckViewSet(viewsets.ViewSet):
    """Engpassanalyse: Punkte je Indikator, Mittelwert, Einstufung und X-Kennzeichen."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Engpassindikatoren",
        description=(
            "Engpassbewertung nach dem Verfahren der BA-Engpassanalyse je Region × Berufsgruppe "
            "× Anforderungsniveau (fachkraefte.indicators.bottleneck_scores): Wert und Punkte "
            "(0–3) jedes Indikators, bewertbare Indikatoren, Mittelwert ('score'), Einstufung "
            "(Engpassberuf, unter Beobachtung, kein Engpass, X: keine Bewertung möglich)."
        ),
        parameters=[
            *COMMON_PARAMETERS,
            _param(
                "level",
                "Ebene: kreis, land oder deutschland (Land/Deutschland aus den amtlichen Zeilen "
                "der BA-Dateien desselben Datenstands, sonst Summe der Kreise; 'reference_basis')",
                enum=list(atlas.LEVELS),
            ),
            _param("niveau", "Anforderungsniveau 1–4", OpenApiTypes.INT, enum=[1, 2, 3, 4]),
            _param("classification", "Einstufung", enum=list(atlas.CLASSIFICATIONS)),
        ],
        responses={200: _envelope("BottleneckPage", BottleneckRowSerializer), 400: ERROR_RESPONSE},
    )
    def list(self, request: Request) -> Response:
        return _rows(self, request, table="bottlenecks")


router = DefaultRouter(trailing_slash=True)
router.register("wages", WageAtlasViewSet, basename="wages")
router.register("bottlenecks", BottleneckViewSet, basename="bottlenecks")
urlpatterns = router.urls
