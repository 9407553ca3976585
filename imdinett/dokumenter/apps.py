from django.apps import AppConfig


class DokumenterConfig(AppConfig):
    name = "imdinett.dokumenter"
    label = "dokumenter"
