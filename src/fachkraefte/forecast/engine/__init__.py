"""Cohort-component projection of labour supply on a dense NumPy state array.

State axes (in this order): district r × Berufsgruppe o × Anforderungsniveau q × sex s ×
single year of age a (``AGE_MIN``..``AGE_MAX``). One projection year is, per cell::

    stock'(a)     = stock(a) * (1 - exit(s,a) - out(o) + mig(r,s,a) + π(t) part(s,a)) + mob_in(o)
                    - stock(a) L(q,·,a) + Σ_p stock_p(a) L(p,q,a)
    stock(t+1, a+1) = stock'(a) + f(t,r) entries(a+1)

where ``out(o)`` is the row sum of the mobility matrix ``M`` (diagonal ignored) and
``mob_in(p) = sum_o M[o, p] * stock(o)``; ``π(t)`` is the participation profile (a
phase-in stops after its years) and ``f(t, r)`` the entry factor (young-population index);
``L(q, p, a)`` are the level moves (upgrading from level q to p at age a, optional).
People at ``AGE_MAX`` leave the age range and are counted as exits ("Ersatzbedarf"). All flows
use the stock at the start of the year (explicit scheme) so that the accounting identity holds
exactly per cell and the whole year is one fused survive-and-age multiply into a second
buffer, one small matmul per connected group of occupations that exchange workers (only with a
mobility matrix; see :func:`mobility_blocks`) and one reduction — no Python loop over cells.

The package:

* ``inputs`` — :class:`EngineInputs` and their validation;
* ``mobility_groups`` — the mobility matrix split into groups of occupations that exchange
  workers, and their inflow;
* ``kernel`` — :func:`~fachkraefte.forecast.engine.kernel.year_step`, the one year of the model
  on a block of rows, shared by both paths below;
* ``projection`` — :func:`project`: one projection with every flow (the standard run);
* ``draws`` — :func:`project_supply_draws`: the supply of many Monte Carlo draws at once.
"""

from fachkraefte.common.ages import AGE_MAX, AGE_MIN, N_AGES
from fachkraefte.common.errors import InputError
from fachkraefte.forecast.engine.draws import DRAW_ROWS, Draw, project_supply_draws
from fachkraefte.forecast.engine.inputs import DTYPE, ENTRY_AGE, EXIT_AGE, EngineInputs, validate
from fachkraefte.forecast.engine.kernel import entry_ages, year_step
from fachkraefte.forecast.engine.mobility_groups import MobilityBlock, mobility_blocks
from fachkraefte.forecast.engine.projection import BLOCK_CELLS, Projection, project

__all__ = [
    "AGE_MAX",
    "AGE_MIN",
    "BLOCK_CELLS",
    "DRAW_ROWS",
    "DTYPE",
    "ENTRY_AGE",
    "EXIT_AGE",
    "N_AGES",
    "Draw",
    "EngineInputs",
    "InputError",
    "MobilityBlock",
    "Projection",
    "entry_ages",
    "mobility_blocks",
    "project",
    "project_supply_draws",
    "validate",
    "year_step",
]
