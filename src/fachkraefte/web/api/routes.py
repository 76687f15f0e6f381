"""One router over the viewsets that the domain apps declare in their ``api.py``.

Merging the registries (instead of including each app's router) gives a single API root at
``/api/`` that lists every collection; each app's own router only names what it offers.
"""

from rest_framework.routers import DefaultRouter

from fachkraefte.web.alliances import api as alliances_api
from fachkraefte.web.calls import api as calls_api
from fachkraefte.web.decisions import api as decisions_api
from fachkraefte.web.funding import api as funding_api
from fachkraefte.web.knowledge import api as knowledge_api
from fachkraefte.web.monitor import api as monitor_api
from fachkraefte.web.organisations import api as organisations_api
from fachkraefte.web.outcomes import api as outcomes_api
from fachkraefte.web.overlaps import api as overlaps_api
from fachkraefte.web.payments import api as payments_api
from fachkraefte.web.programmes import api as programmes_api
from fachkraefte.web.programmestats import api as programmestats_api
from fachkraefte.web.projects import api as projects_api
from fachkraefte.web.proposals import api as proposals_api
from fachkraefte.web.reporting import api as reporting_api
from fachkraefte.web.reviews import api as reviews_api
from fachkraefte.web.sitesearch import api as sitesearch_api
from fachkraefte.web.statistics import api as statistics_api
from fachkraefte.web.transparency import api as transparency_api
from fachkraefte.web.workshop_outcomes import api as workshop_outcomes_api
from fachkraefte.web.workshops import api as workshops_api

router = DefaultRouter(trailing_slash=True)
for app_api in (
    alliances_api,
    organisations_api,
    programmes_api,
    decisions_api,
    monitor_api,
    statistics_api,
    funding_api,
    reviews_api,
    calls_api,
    proposals_api,
    payments_api,
    programmestats_api,
    transparency_api,
    projects_api,
    reporting_api,
    outcomes_api,
    workshops_api,
    knowledge_api,
    sitesearch_api,
    overlaps_api,
    workshop_outcomes_api,
):
    router.registry.extend(app_api.router.registry)
urlpatterns = router.urls
