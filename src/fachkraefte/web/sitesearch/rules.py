"""Who may search: everyone, signed in or not, because the index holds public records only.

What is public is decided where each record is turned into a search document
(``sitesearch.documents``: published catalogue entries, calls in a public state, projects past
the decision with their public fields, alliances, districts, occupations), so a draft can never
be found, whoever asks.
"""

from __future__ import annotations

from typing import Any


def may_search(user: Any) -> bool:
    return True  # the index holds nothing a visitor may not see
