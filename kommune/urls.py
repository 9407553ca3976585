from django.urls import path

from . import views

app_name = "kommune"
anmodning = "<int:kommune_id>/anmodninger/<int:anmodning_id>/"
urlpatterns = [
    path("", views.start, name="start"),
    path("sok/", views.kommuner, name="sok"),
    path("rapporter/anmodninger-og-vedtak/", views.rapport_nasjonal, name="rapport_nasjonal"),
    path("rapporter/bosetting/", views.rapport_bosetting, name="rapport_bosetting"),
    path("<int:pk>/", views.kommune, name="kommune"),
    path("<int:kommune_id>/oversikt/", views.oversikt, name="oversikt"),
    path("<int:kommune_id>/hendelser/", views.hendelser, name="hendelser"),
    path("<int:kommune_id>/anmodninger/", views.anmodninger, name="anmodninger"),
    path("<int:kommune_id>/anmodninger/historikk/", views.historikk, name="historikk"),
    path("<int:kommune_id>/rapporter/anmodninger-og-vedtak/", views.rapport, name="rapport"),
    path("<int:kommune_id>/rapporter/bosatte/", views.rapport_bosatte, name="rapport_bosatte"),
    path(anmodning, views.anmodning, name="anmodning"),
    path(anmodning + "behandle/", views.anmodning_aapne, name="anmodning_aapne"),
    path(anmodning + "svarfrist/", views.svarfrist, name="svarfrist"),
    path(anmodning + "vedtak/", views.vedtak, name="vedtak"),
]
