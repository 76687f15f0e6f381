from django.urls import path

from fachkraefte.web.statistics import views

app_name = "statistics"
urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("datenstaende/", views.vintage_list, name="vintages"),
    path("lohnatlas/", views.wage_atlas_page, name="wages"),
    path("engpaesse/", views.bottlenecks_page, name="bottlenecks"),
]
