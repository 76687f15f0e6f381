"""Attachments and the submission receipt of a proposal, included by ``proposals.urls``
(namespace ``proposals``) under /antraege/."""

from django.urls import path

from fachkraefte.web.proposals import views_attachments as views

urlpatterns = [
    path("<int:pk>/anlagen/", views.attachment_list, name="attachments"),
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
    path("<int:pk>/eingangsbestaetigung.pdf", views.receipt, name="receipt"),
]
