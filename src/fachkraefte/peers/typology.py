"""The BBSR siedlungsstruktureller Kreistyp of each district, where the data holds it.

The only copy in the project is the demo's calibration table, taken from BBSR's "Referenz
Gemeinden, Kreise, NUTS" (31.12.2019, dl-de/by-2-0): an official file, not a demo figure.
A district missing from it (e.g. after a later reform) gets no type – none is guessed.
"""

from __future__ import annotations

from functools import cache

TYPE_SOURCE = "BBSR, siedlungsstrukturelle Kreistypen (Referenz 31.12.2019)"


@cache
def bbsr_kreistypen() -> dict[str, int]:
    """AGS → Kreistyp 1 kreisfreie Großstadt, 2 städtischer Kreis, 3 ländlicher Kreis mit
    Verdichtungsansätzen, 4 dünn besiedelter ländlicher Kreis."""
    from fachkraefte.sources.demo.kreise import calibration_table

    table = calibration_table()
    if "kreistyp" not in table.columns:
        return {}
    return {
        ags: int(code)
        for ags, code in table.select("ags", "kreistyp").iter_rows()
        if code is not None
    }
