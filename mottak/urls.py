from django.urls import path

from . import views

app_name = "mottak"
urlpatterns = [
    path("<int:mottak_id>/mottaksinformasjon/", views.mottaksinformasjon, name="mottaksinformasjon"),
]
