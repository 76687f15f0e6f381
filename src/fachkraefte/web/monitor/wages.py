"""The wage atlas (Lohnatlas) on the monitor's district and occupation pages.

Nothing is computed here: the data are the wage atlas pages' own (``web.statistics.selectors``:
the current wages vintage, else the demo data, never a mix), the values come unchanged from
``fachkraefte.indicators.wage_atlas`` and the rows, columns and filters from
``web.statistics.atlas``. This module only picks the rows of one Kreis or one Berufsgruppe and
wraps them as a monitor chart with its table, source and link to the full wage atlas page.

The wage data are not part of a forecast run, so the tables carry their own source
(:class:`~fachkraefte.web.monitor.tables.TableSource`), and the page cache key includes
:func:`wage_data_stamp`, which changes with every import or change of the current vintage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from fachkraefte.paths import data_dir
from fachkraefte.reports import charts
from fachkraefte.reports.exports import Column
from fachkraefte.sources.vintages import INDEX_FILE, VINTAGES_FOLDER
from fachkraefte.web.monitor.chart import Chart
from fachkraefte.web.monitor.language import lang
from fachkraefte.web.monitor.tables import Table, TableSource

WAGE_KEY = "loehne"  # table and chart key (``?tabelle=loehne``, embed address)
ATLAS_TABLES = ("wages", "employment")  # what wage_atlas reads (employment: Land approximation)


def _mtime(path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def wage_data_stamp() -> str:
    """Changes whenever the wage data behind the pages may change: the vintage index (every
    import and every change of a current vintage rewrites it) and the demo build. Two
    ``stat`` calls, so it can key every monitor page's cache entry."""
    root = data_dir()
    manifest = _mtime(root / "demo" / "manifest.json")
    return f"{_mtime(root / VINTAGES_FOLDER / INDEX_FILE)}|{manifest}"


@dataclass
class WageSection:
    """The section "Löhne (Lohnatlas)": a chart with its table, or one sentence why not."""

    atlas_url: str
    atlas_label: str
    chart: Any = None  # pages.Chart
    message: str = ""
    year: int | None = None
    demo: bool = False
    source_note: str = ""


def _atlas_data() -> tuple[Any, int, pl.DataFrame] | None:
    """(indicator data, newest year, wage atlas of that year), or ``None`` without data."""
    from fachkraefte.web.statistics import selectors

    data = selectors.indicator_data(selectors.WAGE_TABLES)
    if data is None:
        return None
    years = selectors.available_years(data, "wages")
    if not years:
        return None
    return data, years[-1], selectors.wage_atlas_frame(data, years[-1])


def _source(data: Any, year: int) -> TableSource:
    from fachkraefte.web.monitor.demo import demo_vintage

    if data.demo:
        vintage = demo_vintage() or "demo"
        note = _(
            "Synthetische Demodaten nach dem Muster der BA-Entgeltstatistik, Jahr %(year)s; "
            "Datenstand %(vintage)s"
        ) % {"year": year, "vintage": vintage}
        return TableSource(note, vintage, True)
    used = dict(data.vintages)
    vintage = ", ".join(f"{t}: {used[t]}" for t in ATLAS_TABLES if t in used)
    note = _(
        "Quelle: Statistik der Bundesagentur für Arbeit, Entgeltstatistik %(year)s (Median der "
        "monatlichen Bruttoentgelte sozialversicherungspflichtig Vollzeitbeschäftigter); "
        "Datenstand %(vintage)s"
    ) % {"year": year, "vintage": vintage}
    return TableSource(note, vintage, False)


def _columns(drop: tuple[str, ...]) -> list[Column]:
    """The wage atlas page's columns (same labels), as monitor columns."""
    from fachkraefte.web.statistics import atlas

    return [
        Column(c.key, c.label, numeric=c.numeric, digits=c.digits)
        for c in atlas.wage_columns()
        if c.key not in drop
    ]


def _atlas_url(year: int | None, **filters: str | None) -> str:
    query = {"year": year, **filters}
    return (
        reverse("statistics:wages")
        + "?"
        + urlencode({k: v for k, v in query.items() if v not in (None, "")})
    )


def _section(
    *,
    key_filters: dict[str, str | None],
    atlas_label: str,
    pick: Callable[[pl.DataFrame, int], pl.DataFrame],
    label: str,
    drop: tuple[str, ...],
    caption: Callable[[int], str],
    empty: Callable[[int], str],
    link: Callable[[dict], str | None] | None,
    category: str,
    order: list[str] | None = None,
) -> WageSection:
    from fachkraefte.web.statistics import atlas

    found = _atlas_data()
    if found is None:
        return WageSection(
            atlas_url=_atlas_url(None, **key_filters),
            atlas_label=atlas_label,
            message=_("Es sind keine Lohndaten (BA-Entgeltstatistik) importiert."),
        )
    data, year, frame = found
    source = _source(data, year)
    section = WageSection(
        atlas_url=_atlas_url(year, **key_filters),
        atlas_label=atlas_label,
        year=year,
        demo=data.demo,
        source_note=source.note,
    )
    selected = pick(frame, year).filter(
        pl.col("median_m").is_not_null() | pl.col("median_w").is_not_null()
    )
    rows = atlas.wage_rows(selected, lang())
    if order is not None:
        position = {code: i for i, code in enumerate(order)}
        rows.sort(key=lambda r: position.get(r["kldb3"], len(position)))
    if not rows:
        section.message = empty(year)
        return section
    for row in rows:
        row["label"] = row[label]
    table = Table(
        WAGE_KEY,
        caption(year),
        _columns(drop),
        rows,
        row_header=label,
        link=link,
        source=source,
    )
    section.chart = Chart(
        WAGE_KEY,
        table.caption,
        charts.wage_spec(rows, lang=lang(), category=category),
        charts.wage_summary(rows, lang=lang()),
        table,
    )
    return section


def district_wages(
    *,
    ags: str,
    name: str,
    kldb3s: list[str],
    subject: str,
    link: Callable[[dict], str | None] | None = None,
) -> WageSection:
    """The wage atlas rows of Kreis ``ags`` for the Berufsgruppen ``kldb3s`` (in that order):
    one chosen occupation, or those with the largest gaps on the page."""
    from fachkraefte.web.statistics import atlas

    single = kldb3s[0] if len(kldb3s) == 1 else None

    def pick(frame: pl.DataFrame, year: int) -> pl.DataFrame:
        mine = atlas.filter_frame(frame, atlas.Filters(year, ags=ags, kldb3=single))
        return mine.filter(pl.col("kldb3").is_in(kldb3s))

    def caption(year: int) -> str:
        if single:
            return _("Löhne %(year)s in %(name)s: %(subject)s") % {
                "year": year,
                "name": name,
                "subject": subject,
            }
        return _("Löhne %(year)s in %(name)s: Berufsgruppen mit den größten Lücken") % {
            "year": year,
            "name": name,
        }

    return _section(
        key_filters={"ags": ags, "kldb3": single},
        atlas_label=_("%(name)s im vollständigen Lohnatlas: alle Berufsgruppen") % {"name": name}
        if not single
        else _("%(name)s im vollständigen Lohnatlas: %(subject)s")
        % {"name": name, "subject": subject},
        pick=pick,
        label="occupation",
        drop=("ags", "region"),
        caption=caption,
        empty=lambda year: (
            _("Die Entgeltstatistik %(year)s enthält für %(name)s keine Werte.")
            % {"year": year, "name": f"{name} ({subject})" if single else name}
        ),
        link=link,
        category="occupation",
        order=kldb3s,
    )


def occupation_wages(
    *,
    kldb3: str,
    title: str,
    land: str,
    land_name: str,
    link: Callable[[dict], str | None] | None = None,
) -> WageSection:
    """The wage atlas rows of Berufsgruppe ``kldb3`` in every Kreis of ``land``."""
    from fachkraefte.web.statistics import atlas

    def pick(frame: pl.DataFrame, year: int) -> pl.DataFrame:
        return atlas.filter_frame(frame, atlas.Filters(year, land=land, kldb3=kldb3))

    return _section(
        key_filters={"land": land, "kldb3": kldb3},
        atlas_label=_("%(title)s im vollständigen Lohnatlas: alle Kreise von %(land)s")
        % {"title": title, "land": land_name},
        pick=pick,
        label="region",
        drop=("kldb3", "occupation"),
        caption=lambda year: (
            _("Löhne %(year)s in den Kreisen von %(land)s: %(title)s")
            % {"year": year, "land": land_name, "title": title}
        ),
        empty=lambda year: (
            _("Die Entgeltstatistik %(year)s enthält für %(title)s in %(land)s keine Werte.")
            % {"year": year, "title": title, "land": land_name}
        ),
        link=link,
        category="district",
    )
