"""Pages under /mein-bereich/benachrichtigungen/."""

from django.urls import path

from fachkraefte.web.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/gelesen/", views.notification_read, name="read"),
]
