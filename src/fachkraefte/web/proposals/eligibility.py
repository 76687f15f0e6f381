"""The checks beside each proposal: every eligibility rule of its call, with pass, fail or
"not yet answerable" and why.

Pure functions of the proposal and its call (no request, no writes): the applicant sees them
while filling in the form, the office and the reviewers beside the proposal. A rule the call
does not set passes with "keine Vorgabe"; a rule whose answer the proposal does not hold yet
is open, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.calls.models import Call, CostType, TargetGroup
from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.proposals.budget import figures_of, grant_cap
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.proposals.versions import category_label

PASS, FAIL, OPEN = "pass", "fail", "open"
STATUS_LABELS = {
    PASS: gettext_lazy("erfüllt"),
    FAIL: gettext_lazy("nicht erfüllt"),
    OPEN: gettext_lazy("noch nicht prüfbar"),
}


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    status: str
    reason: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def _euro(value: Decimal) -> str:
    return f"{value:,.2f} EUR".replace(",", " ").replace(".", ",")


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).quantize(Decimal('0.1'))} %".replace(".", ",")


def _months(proposal: Proposal) -> int | None:
    if proposal.starts_on is None or proposal.ends_on is None:
        return None
    start, end = proposal.starts_on, proposal.ends_on
    return (
        (end.year - start.year) * 12 + end.month - start.month + (1 if end.day >= start.day else 0)
    )


def check_applicant(proposal: Proposal, call: Call) -> Check:
    label = _("Antragsberechtigung")
    if not call.applicant_categories:
        return Check(
            "applicant", label, PASS, _("Der Aufruf schränkt die Antragsteller nicht ein.")
        )
    allowed = ", ".join(
        str(PartnerCategory(c).label)
        for c in call.applicant_categories
        if c in PartnerCategory.values
    )
    if not proposal.organisation_category:
        return Check("applicant", label, OPEN, _("Art des Trägers fehlt noch."))
    if proposal.organisation_category in call.applicant_categories:
        return Check(
            "applicant", label, PASS, _("Zugelassen sind: %(allowed)s.") % {"allowed": allowed}
        )
    return Check(
        "applicant",
        label,
        FAIL,
        _("„%(category)s“ ist nicht zugelassen; zugelassen sind: %(allowed)s.")
        % {"category": category_label(proposal.organisation_category), "allowed": allowed},
    )


def check_districts(proposal: Proposal, call: Call) -> Check:
    label = _("Projektgebiet")
    allowed = {region.ags: region.name for region in call.districts.all()}
    chosen = {region.ags: region.name for region in proposal.districts.all()}
    if not chosen:
        return Check("districts", label, OPEN, _("Noch kein Kreis angegeben."))
    if not allowed:
        return Check("districts", label, PASS, _("Der Aufruf schränkt das Gebiet nicht ein."))
    outside = sorted(name for ags, name in chosen.items() if ags not in allowed)
    if outside:
        return Check(
            "districts",
            label,
            FAIL,
            _("Außerhalb des Aufrufgebiets: %(names)s.") % {"names": ", ".join(outside)},
        )
    return Check("districts", label, PASS, _("Alle Kreise liegen im Aufrufgebiet."))


def check_grant_rate(proposal: Proposal, call: Call) -> Check:
    label = _("Förderquote")
    rate = figures_of(proposal).grant_rate
    cap = grant_cap(proposal)
    if rate is None:
        return Check("grant_rate", label, OPEN, _("Der Finanzplan enthält noch keine Ausgaben."))
    if cap is not None and rate > cap:
        return Check(
            "grant_rate",
            label,
            FAIL,
            _("%(rate)s beantragt, höchstens %(cap)s zulässig.")
            % {"rate": _percent(rate), "cap": _percent(cap)},
        )
    return Check(
        "grant_rate",
        label,
        PASS,
        _("%(rate)s beantragt, höchstens %(cap)s zulässig.")
        % {"rate": _percent(rate), "cap": _percent(cap) if cap is not None else "–"},
    )


def check_amount(proposal: Proposal, call: Call) -> Check:
    label = _("Höhe des Zuschusses")
    plan = figures_of(proposal)
    if plan.total <= 0:
        return Check("amount", label, OPEN, _("Der Finanzplan enthält noch keine Ausgaben."))
    requested = plan.requested
    if call.min_amount is not None and requested < call.min_amount:
        return Check(
            "amount",
            label,
            FAIL,
            _("%(amount)s beantragt, mindestens %(min)s.")
            % {"amount": _euro(requested), "min": _euro(call.min_amount)},
        )
    if call.max_amount is not None and requested > call.max_amount:
        return Check(
            "amount",
            label,
            FAIL,
            _("%(amount)s beantragt, höchstens %(max)s.")
            % {"amount": _euro(requested), "max": _euro(call.max_amount)},
        )
    return Check(
        "amount",
        label,
        PASS,
        _("%(amount)s beantragt, im zulässigen Rahmen.") % {"amount": _euro(requested)},
    )


def check_duration(proposal: Proposal, call: Call) -> Check:
    label = _("Laufzeit")
    months = _months(proposal)
    if months is None:
        return Check("duration", label, OPEN, _("Beginn und Ende fehlen noch."))
    if call.min_months is not None and months < call.min_months:
        return Check(
            "duration",
            label,
            FAIL,
            _("%(months)s Monate, mindestens %(min)s.")
            % {"months": months, "min": call.min_months},
        )
    if call.max_months is not None and months > call.max_months:
        return Check(
            "duration",
            label,
            FAIL,
            _("%(months)s Monate, höchstens %(max)s.") % {"months": months, "max": call.max_months},
        )
    return Check(
        "duration", label, PASS, _("%(months)s Monate, im zulässigen Rahmen.") % {"months": months}
    )


def check_cost_types(proposal: Proposal, call: Call) -> Check:
    label = _("Ausgabearten")
    lines = list(proposal.budget_lines.all())
    if not lines:
        return Check("cost_types", label, OPEN, _("Der Finanzplan enthält noch keine Ausgaben."))
    refused = sorted(
        {
            str(CostType(line.cost_type).label)
            for line in lines
            if line.cost_type not in call.eligible_cost_types
        }
    )
    if refused:
        return Check(
            "cost_types",
            label,
            FAIL,
            _("Nicht förderfähig in diesem Aufruf: %(types)s.") % {"types": ", ".join(refused)},
        )
    return Check("cost_types", label, PASS, _("Alle Ausgabearten sind förderfähig."))


def check_target_groups(proposal: Proposal, call: Call) -> Check:
    label = _("Zielgruppen")
    if not proposal.target_groups:
        return Check("target_groups", label, OPEN, _("Noch keine Zielgruppe angegeben."))
    if not call.target_groups:
        return Check(
            "target_groups", label, PASS, _("Der Aufruf schränkt die Zielgruppen nicht ein.")
        )
    shared = [g for g in proposal.target_groups if g in call.target_groups]
    if not shared:
        wanted = ", ".join(
            str(TargetGroup(g).label) for g in call.target_groups if g in TargetGroup.values
        )
        return Check(
            "target_groups",
            label,
            FAIL,
            _("Keine der Zielgruppen des Aufrufs (%(groups)s).") % {"groups": wanted},
        )
    names = ", ".join(str(TargetGroup(g).label) for g in shared if g in TargetGroup.values)
    return Check(
        "target_groups", label, PASS, _("Zielgruppen des Aufrufs: %(groups)s.") % {"groups": names}
    )


def check_other_funding(proposal: Proposal, call: Call) -> Check:
    label = _("Erklärung zur Doppelförderung")
    if not proposal.declaration_given:
        return Check("other_funding", label, OPEN, _("Die Erklärung fehlt noch."))
    if proposal.other_funding_declared and not proposal.other_funding_details.strip():
        return Check(
            "other_funding", label, FAIL, _("Weitere Förderung angegeben, aber nicht beschrieben.")
        )
    if proposal.other_funding_declared:
        return Check(
            "other_funding", label, PASS, _("Weitere Förderung angegeben und beschrieben.")
        )
    return Check("other_funding", label, PASS, _("Keine weitere öffentliche Förderung."))


INTEREST_CHECKS = (check_applicant, check_districts, check_duration, check_target_groups)
ALL_CHECKS = (
    check_applicant,
    check_districts,
    check_grant_rate,
    check_amount,
    check_duration,
    check_cost_types,
    check_target_groups,
    check_other_funding,
)


def checks_for(proposal: Proposal) -> list[Check]:
    """Every rule of the proposal's call; an expression of interest is checked only for what it
    holds (the budget plan comes with the full proposal)."""
    interest = (
        proposal.stage == Proposal.Stage.INTEREST and proposal.status != Proposal.Status.INVITED
    )
    return [
        check(proposal, proposal.call) for check in (INTEREST_CHECKS if interest else ALL_CHECKS)
    ]


def failing(checks: list[Check]) -> list[Check]:
    return [check for check in checks if check.status == FAIL]
