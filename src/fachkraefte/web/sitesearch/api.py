"""The search API (``GET /api/search/?q=…``): the search page's hits as data, for anyone."""

from __future__ import annotations

from django.core.paginator import Paginator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.sitesearch import rules, selectors
from fachkraefte.web.sitesearch.views import MAX_QUERY, PAGE_SIZE, search_filters


class HitSerializer(serializers.Serializer):
    type = serializers.CharField(source="document.kind")
    type_label = serializers.CharField(source="kind_label")
    title = serializers.CharField(source="document.title")
    url = serializers.CharField(source="document.url")
    score = serializers.FloatField()
    passage = serializers.SerializerMethodField(help_text="Textstelle; Treffer in [[…]]")

    def get_passage(self, hit: selectors.Hit) -> str:
        return "".join(f"[[{s.text}]]" if s.hit else s.text for s in hit.passage)


PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Suchbegriffe, z. B. Pflegekräfte"),
    OpenApiParameter("typ", OpenApiTypes.STR, description="measure, practice, call, project, …"),
    OpenApiParameter("handlungsfeld", OpenApiTypes.STR, description="Handlungsfeld (Code)"),
    OpenApiParameter("zielgruppe", OpenApiTypes.STR, description="Zielgruppe (Code)"),
    OpenApiParameter("beruf", OpenApiTypes.STR, description="KldB-Berufsgruppe, z. B. 813"),
    OpenApiParameter("land", OpenApiTypes.STR, description="Landesschlüssel, z. B. 06"),
    OpenApiParameter("kreis", OpenApiTypes.STR, description="Kreis (AGS), z. B. 06432"),
    OpenApiParameter("page", OpenApiTypes.INT, description="Seite"),
]


class SearchViewSet(viewsets.ViewSet):
    """Ranked hits across the public records, with a passage around the first hit."""

    @extend_schema(
        parameters=PARAMETERS,
        responses=HitSerializer(many=True),
        summary="Suche über Maßnahmen, gute Praxis, Aufrufe, Projekte, Allianzen, Kreise, Berufe",
    )
    def list(self, request: Request) -> Response:
        if not rules.may_search(request.user):
            raise PermissionDenied
        text = request.query_params.get("q", "").strip()
        if not text:
            raise ValidationError({"q": ["Bitte Suchbegriffe angeben."]})
        text = text[:MAX_QUERY]
        hits = selectors.search(query=text, **search_filters(request.query_params))
        page = Paginator(hits, PAGE_SIZE).get_page(request.query_params.get("page"))
        shown = selectors.with_passages(list(page.object_list), text)
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": HitSerializer(shown, many=True).data,
            }
        )


router = DefaultRouter(trailing_slash=True)
router.register("search", SearchViewSet, basename="search")
urlpatterns = router.urls
