"""Forecast engine: cohort-component supply, demand, gap and bottleneck classification.

The core works on plain NumPy arrays (:class:`~fachkraefte.forecast.engine.EngineInputs`) so that
it can be tested on tiny hand-made cases and benchmarked on synthetic all-Germany arrays.
"""

from __future__ import annotations

MODEL_VERSION = "0.5.0"

__all__ = ["MODEL_VERSION"]
