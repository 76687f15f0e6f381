"""The forecast runs that ``fachkraefte demo`` provides for the monitor (idempotent)."""

from __future__ import annotations

from collections.abc import Callable

from fachkraefte.forecast import store
from fachkraefte.reports import ensure_aggregates

# Scenario → Monte Carlo draws. The base run shows the uncertainty bands; the scenario run is
# deterministic, which keeps ``fachkraefte demo`` quick and shows how the monitor presents a
# run without bands. ``fachkraefte forecast run --draws N`` makes runs with more draws.
DEMO_SCENARIOS = {"basis": 50, "zuwanderung_plus_20": 0}
DEMO_YEARS = 10  # base year + 10: the monitor's default horizon


def demo_vintage() -> str | None:
    """The data vintage the demo runs record: seed and generator version of the demo build."""
    from fachkraefte.sources.demo import demo_manifest
    from fachkraefte.sources.demo.structure import DEFAULT_SELECTION

    manifest = demo_manifest()
    if manifest is None:
        return None
    vintage = f"demo-{manifest.seed}-{manifest.generator_version}"
    # A build for other Kreise (``fachkraefte demo --land all``) needs runs of its own.
    selection = next(
        (
            entry.get("selection")
            for entry in manifest.calibration_sources
            if entry.get("key") == "districts"
        ),
        None,
    )
    return vintage if selection in (None, DEFAULT_SELECTION) else f"{vintage}-{selection}"


def ensure_demo_runs(
    *,
    draws: dict[str, int] | None = None,
    years: int = DEMO_YEARS,
    say: Callable[[str], None] = print,
) -> list[str]:
    """Run the base scenario and "Zuwanderung +20 %" on the demo data unless they exist.

    A run counts as existing when one of the scenario was made from the current demo build
    (same seed and generator version, recorded as its data vintage). Aggregates for the
    monitor are built for every demo run. ``draws``: Monte Carlo draws per scenario (default
    :data:`DEMO_SCENARIOS`). Returns the run ids.
    """
    from fachkraefte.forecast.runner import load_tables, run_forecast

    vintage = demo_vintage()
    if vintage is None:
        raise RuntimeError(
            "Keine Demodaten – zuerst 'fachkraefte demo' / no demo data – run 'fachkraefte demo'"
        )
    existing = {
        m["scenario"]: m["run_id"]
        for m in reversed(store.list_runs())  # newest wins
        if m.get("data_vintage") == vintage and int(m.get("years", 0)) == years
    }
    tables = None
    run_ids = []
    for scenario, default_draws in DEMO_SCENARIOS.items():
        run_id = existing.get(scenario)
        if run_id is None:
            tables = tables or load_tables()
            n = (draws or {}).get(scenario, default_draws)
            say(f"Prognose für den Monitor: Szenario {scenario} ({n} Monte-Carlo-Ziehungen) …")
            metadata = run_forecast(
                tables,
                scenario=scenario,
                years=years,
                draws=n,
                data_vintage=vintage,
                step=lambda label, s=scenario: say(f"  {s}: {label}"),
            )
            run_id = metadata["run_id"]
        else:
            say(f"Prognose für den Monitor: Szenario {scenario} vorhanden ({run_id}).")
        ensure_aggregates(run_id, step=lambda label, s=scenario: say(f"  {s}: Aggregate – {label}"))
        run_ids.append(run_id)
    return run_ids
