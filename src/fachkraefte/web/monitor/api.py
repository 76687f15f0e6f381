"""Read-only REST API for forecasts (included by ``fachkraefte.web.api.routes`` under /api/).

``/api/forecasts/`` lists the runs, ``/api/forecasts/<run_id>/`` describes one and
``/api/forecasts/<run_id>/values/`` returns its figures, filtered by region, occupation,
Anforderungsniveau and year. Run ids never change meaning, so these URLs can be cited;
``latest`` instead of a run id follows the newest run of ``?scenario=`` (default: basis).
Everything is public, like the monitor pages, and served from the run's precomputed
aggregates.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte import SYNTHETIC_LABEL_DE
from fachkraefte.paths import data_dir
from fachkraefte.reports import ALL, ALL_NIVEAUS, AggregatesNotReady, read_aggregate
from fachkraefte.web.monitor import params, selectors
from fachkraefte.web.monitor.selectors import Run

LATEST = "latest"


class RunSerializer(serializers.Serializer):
    run_id = serializers.CharField(help_text="Stable id of the run; part of every citable URL.")
    scenario = serializers.CharField(help_text="Scenario name, e.g. basis, zuwanderung_plus_20.")
    scenario_description = serializers.CharField()
    created_at = serializers.CharField()
    data_vintage = serializers.CharField()
    model_version = serializers.CharField()
    base_year = serializers.IntegerField()
    horizon = serializers.IntegerField()
    draws = serializers.IntegerField(help_text="Monte Carlo draws; 0 = deterministic, no bands.")
    synthetic = serializers.BooleanField(help_text="True for demo data (not official statistics).")
    label = serializers.CharField(allow_blank=True)
    url = serializers.CharField()
    values_url = serializers.CharField()


class ValueSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    region = serializers.CharField(help_text="AGS: 2 digits (Land) or 5 digits (Kreis).")
    region_name = serializers.CharField()
    occupation = serializers.CharField(help_text="KldB 2010 Berufsgruppe (3 digits) or 'all'.")
    occupation_title = serializers.CharField(allow_blank=True)
    niveau = serializers.IntegerField(help_text="Anforderungsniveau 1–4; 0 = all levels.")
    demand = serializers.FloatField()
    supply = serializers.FloatField()
    gap = serializers.FloatField(help_text="demand − supply")
    gap_rel = serializers.FloatField(help_text="gap / demand")
    level = serializers.CharField(help_text="Engpass, Anzeichen, ausgeglichen or Überhang.")
    expansion = serializers.FloatField(help_text="Expansion demand to the next year.")
    replacement = serializers.FloatField(help_text="Replacement demand (exits) to the next year.")
    entries = serializers.FloatField(help_text="New supply (entries) to the next year.")
    indicative = serializers.BooleanField(help_text="Cell below 10,000: indicative only.")
    supply_p10 = serializers.FloatField(allow_null=True)
    supply_p50 = serializers.FloatField(allow_null=True)
    supply_p90 = serializers.FloatField(allow_null=True)
    demand_p10 = serializers.FloatField(allow_null=True)
    demand_p50 = serializers.FloatField(allow_null=True)
    demand_p90 = serializers.FloatField(allow_null=True)
    gap_p10 = serializers.FloatField(allow_null=True)
    gap_p50 = serializers.FloatField(allow_null=True)
    gap_p90 = serializers.FloatField(allow_null=True)
    band_exact = serializers.BooleanField(
        allow_null=True,
        help_text="True: the band is the quantile of this row's sum (cell, Kreis or Land, one or "
        "all occupations) over the Monte Carlo draws; false: a run made before level bands were "
        "stored, whose band is the sum of the occupations' quantiles (approximation); null: no "
        "band for this row (no Monte Carlo, or a single occupation × Niveau).",
    )


class ValuePagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 5000


REGION = OpenApiParameter(
    "region",
    str,
    description="AGS: 2 digits (Land) or 5 digits (Kreis), e.g. 06 or 06411.",
)
OCCUPATION = OpenApiParameter(
    "occupation",
    str,
    description="KldB 2010 Berufsgruppe, 3 digits (e.g. 813), or 'all' for the sum over all "
    "occupations. Omitted: every occupation and the sum.",
)
NIVEAU = OpenApiParameter(
    "niveau",
    int,
    enum=[0, 1, 2, 3, 4],
    description="Anforderungsniveau 1 Helfer, 2 Fachkraft, 3 Spezialist, 4 Experte; 0 = sum over "
    "all levels. Omitted: every level and the sum.",
)
YEAR = OpenApiParameter("year", int, description="A year from the run's base year to its horizon.")
SCENARIO = OpenApiParameter(
    "scenario",
    str,
    description="Scenario name (e.g. basis, zuwanderung_plus_20). Filters the run list; with "
    "the run id 'latest' it picks the newest run of this scenario (default basis).",
)
RUN_ID = OpenApiParameter(
    "run_id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="Run id from /api/forecasts/, or 'latest' (newest run of ?scenario=).",
)


def _run_payload(request: Request, run: Run) -> dict:
    url = reverse("api:forecast-detail", args=[run.run_id])
    return {
        "run_id": run.run_id,
        "scenario": run.scenario,
        "scenario_description": selectors.scenario_text(run.scenario),
        "created_at": run.created_at,
        "data_vintage": run.data_vintage,
        "model_version": run.model_version,
        "base_year": run.base_year,
        "horizon": run.horizon,
        "draws": run.draws,
        "synthetic": run.synthetic,
        "label": SYNTHETIC_LABEL_DE if run.synthetic else "",
        "url": request.build_absolute_uri(url),
        "values_url": request.build_absolute_uri(reverse("api:forecast-values", args=[run.run_id])),
    }


class AggregatesPreparing(APIException):
    """503: the run's aggregates are being built in the background; ask again shortly."""

    status_code = 503
    default_code = "aggregates_preparing"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Die Kennzahlen dieses Prognoselaufs werden gerade vorbereitet. "
                "Bitte in einer Minute erneut versuchen."
            )
        )


def _invalid(error: params.ParamError) -> ValidationError:
    return ValidationError({error.param: [error.message]})


@extend_schema_view(
    list=extend_schema(
        summary="Forecast runs",
        description="All stored forecast runs, newest first.",
        parameters=[SCENARIO],
        responses=RunSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="One forecast run", parameters=[RUN_ID, SCENARIO], responses=RunSerializer
    ),
)
class ForecastViewSet(viewsets.ViewSet):
    """Forecast runs and their figures (read-only, public)."""

    permission_classes = [AllowAny]
    lookup_field = "run_id"
    lookup_value_regex = r"[A-Za-z0-9_.-]+"
    pagination_class = ValuePagination

    def _run(self, request: Request, run_id: str) -> Run:
        if run_id == LATEST:
            scenario = (request.query_params.get("scenario") or selectors.BASE_SCENARIO).strip()
            run = selectors.latest_run(scenario)
            if run is None:
                raise NotFound(
                    _("Kein Prognoselauf für das Szenario „%(scenario)s“.") % {"scenario": scenario}
                )
            return run
        try:
            return selectors.run_by_id(run_id)
        except selectors.UnknownRunError as error:
            raise NotFound(
                _("Prognoselauf „%(run)s“ nicht gefunden; die Liste steht unter /api/forecasts/.")
                % {"run": run_id}
            ) from error

    def list(self, request: Request) -> Response:
        scenario = (request.query_params.get("scenario") or "").strip()
        runs = [r for r in selectors.run_list() if not scenario or r.scenario == scenario]
        return Response([_run_payload(request, run) for run in runs])

    def retrieve(self, request: Request, run_id: str | None = None) -> Response:
        return Response(_run_payload(request, self._run(request, run_id or "")))

    @extend_schema(
        summary="Figures of a forecast run",
        description=(
            "Demand, supply, gap and bottleneck level per year × region × occupation × "
            "Anforderungsniveau, with Monte Carlo bands (P10/P50/P90) where the run has them. "
            "Invalid parameters give 400 with a message naming the valid forms."
        ),
        parameters=[RUN_ID, SCENARIO, REGION, OCCUPATION, NIVEAU, YEAR],
        responses=ValueSerializer(many=True),
    )
    @action(detail=True, methods=["get"], url_path="values", url_name="values")
    def values(self, request: Request, run_id: str | None = None) -> Response:
        run = self._run(request, run_id or "")
        # A run never changes: the same question always has the same answer, so answers are
        # cached (per data store, run, address and query).
        key = (
            "monitor-api:"
            + hashlib.sha256(
                "\x1f".join(
                    [str(data_dir()), run.run_id, request.get_host(), request.get_full_path()]
                ).encode("utf-8")
            ).hexdigest()
        )
        cached = cache.get(key)
        if cached is None:
            try:
                cached = self._values(request, run).data
            except AggregatesNotReady as error:
                from fachkraefte.web.monitor.aggregates_task import request_aggregates

                request_aggregates(run.run_id)  # built in the background, never in a request
                raise AggregatesPreparing() from error
            cache.set(key, cached, 60 * 60)
        return Response(cached)

    def _values(self, request: Request, run: Run) -> Response:
        import polars as pl

        query = request.query_params
        frame = read_aggregate(run.run_id, "cube", build=False)
        try:
            if query.get("region") not in (None, ""):
                known = selectors.region_codes(run)
                region = params.region_code(query.get("region"), known=known)
                frame = selectors.region_frame(run.run_id, "cube", region)
            if query.get("occupation") not in (None, ""):
                known_occ = selectors.occupation_codes(run)
                occupation = params.occupation_code(query.get("occupation"), known=known_occ)
                frame = frame.filter(pl.col("kldb3") == occupation)
            if query.get("niveau") not in (None, ""):
                frame = frame.filter(pl.col("niveau") == params.niveau(query.get("niveau")))
            if query.get("year") not in (None, ""):
                frame = frame.filter(pl.col("year") == params.year(query.get("year"), run=run))
        except params.ParamError as error:
            raise _invalid(error) from error
        frame = frame.sort("year", "ags", "kldb3", "niveau")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(_LazyRows(frame), request, view=self)
        return paginator.get_paginated_response([_value(row) for row in page])


class _LazyRows:
    """A sequence over a Polars frame that converts only the rows of the requested page."""

    def __init__(self, frame) -> None:
        self.frame = frame

    def __len__(self) -> int:
        return self.frame.height

    def count(self) -> int:
        return self.frame.height

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, _step = index.indices(self.frame.height)
            return self.frame.slice(start, stop - start).to_dicts()
        return self.frame.row(index, named=True)


def _value(row: dict) -> dict:
    return {
        "year": int(row["year"]),
        "region": row["ags"],
        "region_name": selectors.region_name(row["ags"]),
        "occupation": row["kldb3"],
        "occupation_title": selectors.occupation_title(row["kldb3"]) if row["kldb3"] != ALL else "",
        "niveau": int(row["niveau"]) if row["niveau"] is not None else ALL_NIVEAUS,
        **{
            key: row.get(key)
            for key in (
                "demand",
                "supply",
                "gap",
                "gap_rel",
                "level",
                "expansion",
                "replacement",
                "entries",
                "indicative",
                "supply_p10",
                "supply_p50",
                "supply_p90",
                "demand_p10",
                "demand_p50",
                "demand_p90",
                "gap_p10",
                "gap_p50",
                "gap_p90",
                "band_exact",
            )
        },
    }


router = DefaultRouter(trailing_slash=True)
router.register("forecasts", ForecastViewSet, basename="forecast")
urlpatterns = router.urls
