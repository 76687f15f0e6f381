"""Minutes as PDF: produced, readable (names, votes, outcome, rule, audit reference), umlauts intact.

No PDF reader is installed, so the test reads the uncompressed PDF itself: fpdf2 writes text as
2-byte glyph codes in literal strings and a ToUnicode map per font, which is what a reader uses too.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.decisions import services
from fachkraefte.web.decisions.minutes import (
    DEJAVU_DIR,
    Minutes,
    minutes_font,
    minutes_for,
    minutes_pdf,
)

pytestmark = pytest.mark.django_db

ESCAPES = {"n": b"\n", "r": b"\r", "t": b"\t", "b": b"\b", "f": b"\f"}


def _unescape(literal: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(literal):
        char = literal[i : i + 1]
        if char != b"\\":
            out += char
            i += 1
            continue
        following = literal[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", literal[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(), 8))
            i += 1 + len(octal.group())
        else:
            out += ESCAPES.get(following.decode("latin-1"), following)
            i += 2
    return bytes(out)


def pdf_text(data: bytes) -> str:
    """The text of an uncompressed fpdf2 PDF, one shown string per line."""
    objects = dict(re.findall(rb"(\d+) 0 obj(.*?)endobj", data, re.S))
    cmaps = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", data):
        reference = re.search(rb"/ToUnicode (\d+) 0 R", objects[number]).group(1)
        pairs = re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4,})>", objects[reference])
        cmaps[name] = {
            int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be") for code, text in pairs
        }
    lines, cmap = [], {}
    for match in re.finditer(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", data, re.S):
        if match.group(1):
            cmap = cmaps[match.group(1)]
            continue
        raw = _unescape(match.group(2))
        codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
        lines.append("".join(cmap.get(code, "\ufffd") for code in codes))
    return "\n".join(lines)


@pytest.fixture()
def decided_meeting(world):
    services.vote_cast(
        actor=world.voters[0], item=world.proposal, choice="consent", note="Gut für Pflege"
    )
    services.vote_cast(actor=world.voters[1], item=world.proposal, choice="objection")
    services.conflict_declare(
        actor=world.voters[1], item=world.proposal, reason="Vorstand der Trägerin"
    )
    services.agenda_item_close(actor=world.voters[0], item=world.proposal)
    services.agenda_item_create(
        actor=world.voters[0], meeting=world.spring_meeting, title="Offener Punkt"
    )
    return world.spring_meeting


def test_minutes_contain_names_votes_outcome_rule_and_audit_reference(world, decided_meeting):
    data = minutes_pdf(minutes_for(decided_meeting), compress=False)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    flat = " ".join(text.split())
    assert "Protokoll: Frühjahrssitzung" in text
    assert "Allianz A" in text and "Aurich" in text
    assert "Anna Ährenfeld, Bernd Öztürk, Carla Weiß" in flat  # attendees
    assert "TOP 1: Ausbildungsverbund Pflege" in text and "Vorlage Ä" in text
    assert "Zustimmung ohne Widerspruch" in text
    assert "angenommen" in text and "Gut für Pflege" in text
    assert "Vorstand der Trägerin" in text  # the conflict and its reason
    assert "Enthaltung" in text and "kein Votum" in text  # Bernd abstains, Carla did not vote
    assert "Festgestellt von Anna Ährenfeld am" in flat
    decide = AuditEntry.objects.get(action="decide", object_id=str(world.proposal.pk))
    assert f"Änderungsprotokoll, Eintrag Nr. {decide.pk} vom" in flat
    assert "TOP 2: Offener Punkt" in text and "noch nicht entschieden" in text
    assert "\ufffd" not in text


def test_pdf_is_compressed_by_default_and_the_text_check_can_fail(world, decided_meeting):
    minutes = minutes_for(decided_meeting)
    compressed = minutes_pdf(minutes)
    assert compressed.startswith(b"%PDF") and b"/FlateDecode" in compressed
    other = Minutes(
        alliance="X", title="Andere Sitzung", date="1. Januar 2025", location="", attendees=()
    )
    text = pdf_text(minutes_pdf(other, compress=False))
    assert "Andere Sitzung" in text and "Anna" not in text
    assert "Diese Sitzung hat keine Tagesordnungspunkte." in text


def test_minutes_download(world, decided_meeting):
    client = Client()
    client.force_login(world.users["member"])
    response = client.get(f"/beschluesse/allianz-a/sitzungen/{decided_meeting.pk}/protokoll.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="protokoll-allianz-a-2025-03-31.pdf"' in response["Content-Disposition"]


def test_font_comes_from_the_kern_package():
    family, regular, bold = minutes_font()
    assert family == "NotoSans" and regular.name == "NotoSans-Regular.woff" and bold.is_file()


def test_font_falls_back_to_dejavu_without_node_modules(
    world, decided_meeting, tmp_path, monkeypatch
):
    monkeypatch.setenv("FACHKRAEFTE_NODE_MODULES", str(tmp_path))
    if not (DEJAVU_DIR / "DejaVuSans.ttf").is_file():
        with pytest.raises(FileNotFoundError, match="Keine Unicode-Schrift"):
            minutes_font()
        return
    assert minutes_font()[0] == "DejaVuSans"
    text = pdf_text(minutes_pdf(minutes_for(decided_meeting), compress=False))
    assert "Bernd Öztürk" in " ".join(text.split())


def test_missing_fonts_give_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="Keine Unicode-Schrift.*npm install"):
        minutes_font([("X", tmp_path / "x.ttf", tmp_path / "xb.ttf")])
