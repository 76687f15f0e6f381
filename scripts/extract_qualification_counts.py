"""Write src/fachkraefte/forecast/qualification_counts.csv from the Regionaldatenbank table
13111-11-04-4 (employees subject to social insurance at the place of work by vocational
qualification, 30.06.2015), as published in ../shared/data/official.

Kept: Deutschland, the Länder and every Kreis with values (dissolved Kreise carry ``-`` in
every cell and are left out); the columns are the counts of all employees by sex. Run from the
repository root: ``python scripts/extract_qualification_counts.py [path-to-csv]``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

SOURCE = Path("../shared/data/official/regionalstatistik/ogd_2017/13111-11-04-4_00.csv")
TARGET = Path("src/fachkraefte/forecast/qualification_counts.csv")
DATE = "30.06.2015"
KINDS = {
    "ohne Berufsabschluss": "without",
    "mit anerkanntem Berufsabschluss": "vocational",
    "mit akademischem Abschluss": "academic",
}


def main(path: Path = SOURCE) -> None:
    rows: dict[str, dict[str, tuple[int, int]]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cells = line.rstrip("\n").split(";")
            if len(cells) < 7 or cells[0] != DATE or cells[3] not in KINDS:
                continue
            code = cells[1]
            male, female = cells[5], cells[6]
            if not (male.isdigit() and female.isdigit()):
                continue
            rows.setdefault(code, {})[KINDS[cells[3]]] = (int(male), int(female))
    with TARGET.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["region", "sex", "without", "vocational", "academic"])
        for code in sorted(rows, key=lambda c: (c != "DG", c)):
            kinds = rows[code]
            if set(kinds) != set(KINDS.values()):
                continue
            for i, sex in enumerate(("m", "w")):
                writer.writerow(
                    [code, sex] + [kinds[k][i] for k in ("without", "vocational", "academic")]
                )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
