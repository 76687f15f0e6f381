"""Pages of one project's money, included at /projekte/<project_pk>/mittelabrufe/."""

from django.urls import path

from fachkraefte.web.payments import views

app_name = "payments"
urlpatterns = [
    path("", views.project_requests, name="list"),
    path("neu/", views.request_create, name="create"),
    path("rueckzahlung/", views.repayment_create, name="repayment"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.request_edit, name="edit"),
    path("<int:pk>/einreichen/", views.request_submit, name="submit"),
    path("<int:pk>/freigeben/", views.request_approve, name="approve"),
    path("<int:pk>/ablehnen/", views.request_reject, name="reject"),
    path("<int:pk>/auszahlen/", views.request_pay, name="pay"),
]
