from django.apps import AppConfig


class PersonerConfig(AppConfig):
    name = "imdinett.personer"
    label = "personer"
