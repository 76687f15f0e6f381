"""Template filters of the monitor: table cells formatted by their column."""

from __future__ import annotations

import math

from django import template
from django.utils.formats import get_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from fachkraefte.reports.exports import Column

register = template.Library()


def _separators() -> tuple[str, str]:
    """(decimal, thousands) separator of the active language, e.g. ("," , ".") in German."""
    return get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")


def format_value(value: object, column: Column, separators: tuple[str, str] | None = None) -> str:
    """Localised number (thousands separator), share as percent, "–" for a missing value.

    Formatted with Python's own grouping and the language's separators swapped in: the same
    result as Django's ``number_format`` (which would cut decimals off instead of rounding)
    at a fraction of its cost, which matters for pages with hundreds of cells.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool) or not column.numeric:
        return str(value)
    decimal, thousands = separators or _separators()
    number = value * 100 if column.percent else value
    text = f"{number:,.{column.digits}f}"
    if text.startswith("-") and not any(c not in "-0,." for c in text):
        text = text[1:]  # -0 reads 0
    text = text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)
    return f"{text} %" if column.percent else text


@register.filter
def cell(row: dict, column: Column) -> str:
    """``{{ row|cell:column }}``: the row's value for ``column``, formatted."""
    return format_value(row.get(column.key), column)


@register.filter
def link_for(table, row: dict) -> str:
    """``{{ table|link_for:row }}``: the URL of the row's header cell."""
    return table.link_for(row) or ""


@register.simple_tag
def table_rows(table, rows=None) -> str:
    """The ``<tr>`` rows of a monitor table, built in Python.

    A district page has hundreds of cells; rendering them here instead of in nested template
    loops makes an uncached page several times cheaper (see docs/performance.md).
    """
    rows = table.rows if rows is None else rows
    separators = _separators()
    if not rows:
        return format_html(
            '<tr class="kern-table__row"><td class="kern-table__cell" colspan="{}">{}</td></tr>',
            len(table.columns),
            _("Keine Daten."),
        )
    out = []
    for row in rows:
        cells = []
        for column in table.columns:
            text = escape(format_value(row.get(column.key), column, separators))
            if column.key == table.row_header:
                href = table.link_for(row)
                if href:
                    text = f'<a class="kern-link" href="{escape(href)}">{text}</a>'
                cells.append(f'<th scope="row" class="kern-table__cell">{text}</th>')
            elif column.numeric:
                cells.append(f'<td class="kern-table__cell kern-table__cell--numeric">{text}</td>')
            else:
                cells.append(f'<td class="kern-table__cell">{text}</td>')
        out.append('<tr class="kern-table__row">' + "".join(cells) + "</tr>")
    return mark_safe("\n".join(out))  # every value above is escaped


@register.simple_tag
def select_options(choices, selected) -> str:
    """``<option>`` elements for (value, label) pairs, the one equal to ``selected`` chosen."""
    out = []
    for value, label in choices:
        mark = " selected" if str(value) == str(selected) else ""
        out.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
    return mark_safe("".join(out))  # values and labels are escaped
