from django.urls import path

from . import views

app_name = "personer"
urlpatterns = [
    path("", views.sok, name="sok"),
    path("<int:pk>/", views.grunndata, name="grunndata"),
    path("<int:pk>/personliste/", views.personliste_endre, name="personliste"),
    path(
        "<int:pk>/kartleggingsinformasjon.pdf",
        views.kartleggingsinformasjon_pdf,
        name="kartleggingsinformasjon",
    ),
]
