from django.apps import AppConfig


class FactsConfig(AppConfig):
    name = "ranting.facts"
    label = "facts"
