"""Pages under /projekte/: the lists, each project's page, its budget, milestones and people."""

from django.urls import path

from fachkraefte.web.projects import views, views_parts

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("aus-antrag/<int:proposal_pk>/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/status/", views.project_transition, name="transition"),
    path("<int:pk>/finanzplan/", views.project_budget, name="budget"),
    path("<int:pk>/meilensteine/neu/", views_parts.milestone_form, name="milestone_add"),
    path(
        "<int:pk>/meilensteine/<int:milestone_pk>/",
        views_parts.milestone_form,
        name="milestone_edit",
    ),
    path(
        "<int:pk>/meilensteine/<int:milestone_pk>/erreicht/",
        views_parts.milestone_done,
        name="milestone_done",
    ),
    path("<int:pk>/verantwortliche/", views_parts.people, name="people"),
    path(
        "<int:pk>/verantwortliche/<int:person_pk>/entfernen/",
        views_parts.person_remove,
        name="person_remove",
    ),
]
