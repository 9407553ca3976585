from django.urls import path

from . import views

app_name = "innmelding"
urlpatterns = [
    path("", views.aktive, name="aktive"),
    path("ferdigbehandlede/", views.ferdige, name="ferdige"),
    path("ledige-boliger/", views.ledig_bolig, name="ledig_bolig"),
    path("bestemte-personer/", views.bestemt_person, name="bestemt_person"),
    path("antall-plasser/", views.antall_plasser, name="antall_plasser"),
    path("kapasitet/", views.kapasitet, name="kapasitet"),
    path("<int:innmelding_id>/kanseller/", views.kanseller, name="kanseller"),
]
