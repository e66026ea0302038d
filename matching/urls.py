from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("", views.request_create, name="create"),
    path("danke/", views.request_thanks, name="thanks"),
    path("zurueckziehen/", views.request_withdraw_view, name="withdraw"),
    path("zurueckgezogen/", views.request_withdrawn, name="withdrawn"),
    path("flyer/<slug:slug>/", views.flyer, name="flyer"),
]

# A volunteer's proposals and matches, under /mein-bereich/anfragen/ (namespace "matches").
volunteer_urlpatterns = [
    path("", views.match_list, name="list"),
    path("<int:pk>/", views.match_detail, name="detail"),
    path("<int:pk>/annehmen/", views.match_accept_view, name="accept"),
    path("<int:pk>/ablehnen/", views.match_decline_view, name="decline"),
]
