"""Pages under /projekte/berichte/: each report, its review and attachments, the overdue list."""

from django.urls import path

from fachkraefte.web.reporting import views, views_overdue

app_name = "reporting"
urlpatterns = [
    path("ueberfaellig/", views_overdue.overdue, name="overdue"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/pruefen/", views.report_review, name="review"),
    path("<int:pk>/anlagen/", views.attachment_add, name="attachment_add"),
    path(
        "<int:pk>/anlagen/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "<int:pk>/anlagen/<int:attachment_pk>/loeschen/",
        views.attachment_delete,
        name="attachment_delete",
    ),
]
