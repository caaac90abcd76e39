from django.apps import AppConfig


class ClusterConfig(AppConfig):
    name = "ranting.cluster"
    label = "cluster"
