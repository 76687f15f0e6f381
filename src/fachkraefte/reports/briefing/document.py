"""The pack as one document model (sections of paragraphs, tables, figures, lists), from which
both the HTML and the PDF are set – so the two never say different things.

Blocks are plain dicts: ``{"kind": "p", "text"}``, ``{"kind": "table", "caption", "header",
"rows", "numeric"}`` (``numeric``: which columns align right), ``{"kind": "figure", "title",
"alt", "svg"}`` and ``{"kind": "list", "items"}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fachkraefte.reports.briefing.charts import Figure
from fachkraefte.reports.briefing.data import BriefingData
from fachkraefte.reports.text import fmt_number, fmt_percent

Block = dict[str, Any]


def number(value: float | None) -> str:
    return fmt_number(value) if value is not None else "–"


def percent(value: float | None) -> str:
    """``gap_rel`` is a share of demand (0.125 → "12,5 %")."""
    return fmt_percent(value) if value is not None else "–"


def euro(value: float | None) -> str:
    return f"{fmt_number(value)} €" if value is not None else "–"


def _p(text: str) -> Block:
    return {"kind": "p", "text": text}


def _table(caption: str, header: list[str], rows: list[list[str]], numeric: list[int]) -> Block:
    return {"kind": "table", "caption": caption, "header": header, "rows": rows, "numeric": numeric}


def _figure(figure: Figure | None) -> list[Block]:
    if figure is None:
        return []
    block = {"kind": "figure", "title": figure.title, "alt": figure.alt, "svg": figure.svg}
    return [block]


def document(data: BriefingData, figures: list[Figure] | None) -> dict[str, Any]:
    """The document model; ``figures=None`` sets it without charts (their text stays)."""
    by_key = {f.key: f for f in figures or []}
    run = data.run
    last = data.horizon_row
    land_last = data.land_horizon_row
    sections: list[dict[str, Any]] = []

    basis = [
        ["Prognoselauf", run["run_id"]],
        ["Szenario", run["scenario_text"]],
        ["Datenstand", run["data_vintage"] or "–"],
        ["Basisjahr und Zieljahr", f"{run['base_year']} – {run['horizon']}"],
        ["Modellversion", run["model_version"] or "–"],
        ["Monte-Carlo-Ziehungen", str(run["draws"]) if run["draws"] else "keine (deterministisch)"],
    ]
    intro = [
        _p(
            f"Diese Unterlagen fassen die regionale Berufsprognose für {data.name} zusammen – "
            "als gemeinsamer Ausgangspunkt der Zukunftswerkstatt."
        )
    ]
    if run["synthetic_label"]:
        intro.append(_p(f"Hinweis: {run['synthetic_label']}."))
    intro.append(_table("Datengrundlage", ["Angabe", "Wert"], basis, []))
    sections.append({"heading": "Datengrundlage", "blocks": intro})

    band = ""
    if last.get("gap_p10") is not None:
        band = (
            f" Mit 80 % Wahrscheinlichkeit (P10–P90) liegt die Lücke zwischen "
            f"{number(last['gap_p10'])} und {number(last['gap_p90'])}."
        )
    years = [
        [
            str(r["year"]),
            number(r["demand"]),
            number(r["supply"]),
            number(r["gap"]),
            percent(r["gap_rel"]),
        ]
        for r in data.series
    ]
    sections.append(
        {
            "heading": "Angebot und Bedarf",
            "blocks": [
                _p(
                    f"Im Jahr {last['year']} stehen einem Bedarf von {number(last['demand'])} "
                    f"Beschäftigten voraussichtlich {number(last['supply'])} verfügbare Fachkräfte "
                    f"gegenüber: eine Lücke von {number(last['gap'])} "
                    f"({percent(last['gap_rel'])} des Bedarfs).{band}"
                ),
                *_figure(by_key.get("angebot-bedarf")),
                _table(
                    "Angebot und Bedarf je Jahr",
                    ["Jahr", "Bedarf", "Angebot", "Lücke", "Lücke in % des Bedarfs"],
                    years,
                    [1, 2, 3, 4],
                ),
            ],
        }
    )

    if data.top:
        top = data.top[0]
        sections.append(
            {
                "heading": "Berufsgruppen mit den größten Lücken",
                "blocks": [
                    _p(
                        f"Die größte Lücke im Jahr {last['year']} hat die Berufsgruppe "
                        f"{top['title']} ({top['kldb3']}): {number(top['gap'])} Personen "
                        f"({percent(top['gap_rel'])} des Bedarfs)."
                    ),
                    *_figure(by_key.get("groesste-luecken")),
                    _table(
                        f"Die {len(data.top)} Berufsgruppen mit den größten Lücken {last['year']}",
                        ["KldB", "Berufsgruppe", "Bedarf", "Angebot", "Lücke", "in %"],
                        [
                            [
                                r["kldb3"],
                                r["title"],
                                number(r["demand"]),
                                number(r["supply"]),
                                number(r["gap"]),
                                percent(r["gap_rel"]),
                            ]
                            for r in data.top
                        ],
                        [2, 3, 4, 5],
                    ),
                ],
            }
        )

    age_blocks: list[Block] = []
    if data.ages:
        older = {}
        for row in data.ages:
            if int(row["age_band"][:2]) >= 55:
                older[row["area"]] = older.get(row["area"], 0.0) + row["share"]
        age_blocks.append(
            _p(
                "Anteil der Beschäftigten ab 55 Jahren im Basisjahr: "
                + ", ".join(f"{area} {percent(share)}" for area, share in older.items())
                + ". Sie scheiden bis zum Zieljahr großteils aus und begründen den Ersatzbedarf."
            )
        )
        age_blocks += _figure(by_key.get("altersstruktur"))
    if data.replacement:
        age_blocks += _figure(by_key.get("demografie"))
        age_blocks.append(
            _table(
                "Demografischer Ersatz je Jahr",
                ["Jahr", "werden 27", "werden 64", "Verhältnis"],
                [
                    [
                        str(r["year"]),
                        number(r["age_27"]),
                        number(r["age_64"]),
                        fmt_number(r["replacement_ratio"], digits=2)
                        if r["replacement_ratio"] is not None
                        else "–",
                    ]
                    for r in data.replacement
                ],
                [1, 2, 3],
            )
        )
    if age_blocks:
        sections.append({"heading": "Altersstruktur und Ersatzbedarf", "blocks": age_blocks})

    compare = [
        _p(
            f"Lücke {last['year']} in % des Bedarfs: {data.name} {percent(last['gap_rel'])}, "
            f"{data.land_name} {percent(land_last['gap_rel']) if land_last else '–'}."
        ),
        *_figure(by_key.get("land-vergleich")),
    ]
    if data.similar:
        compare.append(
            _table(
                "Ähnliche Kreise und ihre Lücke im Zieljahr",
                ["Kreis", "Kreistyp", "Warum ähnlich", "Lücke in %"],
                [
                    [r["name"], r["type"] or "–", r["reason"] or "–", percent(r["gap_rel"])]
                    for r in data.similar
                ],
                [3],
            )
        )
    compare.append(_p(data.similar_note))
    sections.append(
        {"heading": f"Vergleich mit {data.land_name} und ähnlichen Kreisen", "blocks": compare}
    )

    context = data.context
    if context.strategy or context.commitments or context.projects:
        blocks: list[Block] = []
        if context.strategy:
            blocks.append(_p(context.strategy))
        if context.commitments:
            blocks.append(
                _table(
                    "Vereinbarungen",
                    ["Vereinbarung", "Verantwortlich", "Stand"],
                    [[c.text, c.owner or "–", c.status or "–"] for c in context.commitments],
                    [],
                )
            )
        if context.projects:
            blocks.append(
                _table(
                    "Geförderte Projekte",
                    ["Projekt", "Zuwendung", "Stand"],
                    [[p.title, euro(p.amount_eur), p.status or "–"] for p in context.projects],
                    [1],
                )
            )
        heading = f"Allianz: {context.alliance}" if context.alliance else "Allianz"
        sections.append({"heading": heading, "blocks": blocks})

    return {
        "lang": "de",
        "title": f"Unterlagen zur Zukunftswerkstatt: {data.name}",
        "subtitle": f"Regionale Fachkräfteprognose {run['base_year']}–{run['horizon']}, "
        f"{run['scenario_text']}",
        "author": "Fachkräfte-Plattform",
        "sections": sections,
        "footer": f"Erstellt am {dt.date.today():%d.%m.%Y} aus Prognoselauf {run['run_id']}",
    }
