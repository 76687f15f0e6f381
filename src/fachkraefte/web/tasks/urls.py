from django.urls import path

from fachkraefte.web.tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.task_list, name="list"),
    path("<int:task_id>/", views.task_detail, name="detail"),
    path("<int:task_id>/status/", views.task_status, name="status"),
]
