from django.urls import path

from fachkraefte.web.pages import views

app_name = "pages"
urlpatterns = [
    path("impressum/", views.public_page, {"slug": "impressum"}, name="impressum"),
    path("datenschutz/", views.public_page, {"slug": "datenschutz"}, name="datenschutz"),
    path(
        "barrierefreiheit/",
        views.public_page,
        {"slug": "barrierefreiheit"},
        name="barrierefreiheit",
    ),
    path("hilfe/", views.public_page, {"slug": "hilfe"}, name="hilfe"),
    path("seiten/", views.page_list, name="list"),
    path("seiten/<slug:slug>/bearbeiten/", views.page_edit, name="edit"),
]
