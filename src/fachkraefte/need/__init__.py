"""Fit to need: how a proposal's or project's target occupations and districts stand in a
forecast run, and what share of their gap its expected or reported outcomes close.

The public API::

    from fachkraefte.need import Outcome, assess, outcome_measures
    measures, _before = outcome_measures([Outcome(20, "813", "14626", 2027)], base_year=2024)
    result = assess(run_id, cells=[("14626", "813")], measures=measures)
    result.share_closed, result.need_score

- :func:`gap_cells`: gap P10/P50/P90 absolute and relative, replacement ratio, BA bottleneck
  score per year and cell, read from the stored run;
- :func:`measure_effect`: the persons measures add to the run's supply, by the engine's
  measure-as-scenario on the run's own inputs (restricted to the cells it can reach);
- :func:`assess`: both together, the share of the gap closed and the need score
  (:func:`cell_need`, documented in docs/need.md and :mod:`fachkraefte.need.assess`).

Computing an effect projects the engine and takes seconds: callers run it once, outside a
request, and keep the result (the web layer keys it by run and inputs).
"""

from fachkraefte.need.assess import WEIGHTS, Assessment, assess, cell_need
from fachkraefte.need.effect import NeedError, measure_effect, restrict, run_scenario
from fachkraefte.need.gaps import gap_cells
from fachkraefte.need.measures import Outcome, outcome_measures

__all__ = [
    "WEIGHTS",
    "Assessment",
    "NeedError",
    "Outcome",
    "assess",
    "cell_need",
    "gap_cells",
    "measure_effect",
    "outcome_measures",
    "restrict",
    "run_scenario",
]
