from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from matching.urls import volunteer_urlpatterns
from volunteers import views

urlpatterns = [
    path("", views.home, name="home"),
    path("impressum/", TemplateView.as_view(template_name="pages/impressum.html"), name="impressum"),
    path("datenschutz/", TemplateView.as_view(template_name="pages/datenschutz.html"), name="privacy"),
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("mein-bereich/", include("volunteers.urls")),
    path("veranstaltungen/", include("events.urls")),
    path("hilfe/", include("matching.urls")),
    path("mein-bereich/anfragen/", include((volunteer_urlpatterns, "matches"))),
    # Staff log in through allauth too, with its rate limits: no second login form.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", admin.site.urls),
]

handler400 = "machmit.views.bad_request"
