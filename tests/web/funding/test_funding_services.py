"""The funding services: allocation, commitment, release, payment, return, carry-over, planning."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from funding_world import make_proposal

from fachkraefte.web.audit.services import audit_entries_for
from fachkraefte.web.funding import services
from fachkraefte.web.funding.ledger import BudgetExceeded, balances
from fachkraefte.web.funding.models import Budget, FundingTerms, LedgerEntry
from fachkraefte.web.funding.selectors import budget_for_call, planned_total

D = Decimal


def _allocate(fw, amount="600.00"):
    return services.budget_allocate(budget=fw.budget, amount=amount, actor=fw.office)


def test_allocation_moves_money_from_the_pool_to_the_alliance(fw):
    entry = _allocate(fw)
    assert entry.source == fw.pool
    assert balances(fw.pool).available == D("400.00")
    assert balances(fw.budget).available == D("600.00")
    audit = audit_entries_for(entry).get()
    assert audit.alliance == fw.alliance
    assert audit.changes["amount"] == "600.00"


def test_allocation_beyond_the_pool_is_refused_and_stores_nothing(fw):
    with pytest.raises(BudgetExceeded):
        _allocate(fw, "1000.01")
    assert not LedgerEntry.objects.filter(budget=fw.budget).exists()


def test_allocation_needs_a_pool_of_the_same_year_and_earmark(fw):
    earmark = services.earmark_create(
        programme=fw.programme, slug="sprachkurse", name="Sprachkurse", actor=fw.office
    )
    budget = services.budget_create(
        programme=fw.programme, year=2025, alliance=fw.alliance, earmark=earmark, actor=fw.office
    )
    with pytest.raises(ValidationError) as refused:
        services.budget_allocate(budget=budget, amount="1.00", actor=fw.office)
    assert "budget" in refused.value.message_dict


def test_commit_is_limited_to_the_available_money(fw):
    _allocate(fw, "100.00")
    proposal = make_proposal(fw.call, fw.applicant)
    services.ledger_commit(budget=fw.budget, amount="99.99", proposal=proposal, actor=fw.office)
    with pytest.raises(BudgetExceeded) as refused:
        services.ledger_commit(budget=fw.budget, amount="0.02", proposal=proposal, actor=fw.office)
    assert "0.01" in str(refused.value)
    assert balances(fw.budget).available == D("0.01")


@pytest.mark.parametrize("amount", ["0.001", "0", "-5", "1.005"])
def test_bad_amounts_are_refused_with_the_field_named(fw, amount):
    _allocate(fw)
    proposal = make_proposal(fw.call, fw.applicant)
    with pytest.raises(ValidationError) as refused:
        services.ledger_commit(budget=fw.budget, amount=amount, proposal=proposal, actor=fw.office)
    assert "amount" in refused.value.message_dict
    assert not LedgerEntry.objects.filter(kind="commitment").exists()


def test_release_and_payment_never_exceed_the_proposals_open_commitment(fw):
    _allocate(fw)
    first = make_proposal(fw.call, fw.applicant)
    second = make_proposal(fw.call, fw.applicant)
    services.ledger_commit(budget=fw.budget, amount="100.00", proposal=first, actor=fw.office)
    services.ledger_commit(budget=fw.budget, amount="300.00", proposal=second, actor=fw.office)
    services.ledger_pay(budget=fw.budget, amount="60.00", proposal=first, actor=fw.office)
    # The budget has 340 EUR open, but only 40 EUR of them belong to the first proposal.
    with pytest.raises(BudgetExceeded):
        services.ledger_release(budget=fw.budget, amount="40.01", proposal=first, actor=fw.office)
    with pytest.raises(BudgetExceeded):
        services.ledger_pay(budget=fw.budget, amount="40.01", proposal=first, actor=fw.office)
    services.ledger_release(budget=fw.budget, amount="40.00", proposal=first, actor=fw.office)
    own = balances(fw.budget)
    assert (own.committed, own.paid, own.released) == (D("400.00"), D("60.00"), D("40.00"))
    assert own.available == D("600.00") - D("400.00") + D("40.00")


def test_a_return_never_exceeds_what_was_paid_and_is_available_again(fw):
    _allocate(fw)
    proposal = make_proposal(fw.call, fw.applicant)
    services.ledger_commit(budget=fw.budget, amount="100.00", proposal=proposal, actor=fw.office)
    services.ledger_pay(budget=fw.budget, amount="80.00", proposal=proposal, actor=fw.office)
    with pytest.raises(BudgetExceeded):
        services.ledger_return(budget=fw.budget, amount="80.01", proposal=proposal, actor=fw.office)
    services.ledger_return(budget=fw.budget, amount="30.00", proposal=proposal, actor=fw.office)
    assert balances(fw.budget).available == D("530.00")


def test_a_proposal_of_another_programme_is_refused(fw):
    from fachkraefte.web.programmes.models import Programme

    _allocate(fw)
    proposal = make_proposal(fw.call, fw.applicant)
    proposal.call.programme = Programme.objects.get(slug="niedersachsen-fachkraeftebuendnisse")
    with pytest.raises(ValidationError) as refused:
        services.ledger_commit(budget=fw.budget, amount="1.00", proposal=proposal, actor=fw.office)
    assert "proposal" in refused.value.message_dict


def test_a_proposal_to_another_alliances_call_is_refused(fw):
    from fachkraefte.web.alliances.models import Alliance

    _allocate(fw)
    proposal = make_proposal(fw.call, fw.applicant)
    proposal.call.alliance = Alliance.objects.create(
        slug="andere", name="Andere Allianz", programme=fw.programme
    )
    with pytest.raises(ValidationError) as refused:
        services.ledger_commit(budget=fw.budget, amount="1.00", proposal=proposal, actor=fw.office)
    assert "anderen Allianz" in str(refused.value)
    assert not LedgerEntry.objects.filter(kind="commitment").exists()


def test_budget_for_call_finds_the_year_and_earmark_or_a_planning_budget(fw):
    assert budget_for_call(call=fw.call) == fw.budget
    fw.call.budget_year = 2026
    assert budget_for_call(call=fw.call) is None
    planning = services.budget_create(
        programme=fw.programme,
        year=2024,
        alliance=fw.alliance,
        planning_until=2026,
        actor=fw.office,
    )
    assert budget_for_call(call=fw.call) == planning
    fw.call.alliance = None
    assert budget_for_call(call=fw.call) is None


def test_carry_over_is_refused_where_remainders_lapse(fw):
    _allocate(fw)
    with pytest.raises(ValidationError):
        services.budget_carry_over(budget=fw.budget, actor=fw.office)
    assert not Budget.objects.filter(year=2026).exists()


def test_carry_over_moves_the_remainder_into_next_year(fw):
    FundingTerms.objects.filter(programme=fw.programme).update(carries_over=True)
    _allocate(fw)
    proposal = make_proposal(fw.call, fw.applicant)
    services.ledger_commit(budget=fw.budget, amount="250.00", proposal=proposal, actor=fw.office)
    entry = services.budget_carry_over(budget=fw.budget, actor=fw.office)
    assert entry.budget.year == 2026 and entry.budget.alliance == fw.alliance
    assert entry.amount == D("350.00") and entry.source == fw.budget
    assert balances(fw.budget).available == D("0.00")
    assert balances(fw.budget).open_commitments == D("250.00")
    with pytest.raises(ValidationError):
        services.budget_carry_over(budget=fw.budget, actor=fw.office)


def test_planning_budget_is_revised_by_entries_and_not_below_its_commitments(fw):
    planning = fw.budget
    Budget.objects.filter(pk=planning.pk).update(planning_until=2027)
    planning.refresh_from_db()
    services.planning_budget_revise(budget=planning, planned_total="700.00", actor=fw.office)
    assert planned_total(budget=planning) == D("700.00")
    proposal = make_proposal(fw.call, fw.applicant)
    services.ledger_commit(budget=planning, amount="500.00", proposal=proposal, actor=fw.office)
    # The project under-spends: 120 EUR are released, the planning budget is lowered by them.
    services.ledger_release(budget=planning, amount="120.00", proposal=proposal, actor=fw.office)
    entry = services.planning_budget_revise(
        budget=planning, planned_total="580.00", actor=fw.office
    )
    assert entry.budget == fw.pool and entry.source == planning and entry.amount == D("120.00")
    assert planned_total(budget=planning) == D("580.00")
    assert balances(fw.pool).available == D("420.00")
    with pytest.raises(BudgetExceeded):
        services.planning_budget_revise(budget=planning, planned_total="379.99", actor=fw.office)
    assert planned_total(budget=planning) == D("580.00")


def test_only_planning_budgets_are_revised(fw):
    with pytest.raises(ValidationError):
        services.planning_budget_revise(budget=fw.budget, planned_total="5.00", actor=fw.office)
