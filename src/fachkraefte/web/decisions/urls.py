from django.urls import path  # noqa: F401  (views are added with the app's pages)

app_name = "decisions"
urlpatterns: list = []
