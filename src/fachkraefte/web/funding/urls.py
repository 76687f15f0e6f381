"""Funding pages under /foerderung/."""

from django.urls import path

from fachkraefte.web.funding import views

app_name = "funding"

urlpatterns = [
    path("", views.budget_overview, name="overview"),
    path("budget/neu/", views.budget_create, name="budget_create"),
    path("budget/<int:budget_id>/", views.budget_ledger, name="ledger"),
    path("budget/<int:budget_id>/zuweisen/", views.budget_allocate, name="allocate"),
    path("budget/<int:budget_id>/uebertragen/", views.budget_carry_over, name="carry_over"),
    path("budget/<int:budget_id>/planungsbudget/", views.planning_revise, name="planning"),
]
