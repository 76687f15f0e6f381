"""Fachkräfte-Plattform: regional skilled-labour forecasts, monitoring and alliance funding.

The analytics core (``common``, ``geo``, ``occupations``, ``sources``, ``forecast``,
``indicators``, ``reports``) is a plain Python library and never imports Django; ``web`` builds
on it. Its layers import only downwards, in that order (``tests/test_architecture.py``).
"""

__version__ = "0.1.0"

SYNTHETIC_LABEL_DE = "Demodaten – keine amtliche Statistik"
SYNTHETIC_LABEL_EN = "Demo data – not official statistics"
