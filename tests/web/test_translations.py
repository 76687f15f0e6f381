"""The English catalogue: complete, compiled from the current .po, and used by the pages.

The .po is read with a small parser of our own (no polib) and compared with what Python's
``gettext.GNUTranslations`` reads from the committed .mo, so a forgotten ``compilemessages``
fails here rather than showing German text to English users.
"""

from __future__ import annotations

import gettext
import html
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pytest

import fachkraefte.web

WEB_DIR = Path(fachkraefte.web.__file__).parent
PO = WEB_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    """One message of a .po file; ``msgstr`` maps plural index to text (-1: no plural)."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    locations: list[str] = field(default_factory=list)
    line: int = 0


def _unquote(literal: str) -> str:
    body = literal.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), body)


def parse_po(text: str) -> list[Entry]:
    """Entries in file order, without obsolete (``#~``) ones; the header is the first entry."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#:"):
            entry.locations += line[2:].split()
        elif line.startswith("#"):
            continue
        elif match := re.match(
            r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line
        ):
            keyword, index, literal = match.groups()
            target = (keyword, int(index) if index is not None else -1)
            _append(entry, target, _unquote(literal))
        elif line.startswith('"') and target is not None:
            _append(entry, target, _unquote(line))
        else:
            raise ValueError(f"{PO.name}:{number}: unreadable line {raw!r}")
    return entries


def _append(entry: Entry, target: tuple[str, int], text: str) -> None:
    keyword, index = target
    if keyword == "msgstr":
        entry.msgstr[index] = entry.msgstr.get(index, "") + text
    elif keyword == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    elif keyword == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    else:
        entry.msgid += text


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    parsed = parse_po(PO.read_text(encoding="utf-8"))
    assert parsed[0].msgid == "" and "Language: en" in parsed[0].msgstr[-1]
    return parsed[1:]


def _label(entry: Entry) -> str:
    return f"{PO.name}:{entry.line} {entry.msgid[:60]!r}"


def test_parser_reads_plurals_context_and_escapes():
    sample = (
        'msgid ""\nmsgstr "Language: en\\n"\n\n'
        '#, python-format\nmsgctxt "k"\nmsgid ""\n"%(n)s „Zeile“\\n"\n'
        'msgid_plural "%(n)s Zeilen"\nmsgstr[0] "%(n)s \\"row\\""\nmsgstr[1] ""\n\n'
        '#~ msgid "alt"\n#~ msgstr "old"\n'
    )
    header, entry = parse_po(sample)
    assert header.msgstr == {-1: "Language: en\n"}
    assert (entry.msgctxt, entry.msgid, entry.msgid_plural) == (
        "k",
        "%(n)s „Zeile“\n",
        "%(n)s Zeilen",
    )
    assert entry.msgstr == {0: '%(n)s "row"', 1: ""} and entry.flags == {"python-format"}


def test_every_message_is_translated_and_none_is_fuzzy(entries):
    assert len(entries) > 500  # the whole web UI, not a stray file
    missing = [_label(e) for e in entries if not e.msgstr or any(not s for s in e.msgstr.values())]
    fuzzy = [_label(e) for e in entries if "fuzzy" in e.flags]
    assert not missing, f"{len(missing)} untranslated: " + "; ".join(missing[:20])
    assert not fuzzy, f"{len(fuzzy)} fuzzy (check, then drop the flag): " + "; ".join(fuzzy[:20])


def test_plural_messages_have_both_english_forms(entries):
    wrong = [_label(e) for e in entries if e.msgid_plural is not None and set(e.msgstr) != {0, 1}]
    assert not wrong, "; ".join(wrong)


_PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdif]|%%|\{\w*\}|<[^>]+>")


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def test_translations_keep_placeholders_and_markup(entries):
    wrong = []
    for entry in entries:
        if entry.msgid_plural is None:
            pairs = [(entry.msgid, entry.msgstr.get(-1, ""))]
        else:
            pairs = [
                (entry.msgid, entry.msgstr.get(0, "")),
                (entry.msgid_plural, entry.msgstr.get(1, "")),
            ]
        for source, translation in pairs:
            if translation and _placeholders(source) != _placeholders(translation):
                wrong.append(
                    f"{_label(entry)}: {_placeholders(source)} ≠ {_placeholders(translation)}"
                )
    assert not wrong, "\n".join(wrong)


def test_python_format_messages_have_no_stray_percent_signs(entries):
    """``_("Lücke in % des Bedarfs")`` looks like "% d" to xgettext, and msgfmt then demands a
    matching directive in English; mark such strings with ``# xgettext:no-python-format``."""
    stray = [
        _label(e)
        for e in entries
        if "python-format" in e.flags
        and "%" in re.sub(r"%\(\w+\)[sdifr]|%[sdif]|%%", "", e.msgid + (e.msgid_plural or ""))
    ]
    assert not stray, "; ".join(stray)


def _expected_catalogue(entries: list[Entry]) -> dict:
    """What msgfmt writes: translated, non-fuzzy messages, keyed as GNUTranslations keys them."""
    catalogue: dict = {}
    for entry in entries:
        if "fuzzy" in entry.flags or not all(entry.msgstr.values()):
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            catalogue[key] = entry.msgstr[-1]
        else:
            catalogue.update({(key, index): text for index, text in entry.msgstr.items()})
    return catalogue


def _mo_catalogue(path: Path) -> dict:
    with path.open("rb") as handle:
        catalogue = dict(gettext.GNUTranslations(handle)._catalog)
    catalogue.pop("", None)  # the header
    return catalogue


def test_compiled_mo_matches_the_po(entries):
    expected, compiled = _expected_catalogue(entries), _mo_catalogue(MO)
    stale = {
        key for key in expected.keys() | compiled.keys() if expected.get(key) != compiled.get(key)
    }
    assert not stale, (
        f"{len(stale)} messages differ between django.po and django.mo – run compilemessages: "
        + "; ".join(repr(key)[:70] for key in sorted(stale, key=repr)[:10])
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
def test_po_compiles_with_format_checks_to_the_committed_mo(tmp_path):
    target = tmp_path / "django.mo"
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", str(target), str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert _mo_catalogue(target) == _mo_catalogue(MO)


# --- the English pages ------------------------------------------------------------------------

BASE = ("templates/base.html",)
PAGES = {
    "/": BASE + ("core/templates/core/start.html",),
    "/kreise/": BASE + ("core/templates/core/district_list.html",),
    "/allianzen/": BASE + ("alliances/templates/alliances/alliance_list.html",),
    "/monitor/": BASE
    + tuple(
        f"monitor/templates/monitor/{name}.html"
        for name in ("page", "map", "_selection", "_run", "_cards", "_table", "_downloads")
    ),
    "/konto/profil/": BASE + ("accounts/templates/accounts/profile.html",),
}


@pytest.fixture(scope="module")
def monitor_store(web_store, tmp_path_factory) -> Path:
    """A copy of the demo store with one small forecast run, so /monitor/ draws its map.

    A copy, because other tests count the runs in the shared store.
    """
    from fachkraefte.forecast.runner import load_tables, run_forecast
    from fachkraefte.reports import build_aggregates
    from fachkraefte.sources.demo import load_demo_table

    store = tmp_path_factory.mktemp("translations-store") / "store"
    shutil.copytree(web_store, store)
    subset = ("06411", "06412", "06611")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(store))
        tables = {n: f.filter(pl.col("ags").is_in(subset)) for n, f in load_tables().items()}
        run = run_forecast(tables, years=3, data_vintage="demo-test")
        sources = {
            name: load_demo_table(name).filter(pl.col("ags").is_in(subset))
            for name in ("employment", "labour_market", "wages", "graduates")
        }
        build_aggregates(run["run_id"], tables=sources)
    return store


def _german_leftovers(page: str, entries: list[Entry], files: tuple[str, ...]) -> list[str]:
    """Translated msgids of the given templates that still appear, as whole words, in the page."""
    text = re.sub(r"\s+", " ", html.unescape(page))
    leftovers = []
    for entry in entries:
        if not any(location.split(":")[0] in files for location in entry.locations):
            continue
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            if "%" in msgid or "{" in msgid:
                continue  # filled in at run time; the German frame words are checked elsewhere
            phrase = re.sub(r"\s+", " ", msgid)
            words = re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])")
            if any(words.search(english) for english in entry.msgstr.values()):
                continue  # also part of the English text: Monitor, AGS, "Land (state)"
            if words.search(text):
                leftovers.append(phrase)
    return leftovers


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(PAGES))
def test_english_pages_show_no_german_ui_text(url, entries, monitor_store, monkeypatch, client):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(monitor_store))
    if url.startswith("/konto/"):
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.create_user("translator", "t@example.org"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en">' in page and "Skip to content" in page and "Data sources" in page
    if url == "/monitor/":
        assert "Legend" in page  # the map itself, not the "no forecast yet" page
    assert not _german_leftovers(page, entries, PAGES[url])


def test_leftover_check_finds_german_text(entries):
    """The page check must be able to fail: the German base template is full of leftovers."""
    german = '<a href="#main">Zum Inhalt springen</a> <nav aria-label="Hauptnavigation">'
    found = _german_leftovers(german, entries, BASE)
    assert sorted(found) == ["Hauptnavigation", "Zum Inhalt springen"]


_TRANSLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.*?)\1(?:\s+context\s+(["'])(.*?)\3)?[^%]*%}""")


def test_template_literals_are_looked_up_as_django_does(entries):
    """``{% translate "… 80 % …" %}`` looks up "… 80 %% …" (Django doubles every ``%`` of a
    template literal), so the catalogue must hold the doubled form, or English pages show German."""
    known = {(e.msgctxt, e.msgid) for e in entries}
    missing = []
    for template in sorted(WEB_DIR.rglob("templates/**/*.html")):
        for match in _TRANSLATE_TAG.finditer(template.read_text(encoding="utf-8")):
            msgid, context = match.group(2).replace("%", "%%"), match.group(4)
            if (context, msgid) not in known:
                missing.append(f"{template.relative_to(WEB_DIR)}: {msgid[:60]!r}")
    assert not missing, "\n".join(missing)
