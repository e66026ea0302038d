"""The portal's URLs plus the bare reference page."""

from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/bare/", views.bare, name="bench_bare"),
    path("", include("machmit.urls")),
]

handler400 = "machmit.views.bad_request"
