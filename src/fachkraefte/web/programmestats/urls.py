"""Programme statistics under /foerderstatistik/."""

from django.urls import path

from fachkraefte.web.programmestats import views

app_name = "programmestats"

urlpatterns = [
    path("", views.statistics_page, name="overview"),
    path("bericht.pdf", views.statistics_pdf, name="pdf"),
    path("historische-projekte/", views.historic_upload, name="historic_import"),
]
