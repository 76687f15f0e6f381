"""Form fields in KERN UX markup, with hint and error linked to the control for screen readers."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


def _control_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "kern-form-input__select"
    if isinstance(widget, forms.CheckboxInput):
        return "kern-form-check__checkbox"
    return "kern-form-input__input"


@register.inclusion_tag("alliances/_field.html")
def kern_field(field: forms.BoundField, **attrs: Any) -> dict[str, Any]:
    """``{% kern_field form.name %}``; extra keyword arguments become attributes of the control."""
    widget = field.field.widget
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    css = _control_class(widget)
    if field.errors:
        css += f" {css}--error"
    widget_attrs = {"class": css, **attrs}
    if described:
        widget_attrs["aria-describedby"] = " ".join(described)
    return {
        "field": field,
        "control": field.as_widget(attrs=widget_attrs),
        "is_select": isinstance(widget, forms.Select | forms.SelectMultiple),
        "is_checkbox": isinstance(widget, forms.CheckboxInput),
    }
