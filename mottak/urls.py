from django.urls import path

from . import views

app_name = "mottak"
samtale = "<int:mottak_id>/samtale/<int:person_id>/"
urlpatterns = [
    path("", views.start, name="start"),
    path("<int:mottak_id>/oppgaveliste/", views.oppgaveliste, name="oppgaveliste"),
    path("<int:mottak_id>/beboere/", views.beboere, name="beboere"),
    path(
        "<int:mottak_id>/beboere/<int:person_id>/funksjonsrapport/",
        views.funksjonsrapport,
        name="funksjonsrapport",
    ),
    path("<int:mottak_id>/koder/", views.koder, name="koder"),
    path("<int:mottak_id>/mottaksinformasjon/", views.mottaksinformasjon, name="mottaksinformasjon"),
    path("<int:mottak_id>/kontaktinformasjon/", views.kontaktinformasjon, name="kontaktinformasjon"),
    path(samtale, views.samtale, name="samtale"),
    path(samtale + "lagre/<str:del_>/", views.samtale_lagre, name="samtale_lagre"),
    path(samtale + "ferdigstill/", views.ferdigstill, name="ferdigstill"),
    path(samtale + "bosettingsmerknad/", views.bosettingsmerknad, name="bosettingsmerknad"),
    path(
        samtale + "bosettingsmerknad/<int:merknad_id>/slett/",
        views.bosettingsmerknad_slett,
        name="bosettingsmerknad_slett",
    ),
    path(samtale + "intern-merknad/", views.intern_merknad, name="intern_merknad"),
    path(samtale + "varsle-imdi/", views.varsle_imdi, name="varsle_imdi"),
    path(samtale + "behandler/", views.behandler, name="behandler"),
]
