"""The district list exports as XLSX too, with the same rows and order as the CSV."""

from __future__ import annotations

import csv
import io

from django.test import Client
from openpyxl import load_workbook


def test_xlsx_matches_the_csv(client: Client, demo_data):
    text = client.get("/kreise/?sort=-population&format=csv").content.decode()
    csv_rows = list(csv.reader(io.StringIO(text)))
    response = client.get("/kreise/?sort=-population&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="kreise-06.xlsx"' in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == csv_rows[0]
    assert [row[0] for row in rows[1:]] == [row[0] for row in csv_rows[1:]]
    assert len(rows) == 27 and isinstance(rows[1][4], int) and rows[1][4] > 700_000
    assert "format=xlsx" in client.get("/kreise/").content.decode()
