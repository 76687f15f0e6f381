"""The chart scripts' import map and the Content-Security-Policy that admits it.

vega-interpreter (the expression interpreter that lets Vega run without ``eval``, which the
CSP forbids) is published only as an ES module that imports the bare name ``vega-util``.
Browsers resolve bare names through an import map, and an import map must be inline. The
monitor's pages therefore allow exactly this one inline script by its SHA-256 hash; every
other inline script stays blocked. ``vega-util`` is mapped to a small module that re-exports
the functions from the ``vega`` bundle already on the page.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache

from django.templatetags.static import static

from fachkraefte.web.security import CONTENT_SECURITY_POLICY


@lru_cache(maxsize=1)
def import_map() -> tuple[str, str]:
    """(import map JSON as written into the page, CSP header admitting it)."""
    text = json.dumps({"imports": {"vega-util": static("monitor/vega-util-shim.js")}})
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    policy = CONTENT_SECURITY_POLICY.replace(
        "script-src 'self'", f"script-src 'self' 'sha256-{digest}'"
    )
    if policy == CONTENT_SECURITY_POLICY:  # the base policy changed shape: fail loudly in tests
        raise RuntimeError("CSP has no \"script-src 'self'\" directive to extend")
    return text, policy
