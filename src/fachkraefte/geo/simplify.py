"""Topology-preserving simplification of district boundaries for web maps.

Simplifying each polygon on its own moves a shared border differently on its two sides and
opens gaps and overlaps between neighbours. Here the outlines are first cut into **arcs**:
a ring is split wherever the set of rings using its edges changes (a junction, where three
or more districts meet, or where a common border begins). Each arc is stored once, whichever
side uses it, and all arcs are simplified together with GEOS' topology-preserving simplifier
(``shapely.simplify(..., preserve_topology=True)``), which keeps every arc's end points and
lets no two arcs cross. The rings are then put back together from the simplified arcs, so
neighbours keep meeting along the same line and at the same junctions.

A ring whose arcs would shrink to fewer than three distinct points keeps its arcs unsimplified
(tiny islands and enclaves), so no district and no part of one disappears.

>>> square = [[0, 0], [1, 0], [1, 0.5], [1, 1], [0, 1], [0, 0]]
>>> other = [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0.5], [1, 0]]
>>> collection = {"type": "FeatureCollection", "features": [
...     {"type": "Feature", "properties": {"ags": a}, "geometry": {"type": "Polygon",
...      "coordinates": [ring]}} for a, ring in (("A", square), ("B", other))]}
>>> simple, stats = simplify_collection(collection, tolerance=0.1)
>>> simple["features"][0]["geometry"]["coordinates"]  # (1, 0.5) dropped on both sides
[[[1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0], [1.0, 0.0]]]
>>> stats["vertices_before"], stats["vertices_after"]
(12, 10)
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import shapely

Point = tuple[float, float]

_KEY_DIGITS = 7  # vertices equal to 1e-7° (about 1 cm) are the same vertex


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def _key(point: list[float]) -> Point:
    return (round(float(point[0]), _KEY_DIGITS), round(float(point[1]), _KEY_DIGITS))


def _ring_points(ring: list[list[float]]) -> list[Point]:
    """The ring's distinct consecutive vertices, without the closing repetition."""
    points: list[Point] = []
    for raw in ring:
        point = _key(raw)
        if not points or points[-1] != point:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def _edge(p: Point, q: Point) -> tuple[Point, Point]:
    return (p, q) if p <= q else (q, p)


def _junctions(rings: list[list[Point]]) -> set[Point]:
    owners: dict[tuple[Point, Point], set[int]] = defaultdict(set)
    links: dict[Point, set[Point]] = defaultdict(set)
    for number, ring in enumerate(rings):
        for i, point in enumerate(ring):
            following = ring[(i + 1) % len(ring)]
            owners[_edge(point, following)].add(number)
            links[point].add(following)
            links[following].add(point)
    found = {point for point, near in links.items() if len(near) > 2}
    for ring in rings:
        for i, point in enumerate(ring):
            before = owners[_edge(ring[i - 1], point)]
            after = owners[_edge(point, ring[(i + 1) % len(ring)])]
            if before != after:
                found.add(point)
    return found


def _split(ring: list[Point], junctions: set[Point]) -> list[list[Point]]:
    """The ring as arcs from junction to junction; a ring without one is a single closed arc."""
    cuts = [i for i, point in enumerate(ring) if point in junctions]
    if not cuts:
        start = ring.index(min(ring))
        rotated = ring[start:] + ring[:start]
        return [[*rotated, rotated[0]]]
    rotated = ring[cuts[0] :] + ring[: cuts[0]]
    positions = [i - cuts[0] for i in cuts] + [len(ring)]
    closed = [*rotated, rotated[0]]
    return [closed[a : b + 1] for a, b in zip(positions, positions[1:], strict=False)]


def _canonical(arc: list[Point]) -> tuple[tuple[Point, ...], bool]:
    """The arc in its stored orientation and whether ``arc`` runs the other way."""
    forward, backward = tuple(arc), tuple(reversed(arc))
    if arc[0] == arc[-1]:  # closed: the same ring either way, starting at its smallest vertex
        body = list(backward[:-1])
        start = body.index(min(body))
        backward = (*body[start:], *body[:start], body[start])
    return (forward, False) if forward <= backward else (backward, True)


def simplify_collection(
    collection: dict[str, Any], *, tolerance: float, digits: int = 5
) -> tuple[dict[str, Any], dict[str, int]]:
    """A copy of a Polygon/MultiPolygon FeatureCollection with shared borders simplified once.

    ``tolerance`` is in degrees (0.001° ≈ 70–110 m in Germany); coordinates are rounded to
    ``digits`` decimals. Returns the copy and counts of vertices and bytes before and after.
    """
    features = collection["features"]
    rings: list[list[Point]] = []
    layout: list[list[list[int]]] = []  # feature → polygon → ring numbers
    for feature in features:
        shape = []
        for polygon in _polygons(feature["geometry"]):
            numbers = []
            for ring in polygon:
                points = _ring_points(ring)
                if len(points) >= 3:
                    numbers.append(len(rings))
                    rings.append(points)
            if numbers:
                shape.append(numbers)
        layout.append(shape)
    junctions = _junctions(rings)
    arc_index: dict[tuple[Point, ...], int] = {}
    arcs: list[tuple[Point, ...]] = []
    ring_arcs: list[list[tuple[int, bool]]] = []
    for ring in rings:
        used = []
        for piece in _split(ring, junctions):
            stored, reverse = _canonical(piece)
            if stored not in arc_index:
                arc_index[stored] = len(arcs)
                arcs.append(stored)
            used.append((arc_index[stored], reverse))
        ring_arcs.append(used)

    kept: set[int] = set()
    while True:
        simplified = _simplify_arcs(arcs, tolerance, kept)
        built = [_assemble(parts, simplified) for parts in ring_arcs]
        degenerate = {
            arc
            for parts, ring in zip(ring_arcs, built, strict=True)
            if len(set(ring)) < 3
            for arc, _ in parts
        } - kept
        if not degenerate:
            break
        kept |= degenerate

    out_features = []
    for feature, shape in zip(features, layout, strict=True):
        polygons = [
            [[[round(x, digits), round(y, digits)] for x, y in built[n]] for n in numbers]
            for numbers in shape
        ]
        geometry = (
            {"type": "Polygon", "coordinates": polygons[0]}
            if len(polygons) == 1
            else {"type": "MultiPolygon", "coordinates": polygons}
        )
        out_features.append(
            {
                "type": "Feature",
                "properties": dict(feature.get("properties") or {}),
                "geometry": geometry,
            }
        )
    result = {k: v for k, v in collection.items() if k != "features"}
    result["features"] = out_features
    stats = {
        "vertices_before": sum(len(r) + 1 for r in rings),
        "vertices_after": sum(len(r) for r in built),
        "bytes_before": len(_compact(collection)),
        "bytes_after": len(_compact(result)),
        "arcs": len(arcs),
    }
    return result, stats


def _simplify_arcs(
    arcs: list[tuple[Point, ...]], tolerance: float, kept: set[int]
) -> list[list[Point]]:
    lines = shapely.MultiLineString([list(arc) for arc in arcs])
    simple = shapely.simplify(lines, tolerance, preserve_topology=True)
    parts = list(simple.geoms) if simple.geom_type == "MultiLineString" else [simple]
    if len(parts) != len(arcs):  # GEOS keeps the components; guard the assumption anyway
        raise RuntimeError("Vereinfachung hat Bögen verloren / simplification lost arcs")
    result = []
    for number, (arc, part) in enumerate(zip(arcs, parts, strict=True)):
        coords = [(float(x), float(y)) for x, y in part.coords]
        if number in kept or coords[0] != arc[0] or coords[-1] != arc[-1]:
            coords = list(arc)  # end points must stay where the neighbours meet
        result.append(coords)
    return result


def _assemble(parts: list[tuple[int, bool]], simplified: list[list[Point]]) -> list[Point]:
    ring: list[Point] = []
    for number, reverse in parts:
        coords = simplified[number][::-1] if reverse else simplified[number]
        ring.extend(coords if not ring else coords[1:])
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


def _compact(collection: dict[str, Any]) -> bytes:
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode(collection: dict[str, Any]) -> bytes:
    """The collection as compact UTF-8 GeoJSON, the form the web copy is stored in."""
    return _compact(collection)
