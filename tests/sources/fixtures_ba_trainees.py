"""Builder of the BA table "SV-Beschäftigte – darunter Auszubildende" by Kreis × Berufsgruppe
× sex, in the layout of the BA employment tables (``fixtures_ba``): title lines with the
``Stichtag``, a three-row header whose group captions are written once over their columns
(``Sozialversicherungspflichtig Beschäftigte`` › ``Insgesamt`` | ``darunter Auszubildende``
› ``Insgesamt``/``Männer``/``Frauen``), a row of column numbers, the Land block, Kreis blocks
with an ``Insgesamt`` row, ``*`` for 1 and 2, ``-`` for 0, footnotes and the copyright line.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from fixtures_ba import FOOTNOTES, GATTUNGEN, GRUPPEN, KREISE, Sheet, ba_value


@dataclass
class TraineeTable:
    sheet: Sheet
    # true apprentices (before suppression) per (ags, kldb3 or Berufsgattung, sex)
    values: dict[tuple[str, str, str], int]
    employees: dict[tuple[str, str], int]
    year: int = 2023

    def expected_rows(self) -> dict[tuple, int | None]:
        """(year, ags, kldb3, sex) → apprentices as the importer must store them."""
        grouped: dict[tuple, list[int | None]] = {}
        for (ags, code, sex), value in self.values.items():
            # Both sexes are hidden when one of them is 1 or 2 (it could be inferred).
            hidden = any(0 < self.values[(ags, code, s)] < 3 for s in ("m", "w"))
            grouped.setdefault((self.year, ags, code[:3], sex), []).append(
                None if hidden else value
            )
        return {
            key: (None if any(v is None for v in parts) else sum(parts))  # type: ignore[misc]
            for key, parts in grouped.items()
        }


TITLE = [
    "Sozialversicherungspflichtig Beschäftigte am Arbeitsort nach ausgeübter Tätigkeit "
    "(KldB 2010) und Geschlecht – darunter Auszubildende",
    "Hessen und Kreise (Auswahl)",
]
HEADER_CAPTION = "Ausgeübte Tätigkeit nach KldB 2010"


def trainee_table(
    *,
    seed: int = 13,
    kreise: list[tuple[str, str]] = KREISE,
    year: int = 2023,
    small_values: bool = True,
    layout: str = "gruppe",
) -> TraineeTable:
    """Kreis × occupation rows; columns SvB Insgesamt, Azubis Insgesamt, Männer, Frauen.

    ``layout="gruppe"``: 3-digit Berufsgruppen; ``"gattung"``: 5-digit Berufsgattungen.
    """
    rng = random.Random(seed)
    occupations = GRUPPEN if layout == "gruppe" else GATTUNGEN
    values: dict[tuple[str, str, str], int] = {}
    employees: dict[tuple[str, str], int] = {}
    for ags, _ in kreise:
        for code, _ in occupations:
            for sex in ("m", "w"):
                roll = rng.random()
                small = rng.randint(1, 2) if small_values else rng.randint(3, 9)
                values[(ags, code, sex)] = (
                    0 if roll < 0.1 else small if roll < 0.2 else rng.randint(3, 250)
                )
            trainees = values[(ags, code, "m")] + values[(ags, code, "w")]
            employees[(ags, code)] = trainees * rng.randint(8, 30) + rng.randint(0, 50)
    header = [
        [
            "Region",
            f"{HEADER_CAPTION} ({'Berufsgruppe' if layout == 'gruppe' else 'Berufsgattung'})",
            "Sozialversicherungspflichtig Beschäftigte",
        ],
        [None, None, "Insgesamt", "darunter Auszubildende", None, None],
        [None, None, None, "Insgesamt", "Männer", "Frauen"],
    ]

    def row(label_region, label_occupation, svb, m, w):
        # The BA also hides the other sex where one is 1 or 2 (else it could be inferred).
        parts = ["*", "*"] if 0 < m < 3 or 0 < w < 3 else [ba_value(m), ba_value(w)]
        return [label_region, label_occupation, ba_value(svb), ba_value(m + w), *parts]

    data: list[list[object]] = []
    # Land block first (skipped by the importer: the schema holds Kreise).
    for index, (code, title) in enumerate(occupations):
        m = sum(values[(a, code, "m")] for a, _ in kreise)
        w = sum(values[(a, code, "w")] for a, _ in kreise)
        svb = sum(employees[(a, code)] for a, _ in kreise)
        data.append(row("06 Hessen" if index == 0 else None, f"{code} {title}", svb, m, w))
    for ags, name in kreise:
        m_all = sum(values[(ags, c, "m")] for c, _ in occupations)
        w_all = sum(values[(ags, c, "w")] for c, _ in occupations)
        svb_all = sum(employees[(ags, c)] for c, _ in occupations)
        data.append(row(f"{ags} {name}", "Insgesamt", svb_all, m_all, w_all))
        for code, title in occupations:
            data.append(
                row(
                    None,
                    f"{code} {title}",
                    employees[(ags, code)],
                    values[(ags, code, "m")],
                    values[(ags, code, "w")],
                )
            )
    return TraineeTable(
        sheet=Sheet(
            title=[*TITLE, f"Stichtag: 30. Juni {year}"],
            header=header,
            data=data,
            footer=list(FOOTNOTES),
        ),
        values=values,
        employees=employees,
        year=year,
    )
