from django.urls import path

from . import selvregistrering, views

app_name = "kompetanse"
urlpatterns = [
    path("oppgaveliste/", views.oppgaveliste, name="oppgaveliste"),
    path("kartlegging/<int:person_id>/", views.kartlegging, name="kartlegging"),
    path("kartlegging/<int:person_id>/ferdigstill/", views.ferdigstill, name="ferdigstill"),
    path("kartlegging/rad/<slug:type_>/", views.tom_rad, name="tom_rad"),
    # Public: the resident logs in with DUF and a one-time code (no account).
    path("selvregistrering/", selvregistrering.innlogging, name="selvregistrering"),
    path("selvregistrering/skjema/", selvregistrering.skjema, name="selvregistrering_skjema"),
    path("selvregistrering/takk/", selvregistrering.takk, name="selvregistrering_takk"),
]
