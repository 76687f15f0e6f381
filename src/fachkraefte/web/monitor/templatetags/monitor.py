"""Template filters of the monitor: table cells formatted by their column."""

from __future__ import annotations

import math

from django import template
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from fachkraefte.reports.exports import Column

register = template.Library()


def format_value(value: object, column: Column) -> str:
    """Localised number (thousands separator), share as percent, "–" for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool) or not column.numeric:
        return str(value)
    # Django's number_format cuts surplus decimals off; round first so 117,673.9 reads 117,674.
    if column.percent:
        shown = round(value * 100, column.digits)
        return f"{number_format(shown, decimal_pos=column.digits, force_grouping=True)} %"
    return number_format(
        round(value, column.digits), decimal_pos=column.digits, force_grouping=True
    )


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
            text = escape(format_value(row.get(column.key), column))
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
