from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("profil/", views.profile_edit, name="profile_edit"),
    path("benachrichtigungen/", views.notifications_edit, name="notifications"),
]
