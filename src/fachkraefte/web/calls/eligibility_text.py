"""A call's eligibility rules in plain words, one line each, for the public call page."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from fachkraefte.web.calls.models import Call, CostType, TargetGroup
from fachkraefte.web.organisations.models import PartnerCategory


def target_group_labels(values: list[str]) -> list[str]:
    labels = dict(TargetGroup.choices)
    return [str(labels.get(value, value)) for value in values]


def euro(amount: Decimal) -> str:
    digits = 0 if amount == amount.to_integral_value() else 2
    return f"{formats.number_format(amount, digits, force_grouping=True)} €"


def percent(rate: Decimal) -> str:
    value = (rate * 100).normalize()
    digits = max(0, -value.as_tuple().exponent)
    return f"{formats.number_format(value, digits)} %"


def _amounts(call: Call) -> str | None:
    low, high = call.min_amount, call.max_amount
    if low is not None and high is not None:
        return _("Zuschuss von %(low)s bis %(high)s.") % {"low": euro(low), "high": euro(high)}
    if low is not None:
        return _("Zuschuss mindestens %(low)s.") % {"low": euro(low)}
    if high is not None:
        return _("Zuschuss höchstens %(high)s.") % {"high": euro(high)}
    return None


def _months(call: Call) -> str | None:
    low, high = call.min_months, call.max_months
    if low and high:
        return _("Laufzeit %(low)s bis %(high)s Monate.") % {"low": low, "high": high}
    if low:
        return _("Laufzeit mindestens %(low)s Monate.") % {"low": low}
    if high:
        return _("Laufzeit höchstens %(high)s Monate.") % {"high": high}
    return None


def eligibility_lines(call: Call) -> list[dict[str, str]]:
    """``[{"label": …, "text": …}]``: who may apply, where, how much, how long, for what."""
    categories = dict(PartnerCategory.choices)
    costs = dict(CostType.choices)
    lines = [
        {
            "label": _("Antragsberechtigt"),
            "text": ", ".join(str(categories.get(c, c)) for c in call.applicant_categories)
            or _("alle Arten von Trägern"),
        }
    ]
    districts = [region.name for region in call.districts.all()]
    if not districts and call.alliance is not None:
        districts = [region.name for region in call.alliance.districts.all()]
    if districts:
        lines.append({"label": _("Projektgebiet"), "text": ", ".join(sorted(districts))})
    lines.append(
        {
            "label": _("Förderquote"),
            "text": _(
                "höchstens %(rate)s der förderfähigen Ausgaben; den Rest tragen Eigenanteil "
                "oder Drittmittel."
            )
            % {"rate": percent(call.max_grant_rate)},
        }
    )
    for label, text in ((_("Zuschuss"), _amounts(call)), (_("Laufzeit"), _months(call))):
        if text:
            lines.append({"label": label, "text": text})
    eligible = [str(costs.get(c, c)) for c in call.eligible_cost_types]
    excluded = [
        str(label) for value, label in CostType.choices if value not in call.eligible_cost_types
    ]
    lines.append({"label": _("Förderfähig"), "text": ", ".join(eligible)})
    if excluded:
        lines.append({"label": _("Nicht förderfähig"), "text": ", ".join(excluded)})
    if call.interest_max_chars:
        lines.append(
            {
                "label": _("Interessenbekundung"),
                "text": _(
                    "höchstens %(chars)s Zeichen (etwa zwei Seiten); nach der Auswahl "
                    "folgt der Vollantrag."
                )
                % {"chars": formats.number_format(call.interest_max_chars, 0, force_grouping=True)},
            }
        )
    return lines
