from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from events.urls import info_evening_urlpatterns
from machmit import views
from machmit.reports import views as report_views
from matching.urls import volunteer_urlpatterns
from volunteers.urls import certificate_urlpatterns, interest_urlpatterns
from volunteers.views import privacy

urlpatterns = [
    path("", views.home, name="home"),
    path("impressum/", TemplateView.as_view(template_name="pages/impressum.html"), name="impressum"),
    path("datenschutz/", privacy, name="privacy"),
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("mein-bereich/", views.dashboard, name="dashboard"),
    path("mein-bereich/kalender/", views.calendar_renew, name="calendar_renew"),
    path("mein-bereich/beenden/", views.volunteering_end_view, name="volunteering_end"),
    path("mein-bereich/stunden/", views.hours, name="hours"),
    path("mein-bereich/meine-daten/", views.my_data, name="my_data"),
    path("mein-bereich/meine-daten.json", views.my_data_download, {"kind": "json"}, name="my_data_json"),
    path("mein-bereich/meine-daten.pdf", views.my_data_download, {"kind": "pdf"}, name="my_data_pdf"),
    path("mein-bereich/konto-loeschen/", views.account_delete_view, name="account_delete"),
    path("mein-bereich/", include("volunteers.urls")),
    path("veranstaltungen/", include("events.urls")),
    path("hilfe/", include("matching.urls")),
    path("mitmachen/", include((interest_urlpatterns, "interest"))),
    path("nachweis/", include((certificate_urlpatterns, "certificate"))),
    path("mitmachen/infoabend/", include((info_evening_urlpatterns, "info_evening"))),
    path("mein-bereich/anfragen/", include((volunteer_urlpatterns, "matches"))),
    path("admin/login/", views.admin_login),
    path("admin/bericht/", admin.site.admin_view(report_views.report), name="report"),
    path("admin/", admin.site.urls),
]

handler400 = "machmit.views.bad_request"
