from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("profil/", views.profile_edit, name="profile_edit"),
    path("einwilligung/", views.consent_renew, name="consent"),
    path("benachrichtigungen/", views.notifications_edit, name="notifications"),
    path("pause/", views.pause_edit, name="pause"),
    path("pause/beenden/", views.pause_end, name="pause_end"),
    path("nachweise/neu/", views.certificate_request, name="certificate_request"),
    path("nachweise/<int:pk>.pdf", views.certificate_download, name="certificate_download"),
]

# The Mitmachen page, public, under /mitmachen/ (namespace "interest").
interest_urlpatterns = [
    path("", views.interest_create_view, name="create"),
    path("danke/", views.interest_thanks, name="thanks"),
]

# The verification address printed on every certificate, public, under /nachweis/ (namespace "certificate").
certificate_urlpatterns = [
    path("<slug:code>/", views.certificate_verify, name="verify"),  # token_urlsafe: letters, digits, - and _
]
