from django.urls import path, re_path

from fachkraefte.web.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("berichte/<int:report_pk>/ergebnisse/", views.report_outcomes, name="report"),
    re_path(
        r"^berichte/(?P<report_pk>[0-9]+)/ergebnisse/vorlage\.(?P<fmt>csv|xlsx)$",
        views.report_template,
        name="template",
    ),
    path("berichte/<int:report_pk>/ergebnisse/import/", views.report_import, name="import"),
    path("<int:project_pk>/wirkung/", views.project_effect, name="effect"),
    path("allianz/<slug:slug>/wirkung/", views.alliance_effect, name="alliance_effect"),
]
