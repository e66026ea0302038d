from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("oeffentlich.ics", views.public_feed, name="public_feed"),
    path("kalender/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/anmelden/", views.event_signup, name="signup"),
    path("<int:pk>/abmelden/", views.event_cancel_signup, name="cancel"),
    path("<int:pk>/kalender.ics", views.event_ics, name="ics"),
]

# Information evenings for people without an account, through their invitation's address (namespace
# "info_evening", under /mitmachen/infoabend/).
info_evening_urlpatterns = [
    path("<str:token>/", views.info_evening_signup, name="list"),
]
