"""The shared list-table pieces: sort parsing, sorting dict rows, header links, the
ValidationError→400 helper of the API."""

from __future__ import annotations

import math

import pytest
from django.core.exceptions import ValidationError
from rest_framework.exceptions import ValidationError as ApiValidationError

from fachkraefte.tabular import Column
from fachkraefte.web.core import tables
from fachkraefte.web.core.api_errors import api_service_call

COLUMNS = [
    Column("name", "Name", order_by="name"),
    Column("size", "Größe", numeric=True, digits=1, order_by="size"),
    Column("note", "Hinweis"),
]


@pytest.mark.parametrize(
    ("value", "default", "expected"),
    [
        ("name", "size", ("name", False)),
        (" -size ", "name", ("size", True)),
        ("note", "name", ("name", False)),  # not sortable in a database list
        ("password", "-size", ("size", True)),
        (None, "-name", ("name", True)),
        ("--name", "size", ("name", True)),
    ],
)
def test_parse_sort_falls_back_to_the_default(value, default, expected):
    assert tables.parse_sort(value, tables.sortable_keys(COLUMNS), default) == expected


def test_sort_rows_puts_empty_cells_last_in_both_directions():
    rows = [
        {"name": "b", "size": None},
        {"name": "Ä", "size": 2.0},
        {"name": "a", "size": math.nan},
        {"name": "c", "size": 1.0},
        {"name": "", "size": 3.0},
    ]
    assert [r["name"] for r in tables.sort_rows(rows, "size", False)] == ["c", "Ä", "", "b", "a"]
    assert [r["name"] for r in tables.sort_rows(rows, "size", True)] == ["", "Ä", "c", "b", "a"]
    assert [r["name"] for r in tables.sort_rows(rows, "name", False)] == ["a", "b", "c", "Ä", ""]


def test_sort_rows_breaks_ties_by_the_second_key():
    rows = [
        {"kind": "Kreis", "ags": "2"},
        {"kind": "Kreis", "ags": "1"},
        {"kind": "Stadt", "ags": "3"},
    ]
    assert [r["ags"] for r in tables.sort_rows(rows, "kind", True, then="ags")] == ["3", "2", "1"]
    assert [r["ags"] for r in tables.sort_rows(rows, "kind", False, then="ags")] == ["1", "2", "3"]


def test_header_links_toggle_the_active_column_and_drop_the_page():
    params = {"q": "x", "sort": "name", "page": "3"}
    headers = tables.header_links(
        COLUMNS, "name", False, params, sortable=tables.sortable_keys(COLUMNS)
    )
    assert [h["aria_sort"] for h in headers] == ["ascending", None, None]
    assert headers[0]["url"] == "?q=x&sort=-name"
    assert headers[1]["url"] == "?q=x&sort=size"
    assert headers[2]["url"] is None
    monitor = tables.header_links(
        COLUMNS, "size", True, {"seite": "2"}, sort_param="sortierung", page_param="seite"
    )
    assert monitor[1]["url"] == "?sortierung=size" and monitor[1]["aria_sort"] == "descending"


def test_display_value_rounds_for_the_page_only():
    assert tables.display_value(1234.56, COLUMNS[1]) == 1234.6
    assert tables.display_value(1234.56, Column("n", "N", numeric=True)) == 1235
    assert tables.display_value(math.nan, COLUMNS[1]) is None
    assert tables.display_value("=1", COLUMNS[0]) == "=1"  # HTML escaping is the template's job


def _service(*, fail: str) -> str:
    if fail == "field":
        raise ValidationError({"title": ["Bitte einen Titel angeben."]})
    if fail == "general":
        raise ValidationError("Der Punkt ist bereits entschieden.")
    return "gespeichert"


def test_api_service_call_turns_validation_errors_into_400_details():
    assert api_service_call(_service, fail="") == "gespeichert"
    with pytest.raises(ApiValidationError) as field:
        api_service_call(_service, fail="field")
    assert field.value.status_code == 400
    assert field.value.detail == {"title": ["Bitte einen Titel angeben."]}
    with pytest.raises(ApiValidationError) as general:
        api_service_call(_service, fail="general")
    assert general.value.detail == {"detail": ["Der Punkt ist bereits entschieden."]}
