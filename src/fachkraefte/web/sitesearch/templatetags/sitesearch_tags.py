"""``{{ segments|marked }}``: a passage with its hits in ``<mark>``, every segment escaped."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from fachkraefte.textsearch.passages import Segment

register = template.Library()


@register.filter
def marked(segments: list[Segment]) -> SafeString:
    return format_html_join(
        "",
        "{}",
        ((format_html("<mark>{}</mark>", s.text) if s.hit else s.text,) for s in segments),
    )
