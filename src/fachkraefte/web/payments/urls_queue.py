"""The office's queue of open payment requests across projects, at /mittelabrufe/."""

from django.urls import path

from fachkraefte.web.payments import views

app_name = "payment_queue"
urlpatterns = [
    path("", views.queue, name="queue"),
]
