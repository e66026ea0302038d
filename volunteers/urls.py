from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("profil/", views.profile_edit, name="profile_edit"),
    path("benachrichtigungen/", views.notifications_edit, name="notifications"),
    path("pause/", views.pause_edit, name="pause"),
    path("pause/beenden/", views.pause_end, name="pause_end"),
]

# The Mitmachen page, public, under /mitmachen/ (namespace "interest").
interest_urlpatterns = [
    path("", views.interest_create_view, name="create"),
    path("danke/", views.interest_thanks, name="thanks"),
]
