from django.urls import path

from . import views

app_name = "kommune"
urlpatterns = [
    path("", views.kommuner, name="kommuner"),
    path("<int:pk>/", views.kommune, name="kommune"),
]
