from django.urls import path

from fachkraefte.web.accounts.views import auth, invitations, people, profile

app_name = "accounts"
urlpatterns = [
    path("anmelden/", auth.LoginView.as_view(), name="login"),
    path("abmelden/", auth.LogoutView.as_view(), name="logout"),
    path("passwort-vergessen/", auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        "passwort-vergessen/gesendet/",
        auth.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "passwort-neu/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "passwort-neu/fertig/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profil/", profile.profile, name="profile"),
    path("profil/sprache/", profile.language, name="language"),
    path("profil/passwort/", profile.PasswordChangeView.as_view(), name="password_change"),
    path("profil/token/", profile.token_create, name="token_create"),
    path("profil/token/loeschen/", profile.token_remove, name="token_delete"),
    path("profil/datenexport/", profile.data_export, name="data_export"),
    path("profil/loeschen/", profile.account_delete, name="account_delete"),
    path("einladungen/", invitations.invitation_list, name="invitations"),
    path("einladungen/neu/", invitations.invitation_new, name="invitation_new"),
    path(
        "einladungen/<int:pk>/zurueckziehen/",
        invitations.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path(
        "einladung/<str:token>/",
        invitations.invitation_accept_view,
        name="invitation_accept",
    ),
    path("personen/", people.people_list, name="people"),
    path("personen/<int:pk>/", people.person_detail, name="person"),
    path("personen/<int:pk>/status/", people.person_status, name="person_status"),
]
