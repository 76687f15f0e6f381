"""What the pages say about a series' Monte Carlo bands: the band columns of a chart and the
note under it. A band is the stored quantile of the shown level's sum over the draws
(``bands.parquet`` of the run), or missing where the ensemble has none."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fachkraefte.reports import ALL_NIVEAUS
from fachkraefte.web.monitor.selectors import Run


def band_rows(rows: list[dict]) -> list[dict]:
    return [
        {
            k: row.get(k)
            for k in (
                "year",
                "demand",
                "supply",
                "demand_p10",
                "demand_p50",
                "demand_p90",
                "supply_p10",
                "supply_p50",
                "supply_p90",
                "gap_p10",
                "gap_p50",
                "gap_p90",
            )
        }
        for row in rows
    ]


def has_bands(run: Run, rows: list[dict]) -> bool:
    """Bands exist for every level the Monte Carlo sums to (not a Berufsgruppe × Niveau)."""
    return run.has_bands and bool(rows) and rows[-1].get("gap_p10") is not None


def band_note(run: Run, rows: list[dict], niveau: int) -> str:
    if not run.has_bands:
        return _(
            "Für dieses Szenario gibt es nur einen deterministischen Lauf: keine "
            "Unsicherheitsbänder (P10–P90)."
        )
    if niveau != ALL_NIVEAUS and not has_bands(run, rows):
        return _(
            "Monte-Carlo-Bänder gibt es je Niveau nur über alle Berufe oder je Berufsbereich, "
            "nicht für eine einzelne Berufsgruppe: die Seite zeigt hier nur den mittleren Pfad."
        )
    if rows and rows[-1].get("band_exact") is False:
        return _(
            "Bänder aus %(draws)s Monte-Carlo-Ziehungen: Fläche P10–P90, gepunktete Linie P50 "
            "(Median). Über mehrere Berufsgruppen ist das Band die Summe der Perzentile der "
            "Berufsgruppen – eine leicht zu breite Näherung."
        ) % {"draws": run.draws}
    return _(
        "Bänder aus %(draws)s Monte-Carlo-Ziehungen: Fläche P10–P90, gepunktete Linie P50 "
        "(Median). Für Summen über Kreise, Berufe oder Niveaus ist das Band das Perzentil der "
        "Summe in jeder Ziehung, nicht die Summe der Perzentile."
    ) % {"draws": run.draws}
