from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "ranting.dashboards"
    label = "dashboards"
