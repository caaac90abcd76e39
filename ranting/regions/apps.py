from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "ranting.regions"
    label = "regions"
