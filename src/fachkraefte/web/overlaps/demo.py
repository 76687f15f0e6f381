"""The overlap check on the demo: the index over the demo proposals and projects, and every
demo proposal's candidates, computed once when ``fachkraefte demo`` builds the demo.

The demo proposals (``proposals.demo``, all synthetic) hold two near-duplicates in the Görlitz
call — the same language course for care workers from two providers — which the check flags;
nothing here is tuned to them: the same refresh runs as the background task does.
"""

from __future__ import annotations

from fachkraefte.web.overlaps.services import overlaps_refresh


def ensure_demo_overlaps() -> dict[str, int]:
    return overlaps_refresh()
