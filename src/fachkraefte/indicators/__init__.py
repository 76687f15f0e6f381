"""Indicators on the imported statistics: bottlenecks, location quotients, shift-share, wages.

Every function takes the schema tables (``fachkraefte.sources.schema``) as Polars frames, so
it runs the same on an imported vintage and on the synthetic demo data.
"""

from fachkraefte.indicators.bottleneck import bottleneck_scores
from fachkraefte.indicators.config import BottleneckConfig, load_config
from fachkraefte.indicators.location import location_quotients
from fachkraefte.indicators.shift_share import shift_share
from fachkraefte.indicators.wages import wage_atlas

__all__ = [
    "BottleneckConfig",
    "bottleneck_scores",
    "load_config",
    "location_quotients",
    "shift_share",
    "wage_atlas",
]
