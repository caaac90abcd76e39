from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ranting.demo"
    label = "demo"
