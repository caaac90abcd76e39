from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "ranting.publication"
    label = "publication"
