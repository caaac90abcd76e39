from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "ranting.analysis"
    label = "analysis"
