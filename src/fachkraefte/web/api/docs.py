"""The API documentation as a page of the site: built from the OpenAPI schema, plain HTML.

Swagger UI failed WCAG in many places (contrast, nested controls, no language) and is a
separate application beside the site; this page lists the same endpoints, parameters, fields
and answers in our layout, German first, and links to the machine-readable schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


def _resources() -> dict[str, str]:
    """German names of the resources (the schema's tags)."""
    return {
        "alliances": _("Allianzen"),
        "memberships": _("Mitgliedschaften"),
        "organisations": _("Organisationen"),
        "representatives": _("Vertretungen der Organisationen"),
        "programmes": _("Förderprogramme"),
        "action-fields": _("Handlungsfelder"),
        "priorities": _("Schwerpunkte"),
        "project-groups": _("Projektgruppen"),
        "experts": _("Fachleute der Projektgruppen"),
        "strategy-versions": _("Strategie (Fassungen)"),
        "commitments": _("Selbstverpflichtungen"),
        "alliance-roles": _("Rollen in Allianzen"),
        "meetings": _("Sitzungen"),
        "agenda-items": _("Tagesordnungspunkte"),
        "votes": _("Stimmen"),
        "conflicts": _("Befangenheiten"),
        "audit-entries": _("Änderungsprotokoll"),
        "forecasts": _("Prognoseläufe"),
        "wages": _("Lohnatlas"),
        "bottlenecks": _("Engpassanalyse"),
        "token": _("API-Token"),
    }


def _action(method: str, path: str) -> str:
    one = path.rstrip("/").endswith("}")
    return {
        ("get", False): _("Liste abrufen"),
        ("get", True): _("Einzeln abrufen"),
        ("post", False): _("Anlegen"),
        ("post", True): _("Aktion ausführen"),
        ("put", True): _("Ersetzen"),
        ("patch", True): _("Teilweise ändern"),
        ("delete", True): _("Löschen"),
    }.get((method, one), method.upper())


def _status_text(code: str) -> str:
    return {
        "200": _("Erfolg"),
        "201": _("angelegt"),
        "204": _("erledigt, ohne Inhalt"),
        "400": _("ungültige Angaben"),
        "401": _("nicht angemeldet"),
        "403": _("keine Berechtigung"),
        "404": _("nicht gefunden"),
        "405": _("Methode nicht erlaubt"),
        "429": _("zu viele Anfragen"),
    }.get(code, "")


@dataclass
class FieldRow:
    name: str
    kind: str
    required: bool
    read_only: bool
    text: str


@dataclass
class Operation:
    method: str
    path: str
    action: str
    anchor: str
    parameters: list[FieldRow] = field(default_factory=list)
    body: list[FieldRow] = field(default_factory=list)
    body_name: str = ""
    responses: list[tuple[str, str, str]] = field(default_factory=list)
    signed_in: bool = False


@dataclass
class Resource:
    tag: str
    title: str
    operations: list[Operation]


def _ref_name(schema: dict[str, Any]) -> str:
    return schema.get("$ref", "").rsplit("/", 1)[-1]


def _kind(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return _ref_name(schema)
    if schema.get("type") == "array":
        return _("Liste von %(kind)s") % {"kind": _kind(schema.get("items", {}))}
    if "allOf" in schema or "oneOf" in schema:
        parts = schema.get("allOf") or schema.get("oneOf")
        return " | ".join(_kind(part) for part in parts)
    kind = schema.get("type", _("beliebig"))
    if schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    if schema.get("enum"):
        values = ", ".join(str(v) for v in schema["enum"] if v not in ("", None))
        kind = f"{kind}: {values}"
    return kind


def _fields(components: dict[str, Any], schema: dict[str, Any]) -> list[FieldRow]:
    target = components.get(_ref_name(schema), schema) if "$ref" in schema else schema
    required = set(target.get("required", []))
    rows = []
    for name, prop in target.get("properties", {}).items():
        resolved = components.get(_ref_name(prop), prop) if "$ref" in prop else prop
        text = prop.get("title") or prop.get("description") or resolved.get("description", "")
        if prop.get("title") and prop.get("description"):
            text = f"{prop['title']}: {prop['description']}"
        rows.append(FieldRow(name, _kind(prop), name in required, bool(prop.get("readOnly")), text))
    return rows


def _operation(components: dict[str, Any], path: str, method: str, op: dict) -> Operation:
    anchor = op.get("operationId", f"{method}-{path}").replace("_", "-")
    result = Operation(method.upper(), path, _action(method, path), anchor)
    for param in op.get("parameters", []):
        result.parameters.append(
            FieldRow(
                param["name"],
                f"{_kind(param.get('schema', {}))} – {param.get('in', '')}",
                bool(param.get("required")),
                False,
                param.get("description", ""),
            )
        )
    content = op.get("requestBody", {}).get("content", {})
    body = content.get("application/json") or next(iter(content.values()), None)
    if body:
        result.body_name = _ref_name(body.get("schema", {}))
        result.body = _fields(components, body.get("schema", {}))
    for code, answer in op.get("responses", {}).items():
        schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
        result.responses.append((code, _status_text(code), _kind(schema) if schema else ""))
    result.signed_in = {} not in op.get("security", [{}])
    return result


@lru_cache(maxsize=4)
def documentation(language: str) -> tuple[dict[str, Any], list[Resource]]:
    """(info, resources) of the schema in ``language``; built once per language."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    names = _resources()
    grouped: dict[str, list[Operation]] = {}
    for path, operations in schema["paths"].items():
        for method in METHODS:
            if method in operations:
                op = operations[method]
                tag = (op.get("tags") or ["api"])[0]
                grouped.setdefault(tag, []).append(_operation(components, path, method, op))
    resources = [
        Resource(tag, names.get(tag, tag), ops)
        for tag, ops in sorted(grouped.items(), key=lambda item: names.get(item[0], item[0]))
    ]
    return schema["info"], resources


def api_docs(request: HttpRequest) -> HttpResponse:
    info, resources = documentation(get_language() or "de")
    return render(request, "api/docs.html", {"info": info, "resources": resources})
