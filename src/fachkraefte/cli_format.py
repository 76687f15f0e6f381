"""Output of listing commands as a Rich table, CSV or JSON (``--format table|csv|json``)."""

from __future__ import annotations

import csv
import enum
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table


class OutputFormat(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def emit_rows(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: OutputFormat,
    *,
    title: str | None = None,
    caption: str | None = None,
) -> None:
    """Write ``rows`` to stdout; only ``columns`` are shown, in that order.

    ``caption`` (source and reference date) is printed under a table and to stderr for CSV
    and JSON, so that piped data stays clean while a person still sees where it comes from.
    """
    materialised = [{c: row.get(c) for c in columns} for row in rows]
    if fmt is OutputFormat.json:
        json.dump(materialised, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    elif fmt is OutputFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(materialised)
    else:
        table = Table(title=title, caption=caption)
        for column in columns:
            table.add_column(column)
        for row in materialised:
            table.add_row(*("" if row[c] is None else str(row[c]) for c in columns))
        Console().print(table)
        return
    if caption:
        Console(stderr=True).print(caption, style="dim")
