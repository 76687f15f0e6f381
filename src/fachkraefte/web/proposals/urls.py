"""Pages under /antraege/: my proposals, the intake list, the form and each proposal's page."""

from django.urls import include, path

from fachkraefte.web.proposals import views, views_detail, views_lists

app_name = "proposals"
urlpatterns = [
    path("", views_lists.my_proposals, name="mine"),
    path("eingang/", views_lists.intake, name="intake"),
    path("berufe/", views.occupation_search, name="occupation_search"),
    path("neu/<slug:call_slug>/", views.proposal_new, name="create"),
    path("<int:pk>/", views_detail.proposal_detail, name="detail"),
    path("", include("fachkraefte.web.proposals.urls_attachments")),
    path("<int:pk>/schritt/<int:number>/", views.proposal_step, name="step"),
    path("<int:pk>/einreichen/", views.proposal_submit, name="submit"),
    path("<int:pk>/zurueckziehen/", views_detail.proposal_withdraw, name="withdraw"),
    path("<int:pk>/status/", views_detail.proposal_transition, name="transition"),
    path("<int:pk>/ueberarbeitung/", views_detail.proposal_revision_request, name="revision"),
    path("<int:pk>/fassungen/", views_detail.proposal_versions, name="versions"),
    path("<int:pk>/mitantragstellende/", views_detail.co_applicants, name="co_applicants"),
    path(
        "<int:pk>/mitantragstellende/<int:co_pk>/entfernen/",
        views_detail.co_applicant_remove,
        name="co_applicant_remove",
    ),
]
