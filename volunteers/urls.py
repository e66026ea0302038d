from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profil/", views.profile_edit, name="profile_edit"),
    path("kalender/", views.calendar_renew, name="calendar_renew"),
    path("benachrichtigungen/", views.notifications_edit, name="notifications"),
]
