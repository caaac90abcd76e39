from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ranting.api"
    label = "ranting_api"
