"""Phase templates of a workshop, as data: the phases a workshop works through and the kinds of
outcome (categories) each phase yields.

Kept in code, not in database rows, so that nobody can break a running workshop by editing a
template; a workshop records only its template's key. Two methods are offered:

- Hessen's Zukunftswerkstatt (seed 002, "folgende wesentliche Schritte"): (a) a shared picture,
  the forecast discussed with the experience from practice; (b) strategic approaches, action
  fields and goals; (c) new measures, synergies and optimisation needs of existing measures;
- the classic Zukunftswerkstatt after Jungk: critique, fantasy, realisation.

A category marked ``measure`` is something to be done: it can get an owner and a due date and
can become a call for proposals.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Category:
    key: str
    label: object  # a lazy translation
    measure: bool = False


@dataclass(frozen=True)
class Phase:
    key: str
    label: object
    question: object  # the moderator's prompt, shown above the phase's quick entry


@dataclass(frozen=True)
class PhaseTemplate:
    key: str
    label: object
    phases: tuple[Phase, ...]
    categories: dict[str, tuple[Category, ...]]  # phase key -> its categories

    def phase(self, key: str) -> Phase | None:
        return next((p for p in self.phases if p.key == key), None)

    def category(self, phase: str, key: str) -> Category | None:
        return next((c for c in self.categories.get(phase, ()) if c.key == key), None)

    def phase_label(self, key: str) -> str:
        phase = self.phase(key)
        return str(phase.label) if phase else key

    def category_label(self, phase: str, key: str) -> str:
        category = self.category(phase, key)
        return str(category.label) if category else key


HESSEN = PhaseTemplate(
    key="hessen",
    label=_("Hessische Zukunftswerkstatt (drei Schritte)"),
    phases=(
        Phase(
            "bild",
            _("(a) Gemeinsames Bild"),
            _("Was sagt die Praxis zur Prognose? Anmerkungen, Bestätigungen, Widersprüche."),
        ),
        Phase(
            "strategie",
            _("(b) Strategische Ansätze"),
            _("Welche strategischen Ansätze, Handlungsfelder und Ziele verfolgt der Kreis?"),
        ),
        Phase(
            "massnahmen",
            _("(c) Maßnahmen"),
            _("Welche neuen Maßnahmen, Synergien und Optimierungen bestehender Maßnahmen?"),
        ),
    ),
    categories={
        "bild": (Category("anmerkung", _("Anmerkung zur Prognose")),),
        "strategie": (
            Category("ansatz", _("Strategischer Ansatz")),
            Category("handlungsfeld", _("Handlungsfeld")),
            Category("ziel", _("Ziel")),
        ),
        "massnahmen": (
            Category("neue_massnahme", _("Neue Maßnahme"), measure=True),
            Category("synergie", _("Synergie"), measure=True),
            Category("optimierung", _("Optimierungsbedarf einer bestehenden Maßnahme"), True),
        ),
    },
)

CLASSIC = PhaseTemplate(
    key="zukunftswerkstatt",
    label=_("Klassische Zukunftswerkstatt (Kritik, Fantasie, Verwirklichung)"),
    phases=(
        Phase("kritik", _("Kritikphase"), _("Was läuft schlecht, was fehlt?")),
        Phase("fantasie", _("Fantasiephase"), _("Wie sähe es ohne Grenzen bestenfalls aus?")),
        Phase(
            "verwirklichung",
            _("Verwirklichungsphase"),
            _("Was davon setzen wir um, wer, bis wann?"),
        ),
    ),
    categories={
        "kritik": (Category("kritikpunkt", _("Kritikpunkt")),),
        "fantasie": (Category("idee", _("Idee")),),
        "verwirklichung": (Category("massnahme", _("Maßnahme"), measure=True),),
    },
)

TEMPLATES: dict[str, PhaseTemplate] = {t.key: t for t in (HESSEN, CLASSIC)}
DEFAULT_TEMPLATE = HESSEN.key
TEMPLATE_CHOICES = [(t.key, t.label) for t in TEMPLATES.values()]


def template_of(key: str) -> PhaseTemplate:
    """The template by key; an unknown key (a template withdrawn later) reads as Hessen's."""
    return TEMPLATES.get(key, HESSEN)
