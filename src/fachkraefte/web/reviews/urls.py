"""Pages under /begutachtung/: assignments and reviews, the summary and the way to the decision."""

from django.urls import path

from fachkraefte.web.reviews import views, views_decisions

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/erklaerung/", views.review_declare, name="declare"),
    path("<int:pk>/bewertung/", views.review_score, name="score"),
    path("<int:pk>/aufheben/", views.review_lift, name="lift"),
    path("antrag/<int:pk>/", views.proposal_summary, name="summary"),
    path("antrag/<int:pk>/uebersicht.<str:fmt>", views.proposal_summary, name="summary_export"),
    path("antrag/<int:pk>/zuweisen/", views.proposal_assign, name="assign"),
    path("antrag/<int:pk>/tagesordnung/", views_decisions.proposal_agenda, name="agenda"),
    path("antrag/<int:pk>/bescheid/", views_decisions.proposal_external, name="external"),
]
