"""The briefing pack page: who may ask for a pack, the background task, the stored download.

In tests/web/monitor because it needs the monitor's forecast runs (``base_run``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import re

import pytest
from pypdf import PdfReader

from fachkraefte.web.core.models import Region
from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.services import tasks_run_queued

URL = "/werkstaetten/unterlagen/06411/"


@pytest.fixture()
def covering(world):
    """Alliance A also covers Darmstadt (06411), a district of the test runs."""
    world.a.districts.add(Region.objects.get(ags="06411"))
    return world


def test_member_asks_for_a_pack_and_downloads_it(covering, clients, base_run):
    member = clients["member"]
    page = member.get(f"{URL}?lauf={base_run}")
    assert page.status_code == 200
    assert "Unterlagen erstellen" in page.content.decode()
    response = member.post(URL, {"lauf": base_run})
    assert response.status_code == 302
    task = Task.objects.get(kind="briefings.pack")
    assert task.params == {"run_id": base_run, "ags": "06411"}
    assert task.created_by == covering.users["member"]
    # A second click while the task waits queues nothing new.
    member.post(URL, {"lauf": base_run})
    assert Task.objects.filter(kind="briefings.pack").count() == 1
    waiting = member.get(f"{URL}?lauf={base_run}").content.decode()
    assert "<progress" in waiting and "unterlagen.pdf" not in waiting

    tasks_run_queued()
    task.refresh_from_db()
    assert task.status == Task.Status.DONE, task.error_report
    done = member.get(f"{URL}?lauf={base_run}").content.decode()
    assert "unterlagen.pdf" in done and "unterlagen.html" in done

    pdf = member.get(f"{URL}unterlagen.pdf?lauf={base_run}")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    body = b"".join(pdf.streaming_content)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "Darmstadt" in " ".join(text.split())
    assert covering.a.name in " ".join(text.split())  # the alliance's own part
    html = member.get(f"{URL}unterlagen.html?lauf={base_run}")
    assert html.status_code == 200
    page_text = b"".join(html.streaming_content).decode()
    assert "Darmstadt" in page_text
    # Its own CSP allows exactly its inline style (by hash) and data: images, nothing else.
    style = re.search(r"<style>(.*?)</style>", page_text, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    policy = html["Content-Security-Policy"]
    assert f"style-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy


def test_people_outside_the_covering_alliances_may_not(covering, clients, base_run):
    for role in ("applicant", "outsider_member", "outsider"):
        assert clients[role].get(URL).status_code == 403, role
        assert clients[role].post(URL, {"lauf": base_run}).status_code == 403, role
        assert clients[role].get(f"{URL}unterlagen.pdf").status_code == 403, role
    assert clients["anonymous"].get(URL).status_code == 302
    assert not Task.objects.filter(kind="briefings.pack").exists()


def test_office_may_for_any_district_and_unknown_runs_are_404(clients, base_run, db):
    office = clients["coordination"]
    assert office.get(f"/werkstaetten/unterlagen/06412/?lauf={base_run}").status_code == 200
    assert office.get(f"{URL}?lauf=no-such-run").status_code == 404
    assert office.get("/werkstaetten/unterlagen/06/").status_code == 404  # a Land, not a Kreis
    assert office.get(f"{URL}unterlagen.exe?lauf={base_run}").status_code == 404
