"""Call pages under /aufrufe/ (public list and call page; drafting, criteria and documents)."""

from django.urls import path

from fachkraefte.web.calls import views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("neu/", views.call_create_choose, name="create_choose"),
    path("neu/<slug:alliance_slug>/", views.call_create, name="create"),
    path("<slug:slug>/", views.call_detail, name="detail"),
    path("<slug:slug>/bearbeiten/", views.call_edit, name="edit"),
    path("<slug:slug>/status/", views.call_transition, name="transition"),
    path("<slug:slug>/kriterien/", views.call_criteria, name="criteria"),
    path("<slug:slug>/kriterien/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path(
        "<slug:slug>/kriterien/<int:pk>/loeschen/",
        views.criterion_delete,
        name="criterion_delete",
    ),
    path("<slug:slug>/dokumente/", views.call_documents, name="documents"),
    path("<slug:slug>/dokumente/<int:pk>/", views.document_download, name="document"),
    path("<slug:slug>/dokumente/<int:pk>/loeschen/", views.document_delete, name="document_delete"),
]
