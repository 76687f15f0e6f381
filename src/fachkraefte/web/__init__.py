"""The Django web application of the platform (``fachkraefte serve``).

One Django app per domain: ``core`` (start page, districts, language switch, the ``Region``
model), ``accounts`` (login/logout). Later domains (alliances, funding, workshops, monitor,
API) get their own app beside them. The analytics core never imports this package.
"""
