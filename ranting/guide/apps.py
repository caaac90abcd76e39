from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "ranting.guide"
    label = "guide"
