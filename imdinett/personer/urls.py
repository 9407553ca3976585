from django.urls import path

from . import views

app_name = "personer"
urlpatterns = [
    path("", views.sok, name="sok"),
    path("<int:pk>/", views.grunndata, name="grunndata"),
    path("<int:pk>/hendelser/", views.hendelser, name="hendelser"),
    path("<int:pk>/personliste/", views.personliste_endre, name="personliste"),
    path("<int:pk>/utskrift/<slug:utskrift>.pdf", views.utskrift, name="utskrift"),
    path("<int:pk>/<slug:seksjon>/", views.seksjon, name="seksjon"),
]
