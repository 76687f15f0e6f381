"""What every core package may use: the shared errors and the working-age range.

The lowest layer of the analytics core (see ``tests/test_architecture.py``): it imports no
other package of ``fachkraefte``.
"""
