from django.urls import path

from fachkraefte.web.core import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("kreise/", views.district_list, name="districts"),
    path("kreise/<str:ags>/", views.district_detail, name="district"),
]
