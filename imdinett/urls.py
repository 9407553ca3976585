from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from imdinett import views
from imdinett.dokumenter.views import dokument_last_ned
from imdinett.hendelser import views as hendelser
from imdinett.integrasjon.api import urlmonstre as api_urlmonstre
from imdinett.organisasjoner import oidc
from imdinett.organisasjoner import views as organisasjoner
from imdinett.organisasjoner.forms import InnloggingSkjema

urlpatterns = [
    path("", views.arbeidsflate, name="arbeidsflate"),
    path("arbeidsflate/endre/", views.arbeidsflate_endre, name="arbeidsflate_endre"),
    path("arbeidsflate/rekkefolge/", views.arbeidsflate_rekkefolge, name="arbeidsflate_rekkefolge"),
    path("hjelp/", views.hjelp, name="hjelp"),
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(
            authentication_form=InnloggingSkjema,
            redirect_authenticated_user=True,
            extra_context={"oidc_navn": settings.OIDC_NAVN},
        ),
        name="login",
    ),
    path("logg-inn/kode/", organisasjoner.tofaktor, name="tofaktor"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("varsler/", hendelser.varsler, name="varsler"),
    path("varsler/les/", hendelser.varsler_les, name="varsler_les"),
    path("brukeradministrasjon/", organisasjoner.brukere, name="brukeradministrasjon"),
    path("brukeradministrasjon/ny/", organisasjoner.bruker_ny, name="bruker_ny"),
    path("brukeradministrasjon/<int:pk>/", organisasjoner.bruker, name="bruker"),
    path("brukeradministrasjon/<int:pk>/aktiv/", organisasjoner.bruker_aktiv, name="bruker_aktiv"),
    path(
        "brukeradministrasjon/<int:pk>/tofaktor/nullstill/",
        organisasjoner.bruker_tofaktor_nullstill,
        name="bruker_tofaktor_nullstill",
    ),
    path("dokumenter/<int:pk>/", dokument_last_ned, name="dokument"),
    path("personer/", include("imdinett.personer.urls")),
    path("kompetanse/", include("imdinett.kompetanse.urls")),
    path("mottak/", include("mottak.urls")),
    path("kommuner/", include("kommune.urls")),
    path("kommuner/<int:kommune_id>/innmeldinger/", include("innmelding.urls")),
    path("kommuner/<int:kommune_id>/", include("fordeling.urls")),
    path("admin/", admin.site.urls),
    path("api/", api_urlmonstre()),
]

# Norwegian error pages in the product's layout: 400, 403 and 404 are Django's views with templates/4xx.html;
# the 500 page is drawn by a handler that cannot fail.
handler500 = views.serverfeil

if settings.OIDC_RP_CLIENT_ID:
    urlpatterns += oidc.urlpatterns
