from django.urls import path

from . import views

app_name = "fordeling"
urlpatterns = [
    path("fordelinger/", views.fordelinger, name="fordelinger"),
    path("fordelinger/<int:liste_id>/", views.liste, name="liste"),
    path("bosettingsdato/", views.bosettingsdato, name="bosettingsdato"),
    path("bosettingsdato/<int:person_id>/", views.bosettingsdato_registrer, name="bosettingsdato_registrer"),
    path("tilbakemelding/<int:person_id>/", views.tilbakemelding, name="tilbakemelding"),
]
