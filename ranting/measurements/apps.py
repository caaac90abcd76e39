from django.apps import AppConfig


class MeasurementsConfig(AppConfig):
    name = "ranting.measurements"
    label = "measurements"
