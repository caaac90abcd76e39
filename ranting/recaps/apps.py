from django.apps import AppConfig


class RecapsConfig(AppConfig):
    name = "ranting.recaps"
    label = "recaps"
